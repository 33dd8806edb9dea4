import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { parsePatientIds } from './patient-ids';
import {
  DEFAULT_DETECTOR_CONFIG as D,
  detectorConfigProblems,
  type DetectorConfig,
} from '../episodes/detection';
import { EPISODE_KINDS, SEVERITIES, type EpisodeKind, type Severity } from '../episodes/episode';
import { parseDataFaultOptions } from '../simulator/data-fault-options';
import type { FaultConfig } from '../simulator/faults';

/**
 * Every setting Plantar reads from the environment, parsed and validated once at startup.
 * Names in brackets are the original seed's `conf.py` names. README.md and .env.example document
 * the same table; keep the three in step.
 */
export interface Config {
  /** HTTP and WebSocket port. @default 4000 */
  port: number;
  /** Interface to bind. @default '0.0.0.0' */
  host: string;
  /** Redis connection URL [HOST/PORT]; unset runs the embedded in-process store. @default undefined */
  redisUrl: string | undefined;
  /**
   * A Redis Cluster's seed nodes (REDIS_CLUSTER_NODES, `host:port,...`) instead of REDIS_URL: keys
   * in the hash-tag layout, live messages over sharded pub/sub. @default undefined
   */
  redisClusterNodes: readonly { host: string; port: number }[] | undefined;
  /**
   * Key layout: the seed's (`{id}_data`), or hash-tagged so a patient's keys share one cluster
   * slot (README, "Redis Cluster"). @default 'hash-tag' with REDIS_CLUSTER_NODES, else 'seed'
   */
  keyLayout: 'seed' | 'hash-tag';
  /** Prefix for every Redis key and channel, so several deployments or test runs share one Redis. @default '' */
  keyPrefix: string;
  /** How sensors are written to the Redis data lists: the seed's JSON, or compact CSV (6.5x less memory). @default 'seed' */
  sensorEncoding: 'seed' | 'compact';
  /** Monitoring API base [BASE_URL]; the patient id is appended. Unset runs the embedded simulator. @default undefined */
  apiBaseUrl: string | undefined;
  /** Patients polled at startup [IDS], e.g. "1-6,9". @default [1..6] */
  patientIds: number[];
  /** Period of each patient's poll loop [REQUEST_DELAY]. The real API makes a sample about every 200 ms. @default 200 */
  requestDelayMs: number;
  /** Per-request timeout, headers and body together. @default 2000 */
  requestTimeoutMs: number;
  /** Worker threads doing the HTTP side of polling; 0 polls on the main thread. @default 1 */
  pollThreads: number;
  /** Keep this many seconds of readings [MAX_SEC]. @default 600 */
  maxSec: number;
  /** Seconds between retention passes [CLEAR_DELAY]. @default 60 */
  clearDelaySec: number;
  /** Sensors per reading [SENSOR_NUMBER]. @default 6 */
  sensorCount: number;
  /** 0..1 chance per stored reading to flag one random sensor [ANOMALIES_TRASHOLD], a demo feature. @default 0 */
  anomalySimulationRate: number;
  /** Readings kept per patient while the store is unreachable; older ones are dropped and counted. @default 3000 */
  outageBufferPerPatient: number;
  /** Longest pause between retries of a failing patient. @default 30000 */
  backoffMaxMs: number;
  /** A patient with no fresh sample for this long is reported STALE. @default 5000 */
  staleAfterMs: number;
  /** Patients simulated by the embedded simulator (when API_BASE_URL is unset). @default 6 */
  simulatorPatients: number;
  /**
   * Data faults of the embedded simulator per patient (SIMULATOR_FAULTS, the standalone simulator's
   * `--stuck/--spike/--silence` words), so `npm start` can show every episode rule. @default {}
   */
  simulatorFaults: Readonly<Record<number, FaultConfig>>;
  /** pino level. @default 'info' */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Serve the GraphiQL playground at /graphiql and allow introspection. @default true */
  graphiql: boolean;
  /** Folder of the built dashboard, served at /. @default client/dist/client/browser next to the server */
  clientDir: string | undefined;
  /** Seconds allowed for a graceful shutdown before the process exits anyway. @default 10 */
  shutdownGraceSec: number;
  /** Require bearer tokens on HTTP and WebSocket. Off only on a trusted network: it logs a loud warning. @default true */
  auth: boolean;
  /** HS256 secret (>= 32 characters) that signs tokens. Unset: a random one per process, and a login URL is printed. @default undefined */
  authSecret: string | undefined;
  /** Life of the login token printed at startup. @default 43200 (12 h) */
  loginTokenTtlSec: number;
  /** Origins allowed to open WebSockets besides the server's own (cross-site WebSocket hijacking). @default [] */
  allowedOrigins: string[];
  /** Open WebSockets per client address. @default 50 */
  maxConnectionsPerIp: number;
  /** Mutations per caller per minute. @default 30 */
  mutationsPerMinute: number;
  /** Failed authentications per client address per minute before it is refused outright. @default 20 */
  authFailuresPerMinute: number;
  /** Anomaly episodes and alarms (EPISODES and the detector variables). */
  episodes: EpisodeSettings;
  /** The long-term archive (ARCHIVE, DATABASE_URL, DATA_DIR, retention). */
  archive: ArchiveSettings;
  /**
   * Several instances on one Redis, each patient polled by exactly one (CLUSTER, CLUSTER_LEASE_MS,
   * INSTANCE_ID). @default { enabled: false }
   */
  cluster: { enabled: boolean; leaseMs: number; instanceId: string };
  /**
   * Readings pushed over MQTT (MQTT_URL, MQTT_SHARE_GROUP, MQTT_CLIENT_ID, MQTT_KEEPALIVE_SEC);
   * undefined url = off. @default keepaliveSec 60
   */
  mqtt: { url: string | undefined; shareGroup: string; clientId: string | undefined; keepaliveSec: number };
  /** Gait analytics of every stored patient (steps, cadence, stance, symmetry); off for A/B benches. @default true */
  gait: boolean;
}

