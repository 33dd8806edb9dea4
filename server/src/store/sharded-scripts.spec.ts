import { ACKNOWLEDGE, ADD_NOTE, REALARM, RECORD } from '../episodes/episode-scripts';
import { APPEND, APPEND_FENCED } from './lua-scripts';
import { shardedScript } from './sharded-scripts';

describe('shardedScript', () => {
  it.each([
    ['APPEND', APPEND],
    ['APPEND_FENCED', APPEND_FENCED],
    ['RECORD', RECORD],
    ['ACKNOWLEDGE', ACKNOWLEDGE],
    ['ADD_NOTE', ADD_NOTE],
    ['REALARM', REALARM],
  ])(
    'leaves no plain PUBLISH in %s: each goes to the patient and group channels with SPUBLISH',
    (_, script) => {
      expect(script).toContain("redis.call('PUBLISH', ");
      const sharded = shardedScript(script);
      expect(sharded).not.toMatch(/[^S]PUBLISH'/);
      expect(sharded.split('publish_sharded(').length - 1).toBe(
        script.split("redis.call('PUBLISH', ").length,
      );
    },
  );

  it('refuses a script publishing in a way it does not rewrite', () => {
    expect(() => shardedScript("redis.call( 'PUBLISH', KEYS[1], 'x')")).toThrow(
      'PUBLISH this rewrite does not recognise',
    );
  });
});
