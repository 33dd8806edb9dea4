import { parseArgs } from 'node:util';
import type { FaultConfig } from './faults';
import { sensorIdOf, validateSignalFaults } from './signal-faults';

/**
 * The simulator's data-fault options, `--stuck ID:SENSOR[=VALUE]`, `--spike ID:SENSOR[=FROM>TO]`
 * and `--silence ID[,ID...]`, read in one place: the standalone simulator's command line (cli.ts)
 * and the embedded simulator's SIMULATOR_FAULTS variable take the same words, so a demo written
 * for one works with the other.
 */

/** A data-fault option that does not read; the message names the option and the expected shape. */
export class FaultOptionError extends Error {}

const PATIENT_SENSOR = /^(\d{1,9}):([A-Za-z0-9]+)(?:=(\d{1,4})(?:>(\d{1,4}))?)?$/;

/** `ID:SENSOR[=A[>B]]` as a patient, a sensor id and up to two values. */
function patientSensor(option: string, text: string): { id: number; sensor: number; a?: number; b?: number } {
  const match = PATIENT_SENSOR.exec(text);
  const sensor = match === null ? undefined : sensorIdOf(match[2]!);
  if (match === null || sensor === undefined || Number(match[1]) < 1) {
    const shape = option === 'spike' ? 'ID:SENSOR[=FROM>TO]' : 'ID:SENSOR[=VALUE]';
    throw new FaultOptionError(`--${option} must be ${shape} with SENSOR 0..5 or L0..R2, got "${text}"`);
  }
  const parsed: { id: number; sensor: number; a?: number; b?: number } = { id: Number(match[1]), sensor };
  if (match[3] !== undefined) parsed.a = Number(match[3]);
  if (match[4] !== undefined) parsed.b = Number(match[4]);
  return parsed;
}

/** The --stuck, --spike and --silence values as faults per patient, each patient's checked as a whole. */
export function dataFaultsOf(
  stuck: readonly string[],
  spike: readonly string[],
  silence: readonly string[],
): Record<number, FaultConfig> {
  const faults: Record<number, FaultConfig> = {};
  const add = (id: number, fault: FaultConfig): void => {
    faults[id] = { ...faults[id], ...fault };
  };
  for (const text of stuck) {
    const { id, sensor, a, b } = patientSensor('stuck', text);
    if (b !== undefined) throw new FaultOptionError(`--stuck takes one value, got "${text}"`);
    add(id, { stuck: a === undefined ? { sensor } : { sensor, value: a } });
  }
  for (const text of spike) {
    const { id, sensor, a, b } = patientSensor('spike', text);
    if (a !== undefined && b === undefined)
      throw new FaultOptionError(`--spike wants FROM>TO, got "${text}"`);
    add(id, { spike: a === undefined ? { sensor } : { sensor, from: a, to: b! } });
  }
  for (const id of silence.flatMap((list) => list.split(','))) {
    if (!/^\d{1,9}$/.test(id) || Number(id) < 1)
      throw new FaultOptionError(`--silence wants patient ids, got "${id}"`);
    add(Number(id), { silence: true });
  }
  for (const [id, fault] of Object.entries(faults)) {
    try {
      validateSignalFaults(fault);
    } catch (error) {
      throw new FaultOptionError(`patient ${id}: ${(error as Error).message}`);
    }
  }
  return faults;
}

/**
 * Data faults written as command-line words, e.g. `--stuck 3:L1 --spike 2:L0 --silence 6` (the
 * SIMULATOR_FAULTS variable). Only the three data-fault options are accepted here: transport faults
 * (error rate, latency) belong to the standalone simulator, which a test points API_BASE_URL at.
 */
export function parseDataFaultOptions(text: string): Record<number, FaultConfig> {
  const words = text.split(/\s+/).filter((w) => w !== '');
  let values;
  try {
    ({ values } = parseArgs({
      args: words,
      strict: true,
      allowPositionals: false,
      options: {
        stuck: { type: 'string', multiple: true },
        spike: { type: 'string', multiple: true },
        silence: { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    throw new FaultOptionError(
      `${(error as Error).message.split('\n')[0]} (expected --stuck ID:SENSOR[=VALUE], --spike ID:SENSOR[=FROM>TO] or --silence ID[,ID...])`,
    );
  }
  return dataFaultsOf(values.stuck ?? [], values.spike ?? [], values.silence ?? []);
}
