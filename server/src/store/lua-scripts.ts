/**
 * Server-side scripts: each runs atomically in Redis, so a reading's lists and its publication
 * can never be seen half-done, and range reads never straddle a concurrent trim.
 */

/** Binary search over a sorted list of epoch-ms strings: first index whose value >= v. */
const LOWER_BOUND = `
local function lower_bound(key, n, v)
  local lo, hi = 0, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if tonumber(redis.call('LINDEX', key, mid)) < v then lo = mid + 1 else hi = mid end
  end
  return lo
end
local function bounds(key, from, to)
  local n = redis.call('LLEN', key)
  local lo, hi = 0, n
  if from ~= '' then lo = lower_bound(key, n, tonumber(from)) end
  if to ~= '' then hi = lower_bound(key, n, tonumber(to) + 1) end
  if hi < lo then hi = lo end
  return lo, hi, n
end
`;

/**
 * Appends a batch of readings, each published as {"patientId","at","traceId","sensors"}.
 * KEYS, 6 per reading: data, timestamp, trace, anomaly, anomaly_timestamp, anomaly_trace
 * ARGV, 8 per reading: data, timestamp, trace id, anomalous ('1'|'0'), readings channel,
 *   anomalies channel, patient id, sensors JSON ('' when `data` is that JSON)
 * One call per batch rather than one per reading: at thousands of readings a second the client's
 * cost per command (objects, a promise, a reply) outweighed the work. The published JSON is built
 * here so the sensors' JSON crosses the connection once in the default (seed) layout.
 * A reading not newer than the patient's last stored one, or the same sample again (same trace id
 * and data as the last), is skipped: the lists stay in time order (range queries rely on it), and
 * two writers of one patient (a handover between instances, a retried push) never store it twice.
 * Returns how many were stored.
 */
export const APPEND = appendScript(false);

/**
 * APPEND with fencing tokens (CLUSTER=on). The readings come grouped by fence: KEYS and ARGV as
 * above, then per group one key (the bucket's current token) and two arguments (the token the
 * writer holds, '' for unfenced readings such as pushed ones; how many readings of the batch, in
 * order, are the group's), and last the number of groups. A group whose token is older than the
 * bucket's current one is refused: its writer lost the lease and a successor holds it. A GET per
 * group and no per-reading argument: a fenced batch costs about what a plain one does.
 * Returns { stored, index of each refused reading (0-based)... }.
 */
export const APPEND_FENCED = appendScript(true);

function appendScript(fenced: boolean): string {
  // The fence check runs before the freshness check: a refused reading must not count as stored.
  const header = fenced
    ? `
local groups = tonumber(ARGV[#ARGV])
local n = (#KEYS - groups) / 6
local refused = {}
local group, left, allowed = 0, 0, true`
    : `
local n = #KEYS / 6`;
  const fence = fenced
    ? `
  while left == 0 do
    group = group + 1
    local token = ARGV[n * 8 + group * 2 - 1]
    left = tonumber(ARGV[n * 8 + group * 2])
    allowed = token == '' or tonumber(token) >= tonumber(redis.call('GET', KEYS[n * 6 + group]) or '0')
  end
  left = left - 1
  if not allowed then
    fresh = false
    refused[#refused + 1] = i
  end`
    : '';
  return `${header}
local stored = 0
for i = 0, n - 1 do
  local k, a = i * 6, i * 8
  local fresh = true${fence}
  local last = ${fenced ? 'fresh and ' : ''}redis.call('LINDEX', KEYS[k + 2], -1)
  if last then
    if tonumber(last) >= tonumber(ARGV[a + 2]) then
      fresh = false
    elseif ARGV[a + 3] ~= '' and redis.call('LINDEX', KEYS[k + 3], -1) == ARGV[a + 3]
        and redis.call('LINDEX', KEYS[k + 1], -1) == ARGV[a + 1] then
      fresh = false
    end
  end
  if fresh then
  stored = stored + 1
  redis.call('RPUSH', KEYS[k + 1], ARGV[a + 1])
  redis.call('RPUSH', KEYS[k + 2], ARGV[a + 2])
  redis.call('RPUSH', KEYS[k + 3], ARGV[a + 3])
  local sensors = ARGV[a + 8]
  if sensors == '' then sensors = ARGV[a + 1] end
  local payload = '{"patientId":' .. ARGV[a + 7] .. ',"at":' .. ARGV[a + 2] .. ',"traceId":"' .. ARGV[a + 3] .. '","sensors":' .. sensors .. '}'
  if ARGV[a + 4] == '1' then
    redis.call('RPUSH', KEYS[k + 4], ARGV[a + 1])
    redis.call('RPUSH', KEYS[k + 5], ARGV[a + 2])
    redis.call('RPUSH', KEYS[k + 6], ARGV[a + 3])
    redis.call('PUBLISH', ARGV[a + 6], payload)
  end
  redis.call('PUBLISH', ARGV[a + 5], payload)
  end
end
${fenced ? 'table.insert(refused, 1, stored)\nreturn refused' : 'return stored'}
`;
}

/**
 * KEYS: timestamp, data, trace   ARGV: from ('' = open), to ('' = open), last
 * Returns { timestamps, data, traces } of the newest `last` readings in [from, to], oldest first.
 */
export const RANGE = `${LOWER_BOUND}
local lo, hi = bounds(KEYS[1], ARGV[1], ARGV[2])
local last = tonumber(ARGV[3])
if hi - lo > last then lo = hi - last end
if hi <= lo then return {{}, {}, {}} end
return {
  redis.call('LRANGE', KEYS[1], lo, hi - 1),
  redis.call('LRANGE', KEYS[2], lo, hi - 1),
  redis.call('LRANGE', KEYS[3], lo, hi - 1)
}`;

/**
 * KEYS: anomaly_timestamp, anomaly, anomaly_trace   ARGV: from, to, first, before ('' = newest)
 * Returns { total, lo, start, timestamps, data, traces } where the page is positions [start, top).
 */
export const ANOMALY_PAGE = `${LOWER_BOUND}
local lo, hi = bounds(KEYS[1], ARGV[1], ARGV[2])
local top = hi
if ARGV[4] ~= '' then top = math.min(hi, tonumber(ARGV[4])) end
local start = math.max(lo, top - tonumber(ARGV[3]))
if top <= start then return {hi - lo, lo, start, {}, {}, {}} end
return {
  hi - lo, lo, start,
  redis.call('LRANGE', KEYS[1], start, top - 1),
  redis.call('LRANGE', KEYS[2], start, top - 1),
  redis.call('LRANGE', KEYS[3], start, top - 1)
}`;

/** KEYS: anomaly_timestamp   ARGV: since → anomalies at or after since */
export const COUNT_SINCE = `${LOWER_BOUND}
local n = redis.call('LLEN', KEYS[1])
return n - lower_bound(KEYS[1], n, tonumber(ARGV[1]))`;

/** KEYS: timestamp, data, trace   ARGV: cutoff → removed count (from the head, all three lists alike) */
export const TRIM = `${LOWER_BOUND}
local n = redis.call('LLEN', KEYS[1])
local idx = lower_bound(KEYS[1], n, tonumber(ARGV[1]))
if idx > 0 then
  redis.call('LTRIM', KEYS[1], idx, -1)
  redis.call('LTRIM', KEYS[2], idx, -1)
  redis.call('LTRIM', KEYS[3], idx, -1)
end
return idx`;
