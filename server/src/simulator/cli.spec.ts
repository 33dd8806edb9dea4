import { parseCliArgs } from './cli';

describe('simulator CLI arguments', () => {
  it('has defaults matching the standalone use', () => {
    expect(parseCliArgs([])).toEqual({ port: 9080, host: '127.0.0.1', patients: 6, faults: {} });
  });

  it('parses every option', () => {
    expect(
      parseCliArgs([
        '--port',
        '0',
        '--host',
        '0.0.0.0',
        '--patients',
        '1000',
        '--seed',
        '42',
        '--error-rate',
        '0.1',
        '--malformed-rate',
        '0.05',
        '--hang-rate',
        '0.01',
        '--latency-ms',
        '20',
        '--latency-jitter-ms',
        '5',
        '--anomaly-mode',
        'single-sensor',
        '--sample-interval-ms',
        '100',
      ]),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      patients: 1000,
      seed: 42,
      faults: { errorRate: 0.1, malformedRate: 0.05, hangRate: 0.01, latencyMs: 20, latencyJitterMs: 5 },
      anomalyMode: 'single-sensor',
      sampleIntervalMs: 100,
    });
    expect(parseCliArgs(['--seed', 'bench']).seed).toBe('bench');
  });

  it('refuses bad values with a message naming the option', () => {
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(
      '--port must be an integer 0..65535, got "70000"',
    );
    expect(() => parseCliArgs(['--patients', '1.5'])).toThrow(/--patients must be an integer/);
    expect(() => parseCliArgs(['--error-rate', '2'])).toThrow('--error-rate must be a number 0..1, got "2"');
    expect(() => parseCliArgs(['--latency-ms', 'soon'])).toThrow(/--latency-ms must be a number/);
    expect(() => parseCliArgs(['--anomaly-mode', 'some'])).toThrow(
      /--anomaly-mode must be all-sensors or single-sensor/,
    );
    expect(() => parseCliArgs(['--bogus'])).toThrow(/Unknown option '--bogus'/);
  });
});
