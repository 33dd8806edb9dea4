import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { History, HistoryBucket, TimeRange } from '../archive/history';

@ObjectType('SensorAggregate', {
  description: 'One sensor over a history bucket; in a bucket of one reading min = max = mean = its value.',
  simpleResolvers: true,
})
export class SensorAggregateType {
  @Field({ description: 'L0 L1 L2 R0 R1 R2.' })
  name!: string;

  @Field(() => Float)
  min!: number;

  @Field(() => Float)
  max!: number;

  @Field(() => Float)
  mean!: number;

  @Field(() => Int, { description: 'Readings with this sensor in the bucket.' })
  count!: number;

  @Field(() => Int, { description: 'Of those, readings with this sensor flagged.' })
  anomalyCount!: number;
}

@ObjectType('HistoryBucket', {
  description: 'Readings of a stretch of time (or one reading, when History.bucketMs is 0).',
  simpleResolvers: true,
})
export class HistoryBucketType {
  @Field({
    description: "Start of the bucket (a multiple of bucketMs since the epoch), or the reading's time.",
  })
  start!: Date;

  @Field(() => Int, { description: 'Readings in the bucket.' })
  count!: number;

  @Field(() => Int, { description: 'Readings with any sensor flagged.' })
  anomalyCount!: number;

  @Field(() => [SensorAggregateType], { description: 'In sensor order.' })
  sensors!: readonly SensorAggregateType[];
}

@ObjectType('TimeRange', { simpleResolvers: true })
export class TimeRangeType {
  @Field()
  from!: Date;

  @Field()
  to!: Date;
}

@ObjectType('History', {
  description:
    "A patient's readings over a range, from the archive and the live window, in at most maxPoints buckets.",
  simpleResolvers: true,
})
export class HistoryType {
  @Field(() => Int, { description: 'Bucket width in ms; 0 when each bucket is one raw reading.' })
  bucketMs!: number;

  @Field(() => [HistoryBucketType], { description: 'Non-empty buckets, oldest first.' })
  buckets!: HistoryBucketType[];

  @Field(() => [TimeRangeType], {
    description:
      'Stretches without readings up to now: over 5 s between raw readings, or whole empty buckets when aggregated.',
  })
  gaps!: TimeRangeType[];
}

/** The domain's sensor figures are served as they are (they carry every field): no copy per sensor. */
function toBucketType(b: HistoryBucket): HistoryBucketType {
  return { start: new Date(b.start), count: b.count, anomalyCount: b.anomalyCount, sensors: b.perSensor };
}

export function toTimeRangeType(r: TimeRange): TimeRangeType {
  return { from: new Date(r.from), to: new Date(r.to) };
}

export function toHistoryType(h: History): HistoryType {
  return { bucketMs: h.bucketMs, buckets: h.buckets.map(toBucketType), gaps: h.gaps.map(toTimeRangeType) };
}
