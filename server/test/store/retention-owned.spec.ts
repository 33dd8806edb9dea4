import { MemoryStore } from '../../src/store/memory-store';
import { Retention } from '../../src/store/retention';
import { freshMetrics, silentLogger } from '../support/quiet';
import { reading } from '../support/store-contract';

describe('Retention with CLUSTER=on', () => {
  it('trims only the patients this instance owns (their owners trim the others)', async () => {
    const store = new MemoryStore();
    await store.append([reading(1, 1000), reading(1, 5000), reading(2, 1000), reading(2, 5000)]);
    const common = {
      store,
      maxAgeMs: 2000,
      intervalMs: 60_000,
      logger: silentLogger(),
      metrics: freshMetrics(),
    };
    const mine = new Retention({ ...common, owns: (id) => id === 1 });
    expect(await mine.runOnce(6000)).toBe(1);
    expect((await store.readings(1, { last: 10 })).map((r) => r.at)).toEqual([5000]);
    expect((await store.readings(2, { last: 10 })).map((r) => r.at)).toEqual([1000, 5000]);
    expect(await new Retention(common).runOnce(6000)).toBe(1);
    expect((await store.readings(2, { last: 10 })).map((r) => r.at)).toEqual([5000]);
  });
});
