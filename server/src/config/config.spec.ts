import { DEFAULT_DETECTOR_CONFIG } from '../episodes/detection';
import { ConfigError, loadConfig } from './config';
import { parsePatientIds } from './patient-ids';

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 4000,
      redisUrl: undefined,
      apiBaseUrl: undefined,
      patientIds: [1, 2, 3, 4, 5, 6],
      requestDelayMs: 200,
      requestTimeoutMs: 2000,
      maxSec: 600,
      clearDelaySec: 60,
      sensorCount: 6,
      anomalySimulationRate: 0,
      keyPrefix: '',
    });
  });

  it('reads every documented variable', () => {
    const c = loadConfig({
      PORT: '8080',
      REDIS_URL: 'redis://cache:6379/2',
      API_BASE_URL: 'http://api.example/v2/monitor/',
      PATIENT_IDS: '1-3,9',
      REQUEST_DELAY_MS: '300',
      MAX_SEC: '300',
      CLEAR_DELAY: '30',
      ANOMALY_SIMULATION_RATE: '0.5',
      REDIS_KEY_PREFIX: 'ward7:',
      GRAPHIQL: 'off',
    });
    expect(c).toMatchObject({
      port: 8080,
      redisUrl: 'redis://cache:6379/2',
      apiBaseUrl: 'http://api.example/v2/monitor/',
      patientIds: [1, 2, 3, 9],
      requestDelayMs: 300,
      maxSec: 300,
      clearDelaySec: 30,
      anomalySimulationRate: 0.5,
      keyPrefix: 'ward7:',
      graphiql: false,
    });
  });

  it('names every bad variable, the value and the fix, in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        REDIS_URL: 'localhost:6379',
        ANOMALY_SIMULATION_RATE: '2',
        PATIENT_IDS: '6-1',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT="eighty": expected an integer 0..65535');
    expect(message).toContain(
      'REDIS_URL="localhost:6379": expected a URL starting with redis:// or rediss://',
    );
    expect(message).toContain('ANOMALY_SIMULATION_RATE="2"');
    expect(message).toContain('PATIENT_IDS="6-1": range "6-1" runs backwards; write it as 1-6');
  });

  it('refuses a stale threshold the poll period could never meet', () => {
    expect(() => loadConfig({ REQUEST_DELAY_MS: '1000', STALE_AFTER_MS: '500' })).toThrow(
      /STALE_AFTER_MS=500 must exceed/,
    );
  });

  it("builds the detectors' configuration from its variables, defaults from the detectors", () => {
    const { episodes } = loadConfig({
      SPIKE_DELTA: '500',
      FLATLINE_SEC: '30',
      EPISODE_KINDS: 'anomaly, no_data',
      EPISODE_SEVERITY: 'NO_DATA=HIGH',
    });
    expect(episodes.enabled).toBe(true);
    expect(episodes.detectors.spike.delta).toBe(500);
    expect(episodes.detectors.flatline.forMs).toBe(30_000);
    expect(episodes.detectors.flags).toEqual(DEFAULT_DETECTOR_CONFIG.flags);
    expect(episodes.detectors.severity).toMatchObject({ NO_DATA: 'HIGH', ANOMALY: 'HIGH', SPIKE: 'LOW' });
    expect(episodes.detectors.enabled).toEqual({
      ANOMALY: true,
      SPIKE: false,
      DROP: false,
      FLATLINE: false,
      NO_DATA: true,
      OUT_OF_RANGE: false,
    });
    expect(episodes.realarmMs).toBe(300_000);
    expect(loadConfig({ EPISODES: 'off' }).episodes.enabled).toBe(false);
  });

  it('refuses detector settings that make no sense, naming each variable', () => {
    let message = '';
    try {
      loadConfig({
        SPIKE_DELTA: '-5',
        EPISODE_PENDING_MS: '3000',
        EPISODE_CLEAR_MS: '2000',
        EPISODE_KINDS: 'ANOMALY,BOGUS',
        EPISODE_SEVERITY: 'SPIKE=URGENT',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('SPIKE_DELTA="-5": expected an integer 1..1022');
    expect(message).toMatch(/EPISODE_PENDING_MS \(3000\) must be shorter than EPISODE_CLEAR_MS \(2000\)/);
    expect(message).toContain('"BOGUS" is not one of ANOMALY');
    expect(message).toContain('"SPIKE=URGENT" is not KIND=LEVEL');
  });

  it("reads the embedded simulator's data faults in the standalone simulator's words", () => {
    const c = loadConfig({ SIMULATOR_FAULTS: '--stuck 3:L1 --spike 2:R2=900>100  --silence 5,6' });
    expect(c.simulatorFaults).toEqual({
      2: { spike: { sensor: 5, from: 900, to: 100 } },
      3: { stuck: { sensor: 1 } },
      5: { silence: true },
      6: { silence: true },
    });
    expect(loadConfig({}).simulatorFaults).toEqual({});
  });

  it('refuses data faults that do not read or name patients the simulator lacks, with the rest', () => {
    expect(() => loadConfig({ SIMULATOR_FAULTS: '--stuck 3' })).toThrow(
      /SIMULATOR_FAULTS.*--stuck must be ID:SENSOR\[=VALUE\] with SENSOR 0..5 or L0..R2, got "3"/,
    );
    expect(() => loadConfig({ SIMULATOR_FAULTS: '--latency 50' })).toThrow(
      /SIMULATOR_FAULTS.*expected --stuck/,
    );
    const error = (() => {
      try {
        loadConfig({ SIMULATOR_FAULTS: '--silence 9', PORT: 'x' });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toMatch(/PORT/);
    expect(error?.message).toMatch(
      /SIMULATOR_FAULTS names patient 9, but the embedded simulator has patients 1..6/,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ REDIS_URL: '', PORT: '' }).redisUrl).toBeUndefined();
  });
});

describe('parsePatientIds', () => {
  it('reads ranges and lists, keeping order and dropping repeats', () => {
    expect(parsePatientIds('1-3, 9,2 ,12-13')).toEqual([1, 2, 3, 9, 12, 13]);
  });

  it('refuses what is not an id', () => {
    expect(() => parsePatientIds('0')).toThrow('must be an integer 1..2147483647');
    expect(() => parsePatientIds('a')).toThrow('expected a positive integer or a range like 1-6, got "a"');
    expect(() => parsePatientIds(' , ')).toThrow('at least one');
    expect(() => parsePatientIds('1-1000000')).toThrow('more than 100000');
  });
});
