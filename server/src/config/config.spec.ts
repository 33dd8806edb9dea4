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
