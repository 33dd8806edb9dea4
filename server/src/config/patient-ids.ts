/**
 * Parses a patient id list such as "1-6,9,12-14" (the seed's `IDS = range(1, 7)`, written the way
 * operators type it). Order is kept, duplicates are dropped.
 */
export function parsePatientIds(spec: string): number[] {
  const ids: number[] = [];
  const seen = new Set<number>();
  const add = (id: number) => {
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  };
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (from > to) throw new Error(`range "${part}" runs backwards; write it as ${to}-${from}`);
      if (to - from >= 100_000) throw new Error(`range "${part}" holds more than 100000 ids`);
      for (let id = from; id <= to; id++) add(checkId(id, part));
      continue;
    }
    if (!/^\d+$/.test(part)) {
      throw new Error(`expected a positive integer or a range like 1-6, got "${part}"`);
    }
    add(checkId(Number(part), part));
  }
  if (ids.length === 0) throw new Error('expected at least one patient id, got an empty list');
  return ids;
}

function checkId(id: number, part: string): number {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) {
    throw new Error(`patient id in "${part}" must be an integer 1..2147483647`);
  }
  return id;
}
