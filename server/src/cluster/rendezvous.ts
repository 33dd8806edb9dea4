/**
 * Which instance should own a bucket of patients: rendezvous (highest random weight) hashing. Every
 * instance computes the same answer from the same member list, with no coordination beyond it, and
 * a member joining or leaving moves only the buckets it wins or held (~1/N of them).
 */

/** Patients are spread over this many buckets: leases are per bucket, not per patient. */
export const DEFAULT_BUCKETS = 64;

export function bucketOf(patientId: number, buckets = DEFAULT_BUCKETS): number {
  return patientId % buckets;
}

/** FNV-1a over the text, then a final avalanche: a well-spread 32-bit weight. */
function weight(member: string, bucket: number): number {
  let h = 0x811c9dc5;
  const text = `${member}#${bucket}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The member that should own `bucket`; undefined without members. Ties go to the smaller id. */
export function ownerOf(bucket: number, members: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight = -1;
  for (const m of members) {
    const w = weight(m, bucket);
    if (w > bestWeight || (w === bestWeight && best !== undefined && m < best)) {
      best = m;
      bestWeight = w;
    }
  }
  return best;
}

/** The buckets `member` should own among `members`. */
export function bucketsOwnedBy(
  member: string,
  members: readonly string[],
  buckets = DEFAULT_BUCKETS,
): number[] {
  const owned: number[] = [];
  for (let b = 0; b < buckets; b++) if (ownerOf(b, members) === member) owned.push(b);
  return owned;
}
