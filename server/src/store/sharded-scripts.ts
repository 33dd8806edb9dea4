/**
 * A script of ours for the hash-tag layout on a Redis Cluster: every `PUBLISH` becomes `SPUBLISH`
 * (sharded pub/sub, Redis 7: the message stays on the channel's shard instead of being broadcast
 * over the cluster bus to every node) on the patient's channel, plus one on its group's
 * `...:all` channel, which the subscribers of every patient listen to (sharded pub/sub has no
 * patterns). Both channels carry the patient's hash tag, so the script still touches one slot.
 *
 * The one-Redis scripts stay byte for byte what they are: this rewrites a copy, and refuses a
 * script it cannot rewrite fully (a new way of publishing would otherwise go out unsharded and be
 * lost on a cluster).
 */
const PRELUDE = `
local function publish_sharded(channel, payload)
  redis.call('SPUBLISH', channel, payload)
  redis.call('SPUBLISH', (string.gsub(channel, '[^:]+$', 'all')), payload)
end
`;

const PUBLISH_CALL = /redis\.call\('PUBLISH', /g;

export function shardedScript(script: string): string {
  const rewritten = script.replace(PUBLISH_CALL, 'publish_sharded(');
  if (/PUBLISH'/.test(rewritten.replace(/SPUBLISH'/g, ''))) {
    throw new Error('shardedScript: a PUBLISH this rewrite does not recognise is left in the script');
  }
  return `${PRELUDE}${rewritten}`;
}