export interface ArchiveSettings {
  /** Archive every stored reading and serve history beyond the live window. Off for benches and tests that do not want it. @default true */
  enabled: boolean;
  /** PostgreSQL URL; unset runs embedded PGlite in `dataDir`. @default undefined */
  databaseUrl: string | undefined;
  /** Folder of the embedded database (PGlite). @default undefined (`<repo>/.data`, git-ignored) */
  dataDir: string | undefined;
  /** Schema holding the archive's tables (a shared PostgreSQL, one schema per deployment or test). @default 'public' */
  schema: string;
  /** Days of raw readings kept. @default 365 */
  archiveRetentionDays: number;
  /** Days of per-minute rollups kept (at least the raw retention). @default 3650 */
  rollupRetentionDays: number;
  /** Life of a signed CSV export link. @default 300 */
  exportLinkTtlSec: number;
}

export interface EpisodeSettings {
  /** Run the detectors on stored readings. Off only to measure their cost. @default true */
  enabled: boolean;
  detectors: DetectorConfig;
  /** An acknowledged episode still active this long after acknowledgement alarms again. @default 300000 */
  realarmMs: number;
}

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, `expected an integer ${min}..${max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `expected an integer ${min}..${max}`)
        .max(max, `expected an integer ${min}..${max}`),
    );

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']))
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

/** `host:port,host:port`: a Redis Cluster's seed nodes (any of its masters; the rest are discovered). */
const clusterNodes = z.string().transform((v, ctx) => {
  const nodes: { host: string; port: number }[] = [];
  let bad = false;
  for (const entry of v
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" is not host:port (e.g. redis-1:6379)` });
      bad = true;
      continue;
    }
    nodes.push({ host: match[1]!.replace(/^\[|\]$/g, ''), port });
  }
  if (nodes.length === 0 && !bad) {
    ctx.addIssue({ code: 'custom', message: 'expected at least one host:port' });
  }
  return nodes;
});

/** A comma-separated list of episode kinds (an empty list turns every detector off). */
const kindList = z.string().transform((v, ctx) => {
  const kinds = v
    .split(',')
    .map((k) => k.trim().toUpperCase())
    .filter((k) => k !== '');
  for (const k of kinds) {
    if (!EPISODE_KINDS.includes(k as EpisodeKind)) {
      ctx.addIssue({ code: 'custom', message: `"${k}" is not one of ${EPISODE_KINDS.join(', ')}` });
    }
  }
  return kinds as EpisodeKind[];
});

