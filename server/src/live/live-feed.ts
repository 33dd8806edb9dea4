import type { PubSubEngine } from 'graphql-subscriptions';
import type { Reading } from '../readings/reading';
import { topicName, type Topic } from '../store/store';

/**
 * Live readings per patient topic. Subscribing to several patients listens on exactly their topics
 * (one Redis channel each, shared by every subscriber of that patient), never on a firehose that
 * each subscriber would filter.
 */
export class LiveFeed {
  constructor(
    private readonly pubsub: PubSubEngine,
    private readonly prefix: string,
  ) {}

  subscribe(topic: Topic, patientIds: readonly number[]): AsyncIterableIterator<Reading> {
    const triggers = [...new Set(patientIds)].map((id) => topicName(this.prefix, topic, id));
    return this.pubsub.asyncIterableIterator<Reading>(triggers);
  }
}
