import type { Reading } from '../readings/reading';
import { bucketOf } from '../cluster/rendezvous';
import { KEY_GROUPS } from './keys';

/**
 * A batch split by key group (the hash tag of the hash-tag layout, one Redis Cluster slot each),
 * keeping the batch's order within each group: a script call on a cluster may touch one slot only.
 */
export function byKeyGroup(readings: readonly Reading[]): Reading[][] {
  const groups = new Map<number, Reading[]>();
  for (const r of readings) {
    const g = keyGroupOf(r.patientId);
    let group = groups.get(g);
    if (group === undefined) groups.set(g, (group = []));
    group.push(r);
  }
  return [...groups.values()];
}

/** The key group (hash tag `{b<group>}`) of a patient's keys in the hash-tag layout. */
export function keyGroupOf(patientId: number): number {
  return bucketOf(patientId, KEY_GROUPS);
}
