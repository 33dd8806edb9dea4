import { registerEnumType } from 'type-graphql';
import type { sensorFoot } from './reading';

/** The foot a sensor is on, as the domain names it. */
type SensorFoot = ReturnType<typeof sensorFoot>;

/**
 * The GraphQL enum of SensorFoot: each value is the domain's own string, and the `satisfies` makes
 * the compiler reject a foot left out, added, or mapped to the other one.
 */
export const Foot = {
  LEFT: 'LEFT',
  RIGHT: 'RIGHT',
} as const satisfies { [F in SensorFoot]: F };
export type Foot = (typeof Foot)[keyof typeof Foot];

registerEnumType(Foot, { name: 'Foot' });