/** `KIND=LEVEL` pairs, e.g. `SPIKE=MEDIUM,NO_DATA=HIGH`, over the default severities. */
const severityOverrides = z.string().transform((v, ctx) => {
  const overrides: Partial<Record<EpisodeKind, Severity>> = {};
  for (const pair of v
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [kind, level] = pair.split('=').map((x) => x.trim().toUpperCase());
    if (!EPISODE_KINDS.includes(kind as EpisodeKind) || !SEVERITIES.includes(level as Severity)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${pair}" is not KIND=LEVEL with KIND one of ${EPISODE_KINDS.join(', ')} and LEVEL one of ${SEVERITIES.join(', ')}`,
      });
      continue;
    }
    overrides[kind as EpisodeKind] = level as Severity;
  }
  return overrides;
});

/** One entry per variable: its schema and default (as the string an operator would write). */
const variables = {
  PORT: { schema: int(0, 65535), default: '4000' },
  HOST: { schema: z.string().trim().min(1), default: '0.0.0.0' },
  REDIS_URL: { schema: url(['redis:', 'rediss:']), default: undefined },
  REDIS_CLUSTER_NODES: { schema: clusterNodes, default: undefined },
  REDIS_KEY_LAYOUT: { schema: z.enum(['seed', 'hash-tag']), default: undefined },
  REDIS_KEY_PREFIX: {
    schema: z.string().regex(/^[A-Za-z0-9:_.-]*$/, 'expected letters, digits and : _ . - only'),
    default: '',
  },
  STORE_ENCODING: { schema: z.enum(['seed', 'compact']), default: 'seed' },
  API_BASE_URL: { schema: url(['http:', 'https:']), default: undefined },
  PATIENT_IDS: {
    schema: z.string().transform((v, ctx) => {
      try {
        return parsePatientIds(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    }),
    default: '1-6',
  },
  REQUEST_DELAY_MS: { schema: int(10, 3_600_000), default: '200' },
  REQUEST_TIMEOUT_MS: { schema: int(50, 600_000), default: '2000' },
  POLL_THREADS: { schema: int(0, 64), default: '1' },
  MAX_SEC: { schema: int(1, 31 * 24 * 3600), default: '600' },
  CLEAR_DELAY: { schema: int(1, 24 * 3600), default: '60' },
  SENSOR_COUNT: { schema: int(1, 64), default: '6' },
  ANOMALY_SIMULATION_RATE: {
    schema: z
      .string()
      .trim()
      .transform(Number)
      .pipe(z.number({ error: 'expected a number 0..1' }).min(0).max(1)),
    default: '0',
  },
  OUTAGE_BUFFER_PER_PATIENT: { schema: int(0, 1_000_000), default: '3000' },
  BACKOFF_MAX_MS: { schema: int(100, 3_600_000), default: '30000' },
  STALE_AFTER_MS: { schema: int(100, 3_600_000), default: '5000' },
  SIMULATOR_PATIENTS: { schema: int(1, 100_000), default: '6' },
  SIMULATOR_FAULTS: {
    schema: z.string().transform((v, ctx) => {
      try {
        return parseDataFaultOptions(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    }),
    default: '',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
  },
  GRAPHIQL: { schema: bool, default: 'true' },
  CLIENT_DIR: { schema: z.string().trim().min(1), default: undefined },
  SHUTDOWN_GRACE_SEC: { schema: int(1, 600), default: '10' },
  AUTH: { schema: bool, default: 'on' },
  AUTH_SECRET: {
    schema: z.string().min(32, 'expected at least 32 characters (e.g. `openssl rand -base64 32`)'),
    default: undefined,
  },
  LOGIN_TOKEN_TTL_SEC: { schema: int(60, 30 * 24 * 3600), default: '43200' },
  ALLOWED_ORIGINS: {
    schema: z.string().transform((v, ctx) => {
      const origins = v
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== '');
      for (const o of origins) {
        try {
          if (new URL(o).origin !== o) throw new Error();
        } catch {
          ctx.addIssue({ code: 'custom', message: `"${o}" is not an origin like https://ward.example:8443` });
        }
      }
      return origins;
    }),
    default: '',
  },
  MAX_CONNECTIONS_PER_IP: { schema: int(1, 100_000), default: '50' },
  MUTATIONS_PER_MINUTE: { schema: int(1, 100_000), default: '30' },
  AUTH_FAILURES_PER_MINUTE: { schema: int(1, 100_000), default: '20' },
  // Episodes: defaults come from the detectors' own (episodes/detection/detector-config.ts).
  EPISODES: { schema: bool, default: 'on' },
  GAIT: { schema: bool, default: 'on' },
  CLUSTER: { schema: bool, default: 'off' },
  CLUSTER_LEASE_MS: { schema: int(1000, 60_000), default: '5000' },
  INSTANCE_ID: {
    schema: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1..64 letters, digits, . _ or -'),
    default: undefined,
  },
  MQTT_URL: { schema: url(['mqtt:', 'mqtts:', 'ws:', 'wss:']), default: undefined },
  MQTT_SHARE_GROUP: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_-]*$/, 'expected letters, digits, _ and - only (empty: no shared subscription)'),
    default: 'plantar',
  },
  MQTT_CLIENT_ID: { schema: z.string().trim().min(1).max(64), default: undefined },
  MQTT_KEEPALIVE_SEC: { schema: int(1, 3600), default: '60' },
  EPISODE_KINDS: { schema: kindList, default: EPISODE_KINDS.join(',') },
  EPISODE_SEVERITY: { schema: severityOverrides, default: '' },
  EPISODE_PENDING_MS: { schema: int(0, 600_000), default: String(D.flags.pendingMs) },
  EPISODE_CLEAR_MS: { schema: int(1, 600_000), default: String(D.flags.clearMs) },
  RULE_CLEAR_MS: { schema: int(1, 600_000), default: String(D.clearMs) },
  SPIKE_DELTA: { schema: int(1, 1022), default: String(D.spike.delta) },
  SPIKE_BASELINE_MS: { schema: int(200, 60_000), default: String(D.spike.baselineMs) },
  SPIKE_STEADY_BAND: { schema: int(0, 1022), default: String(D.spike.steadyBand) },
  SPIKE_MIN_BASELINE: { schema: int(0, 1023), default: String(D.spike.minBaseline) },
  SPIKE_MAX_BASELINE: { schema: int(0, 1023), default: String(D.spike.maxBaseline) },
  FLATLINE_BAND: { schema: int(0, 1022), default: String(D.flatline.band) },
  FLATLINE_SEC: { schema: int(1, 86_400), default: String(D.flatline.forMs / 1000) },
  FLATLINE_MIN_VALUE: { schema: int(0, 1023), default: String(D.flatline.minValue) },
  FLATLINE_MAX_VALUE: { schema: int(0, 1023), default: String(D.flatline.maxValue) },
  OUT_OF_RANGE_MIN: { schema: int(0, 1023), default: String(D.outOfRange.min) },
  OUT_OF_RANGE_MAX: { schema: int(0, 1023), default: String(D.outOfRange.max) },
  OUT_OF_RANGE_SEC: { schema: int(1, 86_400), default: String(D.outOfRange.forMs / 1000) },
  NO_DATA_SEC: { schema: int(1, 86_400), default: String(D.noData.afterMs / 1000) },
  REALARM_SEC: { schema: int(1, 86_400), default: '300' },
  // The archive (README, "Archive and history").
  ARCHIVE: { schema: bool, default: 'on' },
  DATABASE_URL: { schema: url(['postgres:', 'postgresql:']), default: undefined },
  DATA_DIR: { schema: z.string().trim().min(1), default: undefined },
  ARCHIVE_SCHEMA: {
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected lower-case letters, digits and _ (not first a digit)'),
    default: 'public',
  },
  ARCHIVE_RETENTION_DAYS: { schema: int(1, 36_500), default: '365' },
  ROLLUP_RETENTION_DAYS: { schema: int(1, 36_500), default: '3650' },
  EXPORT_LINK_TTL_SEC: { schema: int(10, 3600), default: '300' },
} as const;

