import { Field, Int, ObjectType } from 'type-graphql';
import { ReadingType } from '../readings/reading.type';

@ObjectType('PageInfo', { simpleResolvers: true })
export class PageInfoType {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('AnomalyEdge', { simpleResolvers: true })
export class AnomalyEdgeType {
  @Field()
  cursor!: string;

  @Field(() => ReadingType)
  node!: ReadingType;
}

@ObjectType('AnomalyConnection', {
  description: 'Anomalous readings, newest first.',
  simpleResolvers: true,
})
export class AnomalyConnectionType {
  @Field(() => [AnomalyEdgeType])
  edges!: AnomalyEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'Anomalous readings in [from, to], all pages together.' })
  totalCount!: number;
}
