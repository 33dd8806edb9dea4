import { registerEnumType } from 'type-graphql';
import type { EpisodeEventType, EpisodeKind, EpisodeStatus, Severity } from './episode';

/*
 * GraphQL enums whose values are the domain's own strings: the `satisfies` makes the compiler
 * reject a value left out, added, or mapped to another one, so no casts join them.
 */

export const EpisodeKindEnum = {
  ANOMALY: 'ANOMALY',
  SPIKE: 'SPIKE',
  DROP: 'DROP',
  FLATLINE: 'FLATLINE',
  NO_DATA: 'NO_DATA',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
} as const satisfies { [K in EpisodeKind]: K };
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

export const SeverityEnum = { HIGH: 'HIGH', MEDIUM: 'MEDIUM', LOW: 'LOW' } as const satisfies {
  [K in Severity]: K;
};
registerEnumType(SeverityEnum, { name: 'Severity', description: 'How urgent an episode is, by kind.' });

export const EpisodeStatusEnum = {
  ACTIVE_UNACKNOWLEDGED: 'ACTIVE_UNACKNOWLEDGED',
  ACTIVE_ACKNOWLEDGED: 'ACTIVE_ACKNOWLEDGED',
  CLEARED_UNACKNOWLEDGED: 'CLEARED_UNACKNOWLEDGED',
  CLEARED_ACKNOWLEDGED: 'CLEARED_ACKNOWLEDGED',
} as const satisfies { [K in EpisodeStatus]: K };
registerEnumType(EpisodeStatusEnum, {
  name: 'EpisodeStatus',
  description:
    'Active or cleared, acknowledged or not. A cleared episode stays unacknowledged until someone acknowledges it.',
});

export const EpisodeEventTypeEnum = {
  OPENED: 'OPENED',
  UPDATED: 'UPDATED',
  CLEARED: 'CLEARED',
  ACKNOWLEDGED: 'ACKNOWLEDGED',
  REALARMED: 'REALARMED',
} as const satisfies { [K in EpisodeEventType]: K };
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