type Variables = typeof variables;
type Parsed = { [K in keyof Variables]: z.output<Variables[K]['schema']> | undefined };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads and validates the configuration. Throws one ConfigError listing every bad variable with
 * the value it got and what it expects, so an operator fixes them all in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { parsed, problems } = parseVariables(env);
  problems.push(...crossCheck(parsed));
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration (see README.md, "Configuration"):\n  ${problems.join('\n  ')}`,
    );
  }
  return toConfig(parsed);
}

/** Each variable parsed on its own (the default when unset or empty), and what was wrong with each. */
function parseVariables(env: NodeJS.ProcessEnv): { parsed: Parsed; problems: string[] } {
  const problems: string[] = [];
  const parsed: Partial<Record<keyof Variables, unknown>> = {};
  for (const name of Object.keys(variables) as (keyof Variables)[]) {
    const spec = variables[name];
    const raw = env[name] === undefined || env[name] === '' ? spec.default : env[name];
    if (raw === undefined) continue;
    const result = spec.schema.safeParse(raw);
    if (result.success) {
      parsed[name] = result.data;
    } else {
      const why = result.error.issues.map((i) => i.message).join('; ');
      problems.push(`${name}=${JSON.stringify(raw)}: ${why}`);
    }
  }
  return { parsed: parsed as Parsed, problems };
}

/** Rules between variables, checked only when both sides parsed (a bad one is reported already). */
function crossCheck(p: Parsed): string[] {
  const problems: string[] = [];
  if (
    p.STALE_AFTER_MS !== undefined &&
    p.REQUEST_DELAY_MS !== undefined &&
    p.STALE_AFTER_MS <= p.REQUEST_DELAY_MS
  ) {
    problems.push(
      `STALE_AFTER_MS=${p.STALE_AFTER_MS} must exceed REQUEST_DELAY_MS=${p.REQUEST_DELAY_MS}, or every patient looks stale`,
    );
  }
  if (p.CLUSTER === true && p.REDIS_URL === undefined && p.REDIS_CLUSTER_NODES === undefined) {
    problems.push(
      'CLUSTER=on needs REDIS_URL or REDIS_CLUSTER_NODES: the instances coordinate through Redis (the in-process store is one instance)',
    );
  }
  problems.push(...redisTargetProblems(p));
  const outside = Object.keys(p.SIMULATOR_FAULTS ?? {})
    .map(Number)
    .filter((id) => p.SIMULATOR_PATIENTS !== undefined && id > p.SIMULATOR_PATIENTS);
  if (outside.length > 0) {
    problems.push(
      `SIMULATOR_FAULTS names patient ${outside.join(', ')}, but the embedded simulator has patients 1..${p.SIMULATOR_PATIENTS} (raise SIMULATOR_PATIENTS)`,
    );
  }
  if (
    p.ARCHIVE_RETENTION_DAYS !== undefined &&
    p.ROLLUP_RETENTION_DAYS !== undefined &&
    p.ROLLUP_RETENTION_DAYS < p.ARCHIVE_RETENTION_DAYS
  ) {
    problems.push(
      `ROLLUP_RETENTION_DAYS=${p.ROLLUP_RETENTION_DAYS} must be at least ARCHIVE_RETENTION_DAYS=${p.ARCHIVE_RETENTION_DAYS}: history past the raw readings is served from the rollups`,
    );
  }
  const failed = DETECTOR_VARIABLES.map(([, variable]) => variable.split(' ')[0]!).filter(
    (variable) => p[variable as keyof Variables] === undefined,
  );
  for (const problem of detectorConfigProblems(detectorsOf(p)).map(inVariableNames)) {
    // A rule about a variable that did not parse would only repeat its default's value.
    if (!failed.some((variable) => problem.includes(variable))) problems.push(problem);
  }
  return problems;
}

/** One Redis or a Redis Cluster, never both; the hash-tag layout wherever slots matter. */
function redisTargetProblems(p: Parsed): string[] {
  const problems: string[] = [];
  if (p.REDIS_CLUSTER_NODES !== undefined && p.REDIS_URL !== undefined) {
    problems.push(
      'REDIS_URL and REDIS_CLUSTER_NODES are both set: unset REDIS_URL to run on the Redis Cluster, or REDIS_CLUSTER_NODES to run on one Redis',
    );
  }
  if (p.REDIS_CLUSTER_NODES !== undefined && p.REDIS_KEY_LAYOUT === 'seed') {
    problems.push(
      "REDIS_KEY_LAYOUT=seed cannot run on a Redis Cluster (REDIS_CLUSTER_NODES): a patient's keys would span slots; unset REDIS_KEY_LAYOUT (hash-tag is the cluster's default)",
    );
  }
  if (p.REDIS_KEY_LAYOUT === 'hash-tag' && p.REDIS_URL === undefined && p.REDIS_CLUSTER_NODES === undefined) {
    problems.push(
      'REDIS_KEY_LAYOUT=hash-tag needs REDIS_URL or REDIS_CLUSTER_NODES (the in-process store has no keys)',
    );
  }
  return problems;
}

/** Which variable sets each detector field, to name it in a message. */
const DETECTOR_VARIABLES: readonly (readonly [field: string, variable: string])[] = [
  ['flags.pendingMs', 'EPISODE_PENDING_MS'],
  ['flags.clearMs', 'EPISODE_CLEAR_MS'],
  ['spike.delta', 'SPIKE_DELTA'],
  ['spike.baselineMs', 'SPIKE_BASELINE_MS'],
  ['spike.steadyBand', 'SPIKE_STEADY_BAND'],
  ['spike.minBaseline', 'SPIKE_MIN_BASELINE'],
  ['spike.maxBaseline', 'SPIKE_MAX_BASELINE'],
  ['flatline.band', 'FLATLINE_BAND'],
  ['flatline.forMs', 'FLATLINE_SEC (in ms)'],
  ['flatline.minValue', 'FLATLINE_MIN_VALUE'],
  ['flatline.maxValue', 'FLATLINE_MAX_VALUE'],
  ['outOfRange.min', 'OUT_OF_RANGE_MIN'],
  ['outOfRange.max', 'OUT_OF_RANGE_MAX'],
  ['outOfRange.forMs', 'OUT_OF_RANGE_SEC (in ms)'],
  ['noData.afterMs', 'NO_DATA_SEC (in ms)'],
  ['clearMs', 'RULE_CLEAR_MS'],
];

function inVariableNames(message: string): string {
  let out = message;
  for (const [field, variable] of DETECTOR_VARIABLES) out = out.split(field).join(variable);
  return out;
}

/**
 * The detectors' configuration. A variable that failed to parse (reported already) stands in with
 * its default, so the rules between the others are still checked in the same pass.
 */
function detectorsOf(p: Parsed): DetectorConfig {
  const kinds = new Set(p.EPISODE_KINDS ?? EPISODE_KINDS);
  return {
    flags: {
      pendingMs: p.EPISODE_PENDING_MS ?? D.flags.pendingMs,
      clearMs: p.EPISODE_CLEAR_MS ?? D.flags.clearMs,
    },
    spike: {
      delta: p.SPIKE_DELTA ?? D.spike.delta,
      baselineMs: p.SPIKE_BASELINE_MS ?? D.spike.baselineMs,
      steadyBand: p.SPIKE_STEADY_BAND ?? D.spike.steadyBand,
      minBaseline: p.SPIKE_MIN_BASELINE ?? D.spike.minBaseline,
      maxBaseline: p.SPIKE_MAX_BASELINE ?? D.spike.maxBaseline,
    },
    flatline: {
      band: p.FLATLINE_BAND ?? D.flatline.band,
      forMs: p.FLATLINE_SEC === undefined ? D.flatline.forMs : p.FLATLINE_SEC * 1000,
      minValue: p.FLATLINE_MIN_VALUE ?? D.flatline.minValue,
      maxValue: p.FLATLINE_MAX_VALUE ?? D.flatline.maxValue,
    },
    outOfRange: {
      min: p.OUT_OF_RANGE_MIN ?? D.outOfRange.min,
      max: p.OUT_OF_RANGE_MAX ?? D.outOfRange.max,
      forMs: p.OUT_OF_RANGE_SEC === undefined ? D.outOfRange.forMs : p.OUT_OF_RANGE_SEC * 1000,
    },
    noData: { afterMs: p.NO_DATA_SEC === undefined ? D.noData.afterMs : p.NO_DATA_SEC * 1000 },
    clearMs: p.RULE_CLEAR_MS ?? D.clearMs,
    severity: { ...D.severity, ...p.EPISODE_SEVERITY },
    enabled: Object.fromEntries(EPISODE_KINDS.map((k) => [k, kinds.has(k)])) as Record<EpisodeKind, boolean>,
  };
}

/**
 * Names the parsed variables as Config fields. Called only when nothing failed, so every variable
 * with a default has a value (hence the `!`); those without one (REDIS_URL, ...) may be undefined.
 */
function toConfig(p: Parsed): Config {
  return {
    port: p.PORT!,
    host: p.HOST!,
    redisUrl: p.REDIS_URL,
    redisClusterNodes: p.REDIS_CLUSTER_NODES,
    keyLayout: p.REDIS_KEY_LAYOUT ?? (p.REDIS_CLUSTER_NODES === undefined ? 'seed' : 'hash-tag'),
    keyPrefix: p.REDIS_KEY_PREFIX ?? '',
    sensorEncoding: p.STORE_ENCODING!,
    apiBaseUrl: p.API_BASE_URL,
    patientIds: p.PATIENT_IDS!,
    requestDelayMs: p.REQUEST_DELAY_MS!,
    requestTimeoutMs: p.REQUEST_TIMEOUT_MS!,
    pollThreads: p.POLL_THREADS!,
    maxSec: p.MAX_SEC!,
    clearDelaySec: p.CLEAR_DELAY!,
    sensorCount: p.SENSOR_COUNT!,
    anomalySimulationRate: p.ANOMALY_SIMULATION_RATE!,
    outageBufferPerPatient: p.OUTAGE_BUFFER_PER_PATIENT!,
    backoffMaxMs: p.BACKOFF_MAX_MS!,
    staleAfterMs: p.STALE_AFTER_MS!,
    simulatorPatients: p.SIMULATOR_PATIENTS!,
    simulatorFaults: p.SIMULATOR_FAULTS ?? {},
    logLevel: p.LOG_LEVEL!,
    graphiql: p.GRAPHIQL!,
    clientDir: p.CLIENT_DIR,
    shutdownGraceSec: p.SHUTDOWN_GRACE_SEC!,
    auth: p.AUTH!,
    authSecret: p.AUTH_SECRET,
    loginTokenTtlSec: p.LOGIN_TOKEN_TTL_SEC!,
    allowedOrigins: p.ALLOWED_ORIGINS ?? [],
    maxConnectionsPerIp: p.MAX_CONNECTIONS_PER_IP!,
    mutationsPerMinute: p.MUTATIONS_PER_MINUTE!,
    authFailuresPerMinute: p.AUTH_FAILURES_PER_MINUTE!,
    gait: p.GAIT!,
    cluster: {
      enabled: p.CLUSTER!,
      leaseMs: p.CLUSTER_LEASE_MS!,
      instanceId:
        p.INSTANCE_ID ??
        `${hostname()
          .replace(/[^A-Za-z0-9._-]/g, '-')
          .slice(0, 40)}-${process.pid}-${randomBytes(2).toString('hex')}`,
    },
    mqtt: {
      url: p.MQTT_URL,
      shareGroup: p.MQTT_SHARE_GROUP ?? 'plantar',
      clientId: p.MQTT_CLIENT_ID,
      keepaliveSec: p.MQTT_KEEPALIVE_SEC!,
    },
    episodes: { enabled: p.EPISODES!, detectors: detectorsOf(p), realarmMs: p.REALARM_SEC! * 1000 },
    archive: {
      enabled: p.ARCHIVE!,
      databaseUrl: p.DATABASE_URL,
      dataDir: p.DATA_DIR,
      schema: p.ARCHIVE_SCHEMA!,
      archiveRetentionDays: p.ARCHIVE_RETENTION_DAYS!,
      rollupRetentionDays: p.ROLLUP_RETENTION_DAYS!,
      exportLinkTtlSec: p.EXPORT_LINK_TTL_SEC!,
    },
  };
}
