import { parseArgs } from 'node:util';
import type { FaultConfig } from './faults';
import { isAnomalyMode } from './gait-model';
import { dataFaultsOf, FaultOptionError } from './data-fault-options';
import { startPushMode } from './push-mode';
import { createSimulator } from './simulator';
import { startSimulatorServer, type SimulatorServerOptions } from './simulator-server';

/**
 * Standalone API simulator:
 *   node server/dist/simulator/cli.js --port 9080 --patients 1000 [--host 127.0.0.1] [--seed 1]
 *     [--error-rate 0.1] [--latency-ms 50] [--latency-jitter-ms 20] [--malformed-rate 0.05]
 *     [--hang-rate 0.01] [--anomaly-mode single-sensor] [--sample-interval-ms 200]
 *     [--stuck 3:L1] [--stuck 4:R1=1023] [--spike 2:L0] [--spike 5:R2=900>100] [--silence 6]
 * The data faults (signal-faults.ts) make each episode rule fire on the chosen patients, for demos:
 * --stuck FLATLINE (at 1023, OUT_OF_RANGE), --spike SPIKE (DROP when FROM > TO), --silence NO_DATA.
 * Push mode, as a device gateway instead of an API to poll (the same recordings):
 *   node server/dist/simulator/cli.js --patients 100 --push http://127.0.0.1:4000 --token <device token>
 */

const USAGE = `usage: simulator [--port 9080] [--host 127.0.0.1] [--patients 6] [--seed 1]
                 [--sample-interval-ms 200] [--anomaly-mode all-sensors|single-sensor]
                 [--error-rate 0..1] [--malformed-rate 0..1] [--hang-rate 0..1]
                 [--latency-ms N] [--latency-jitter-ms N]
                 [--stuck ID:SENSOR[=VALUE]]... [--spike ID:SENSOR[=FROM>TO]]... [--silence ID[,ID...]]...
                 [--push PLANTAR_URL [--token TOKEN]]
  data faults per patient, SENSOR an id 0..5 or a name L0..R2: --stuck opens FLATLINE (at 1023
  OUT_OF_RANGE), --spike SPIKE every 5 s (DROP when FROM > TO), --silence NO_DATA;
  --push: register the patients with Plantar and push their samples each second instead of serving`;

class UsageError extends Error {}

function number(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
  integer: boolean,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new UsageError(
      `--${name} must be ${integer ? 'an integer' : 'a number'} ${min}..${max}, got "${raw}"`,
    );
  }
  return value;
}

/** Where push mode sends, when --push is given. */
export interface PushTarget {
  readonly url: string;
  readonly token: string | undefined;
}

export function parseCliArgs(argv: readonly string[]): SimulatorServerOptions & { push?: PushTarget } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        patients: { type: 'string' },
        seed: { type: 'string' },
        'sample-interval-ms': { type: 'string' },
        'anomaly-mode': { type: 'string' },
        'error-rate': { type: 'string' },
        'malformed-rate': { type: 'string' },
        'hang-rate': { type: 'string' },
        'latency-ms': { type: 'string' },
        'latency-jitter-ms': { type: 'string' },
        stuck: { type: 'string', multiple: true },
        spike: { type: 'string', multiple: true },
        silence: { type: 'string', multiple: true },
        push: { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help === true) throw new UsageError('');
  const mode = v['anomaly-mode'];
  if (mode !== undefined && !isAnomalyMode(mode)) {
    throw new UsageError(`--anomaly-mode must be all-sensors or single-sensor, got "${mode}"`);
  }
  const faults: FaultConfig = {};
  const errorRate = number('error-rate', v['error-rate'], 0, 1, false);
  const malformedRate = number('malformed-rate', v['malformed-rate'], 0, 1, false);
  const hangRate = number('hang-rate', v['hang-rate'], 0, 1, false);
  const latencyMs = number('latency-ms', v['latency-ms'], 0, 600_000, false);
  const latencyJitterMs = number('latency-jitter-ms', v['latency-jitter-ms'], 0, 600_000, false);
  if (errorRate !== undefined) faults.errorRate = errorRate;
  if (malformedRate !== undefined) faults.malformedRate = malformedRate;
  if (hangRate !== undefined) faults.hangRate = hangRate;
  if (latencyMs !== undefined) faults.latencyMs = latencyMs;
  if (latencyJitterMs !== undefined) faults.latencyJitterMs = latencyJitterMs;
  const seedText = v.seed;
  const options: SimulatorServerOptions & { push?: PushTarget } = {
    port: number('port', v.port, 0, 65_535, true) ?? 9080,
    host: v.host ?? '127.0.0.1',
    patients: number('patients', v.patients, 1, 1_000_000, true) ?? 6,
    faults,
  };
  if (seedText !== undefined) options.seed = /^-?\d+$/.test(seedText) ? Number(seedText) : seedText;
  const interval = number('sample-interval-ms', v['sample-interval-ms'], 1, 3_600_000, false);
  if (interval !== undefined) options.sampleIntervalMs = interval;
  if (mode !== undefined) options.anomalyMode = mode;
  let patientFaults;
  try {
    patientFaults = dataFaultsOf(v.stuck ?? [], v.spike ?? [], v.silence ?? []);
  } catch (error) {
    if (error instanceof FaultOptionError) throw new UsageError(error.message);
    throw error;
  }
  if (Object.keys(patientFaults).length > 0) options.patientFaults = patientFaults;
  if (v.token !== undefined && v.push === undefined) throw new UsageError('--token goes with --push');
  if (v.push !== undefined) {
    if (!/^https?:\/\/[^/]+/.test(v.push))
      throw new UsageError(`--push must be Plantar's URL like http://127.0.0.1:4000, got "${v.push}"`);
    options.push = { url: v.push.replace(/\/+$/, ''), token: v.token };
  }
  return options;
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message !== '') console.error(`simulator: ${error.message}`);
    console.error(USAGE);
    process.exitCode = error.message === '' ? 0 : 2;
    return;
  }
  if (options.push !== undefined) {
    const pushing = await startPushMode({
      simulator: createSimulator(options),
      url: options.push.url,
      token: options.push.token,
      log: (line) => console.log(`simulator push: ${line}`),
    });
    const stopPush = (signal: NodeJS.Signals): void => {
      console.log(`${signal}: stopping after ${pushing.pushed} readings pushed`);
      void pushing.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', stopPush);
    process.once('SIGTERM', stopPush);
    return;
  }
  const server = await startSimulatorServer(options);
  console.log(
    `foot-pressure API simulator: ${server.simulator.patientCount} patients at ${server.url}{1..${server.simulator.patientCount}}`,
  );
  console.log(`health: ${server.url.replace(/\/v2\/monitor\/$/, '/healthz')}`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('simulator: close failed', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('simulator:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
