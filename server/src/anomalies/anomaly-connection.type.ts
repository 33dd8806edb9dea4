import { Field, Int, ObjectType } from 'type-graphql';
import type { Reading } from '../readings/reading';
import { ReadingType, toReadingType } from '../readings/reading.type';

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

/** A page of readings, each with its opaque cursor, as a connection. */
export function toAnomalyConnection(
  items: readonly { readonly cursor: string; readonly reading: Reading }[],
  hasNextPage: boolean,
  totalCount: number,
): AnomalyConnectionType {
  const edges = items.map(({ cursor, reading }) => ({ cursor, node: toReadingType(reading) }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}
