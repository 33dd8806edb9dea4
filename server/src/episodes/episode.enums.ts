import { registerEnumType } from 'type-graphql';
import type { EpisodeEventType, EpisodeKind, EpisodeStatus, Severity } from './episode';

/** GraphQL enums whose values are the domain's own strings: no mapping, no casts. */
function enumOf<T extends string>(values: Record<T, T>): Record<T, T> {
  return values;
}

export const EpisodeKindEnum = enumOf<EpisodeKind>({
  ANOMALY: 'ANOMALY',
  SPIKE: 'SPIKE',
  DROP: 'DROP',
  FLATLINE: 'FLATLINE',
  NO_DATA: 'NO_DATA',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
});
registerEnumType(EpisodeKindEnum, {
  name: 'EpisodeKind',
  description: 'What kind of trouble an episode is.',
  valuesConfig: {
    ANOMALY: { description: 'The monitoring API flagged sensors (consecutive flagged readings).' },
    SPIKE: { description: 'A sensor jumped up from a steady value.' },
    DROP: { description: 'A sensor fell from a steady value.' },
    FLATLINE: { description: 'A loaded sensor stuck at one value: a broken insole.' },
    NO_DATA: { description: 'No fresh reading for a while although the patient is monitored.' },
    OUT_OF_RANGE: { description: 'A sensor outside its allowed band for a long time (sustained pressure).' },
  },
});

export const SeverityEnum = enumOf<Severity>({ HIGH: 'HIGH', MEDIUM: 'MEDIUM', LOW: 'LOW' });
registerEnumType(SeverityEnum, { name: 'Severity', description: 'How urgent an episode is, by kind.' });

export const EpisodeStatusEnum = enumOf<EpisodeStatus>({
  ACTIVE_UNACKNOWLEDGED: 'ACTIVE_UNACKNOWLEDGED',
  ACTIVE_ACKNOWLEDGED: 'ACTIVE_ACKNOWLEDGED',
  CLEARED_UNACKNOWLEDGED: 'CLEARED_UNACKNOWLEDGED',
  CLEARED_ACKNOWLEDGED: 'CLEARED_ACKNOWLEDGED',
});
registerEnumType(EpisodeStatusEnum, {
  name: 'EpisodeStatus',
  description:
    'Active or cleared, acknowledged or not. A cleared episode stays unacknowledged until someone acknowledges it.',
});

export const EpisodeEventTypeEnum = enumOf<EpisodeEventType>({
  OPENED: 'OPENED',
  UPDATED: 'UPDATED',
  CLEARED: 'CLEARED',
  ACKNOWLEDGED: 'ACKNOWLEDGED',
  REALARMED: 'REALARMED',
});
registerEnumType(EpisodeEventTypeEnum, {
  name: 'EpisodeEventType',
  valuesConfig: {
    UPDATED: {
      description: 'More readings, sensors or a note (published at most once a second per episode).',
    },
    REALARMED: {
      description: 'Acknowledged but still active after the re-alarm interval: unacknowledged again.',
    },
  },
});
