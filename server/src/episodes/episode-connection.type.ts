import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfoType } from '../anomalies/anomaly-connection.type';
import { EpisodeType } from './episode.type';

@ObjectType('EpisodeEdge', { simpleResolvers: true })
export class EpisodeEdgeType {
  @Field()
  cursor!: string;

  @Field(() => EpisodeType)
  node!: EpisodeType;
}

@ObjectType('EpisodeConnection', { description: 'Episodes, newest first.', simpleResolvers: true })
export class EpisodeConnectionType {
  @Field(() => [EpisodeEdgeType])
  edges!: EpisodeEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'Episodes matching the filters, all pages together.' })
  totalCount!: number;
}
