/**
 * Redis scripts of the episode store. Each runs atomically, so the detector's writes (`core`) and
 * the people's (acknowledgement, notes) never interleave half-done, and each change is published
 * from the same step that stores it.
 *
 * Per episode: HASH `{p}episode:{id}` with `core` (EpisodeCore as JSON, written only by the
 * patient's owner), `ackAt`, `ackBy`; LIST `{p}episode:{id}:notes` of note JSON. Indexes (ZSET by
 * startedAt): `{p}episodes`, `{p}{pid}_episodes`, unacknowledged `{p}episodes:unacked` and
 * `{p}{pid}_episodes_unacked`; SET `{p}{pid}_episodes_active`. STRING `{p}{pid}_detector`: the
 * patient's detector state.
 */

/** An event's JSON, as the subscribers' decoder (episode-codec.ts) reads it. */
const EVENT_JSON = `
local function event_json(kind, core, ack_at, ack_by, notes)
  local by = 'null'
  if ack_by then by = cjson.encode(ack_by) end
  return '{"type":"' .. kind .. '","core":' .. core .. ',"ackAt":' .. (ack_at or 'null') ..
    ',"ackBy":' .. by .. ',"notes":[' .. table.concat(notes, ',') .. ']}'
end
`;

/**
 * KEYS: episodes, episodes:unacked, {pid}_episodes, {pid}_episodes_unacked, {pid}_episodes_active,
 *   {pid}_detector, then per change: episode hash, notes list
 * ARGV: state JSON ('' = keep), channel, then per change: id, startedAt, ended ('1'|'0'), core, event ('' = none)
 */
export const RECORD = `${EVENT_JSON}
if ARGV[1] ~= '' then redis.call('SET', KEYS[6], ARGV[1]) end
local n = (#ARGV - 2) / 5
for i = 0, n - 1 do
  local a, k = 2 + i * 5, 6 + i * 2
  local id, started, ended, core, kind = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
  local hash, notes = KEYS[k + 1], KEYS[k + 2]
  local fresh = redis.call('HSETNX', hash, 'core', core) == 1
  if not fresh then redis.call('HSET', hash, 'core', core) end
  redis.call('ZADD', KEYS[1], started, id)
  redis.call('ZADD', KEYS[3], started, id)
  if ended == '1' then redis.call('SREM', KEYS[5], id) else redis.call('SADD', KEYS[5], id) end
  -- Unacknowledged from its first write on; a replayed OPENED of an acknowledged one stays acknowledged.
  if fresh then
    redis.call('ZADD', KEYS[2], started, id)
    redis.call('ZADD', KEYS[4], started, id)
  end
  if kind ~= '' then
    local ack = redis.call('HMGET', hash, 'ackAt', 'ackBy')
    redis.call('PUBLISH', ARGV[2], event_json(kind, core, ack[1], ack[2], redis.call('LRANGE', notes, 0, -1)))
  end
end
return n`;

/**
 * KEYS: episode hash, notes list, episodes:unacked, {pid}_episodes_unacked
 * ARGV: at, by, note JSON ('' = none), channel, id
 * Returns {0} unknown, {2, core, ackAt, ackBy, notes…} already acknowledged, {1, …} acknowledged now.
 */
export const ACKNOWLEDGE = `${EVENT_JSON}
local core = redis.call('HGET', KEYS[1], 'core')
if not core then return {0} end
local ack = redis.call('HMGET', KEYS[1], 'ackAt', 'ackBy')
if ack[1] then
  return {2, core, ack[1], ack[2], unpack(redis.call('LRANGE', KEYS[2], 0, -1))}
end
redis.call('HSET', KEYS[1], 'ackAt', ARGV[1], 'ackBy', ARGV[2])
if ARGV[3] ~= '' then redis.call('RPUSH', KEYS[2], ARGV[3]) end
redis.call('ZREM', KEYS[3], ARGV[5])
redis.call('ZREM', KEYS[4], ARGV[5])
local notes = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('PUBLISH', ARGV[4], event_json('ACKNOWLEDGED', core, ARGV[1], ARGV[2], notes))
return {1, core, ARGV[1], ARGV[2], unpack(notes)}`;

/**
 * KEYS: episode hash, notes list   ARGV: note JSON, channel
 * Returns {} unknown, or {core, ackAt, ackBy, notes…}.
 */
export const ADD_NOTE = `${EVENT_JSON}
local core = redis.call('HGET', KEYS[1], 'core')
if not core then return {} end
redis.call('RPUSH', KEYS[2], ARGV[1])
local ack = redis.call('HMGET', KEYS[1], 'ackAt', 'ackBy')
local notes = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('PUBLISH', ARGV[2], event_json('UPDATED', core, ack[1], ack[2], notes))
return {core, ack[1] or '', ack[2] or '', unpack(notes)}`;

/**
 * KEYS: episode hash, notes list, episodes:unacked, {pid}_episodes_unacked
 * ARGV: acknowledged at or before (epoch ms), channel, id
 * Returns {} when nothing changed, or {core, notes…} of the re-alarmed episode.
 */
export const REALARM = `${EVENT_JSON}
local core = redis.call('HGET', KEYS[1], 'core')
if not core then return {} end
local ack = redis.call('HGET', KEYS[1], 'ackAt')
if not ack or tonumber(ack) > tonumber(ARGV[1]) then return {} end
local decoded = cjson.decode(core)
if decoded.endedAt ~= cjson.null then return {} end
redis.call('HDEL', KEYS[1], 'ackAt', 'ackBy')
redis.call('ZADD', KEYS[3], decoded.startedAt, ARGV[3])
redis.call('ZADD', KEYS[4], decoded.startedAt, ARGV[3])
local notes = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('PUBLISH', ARGV[2], event_json('REALARMED', core, false, false, notes))
return {core, unpack(notes)}`;
