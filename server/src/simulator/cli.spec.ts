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

  it('takes data faults on chosen patients, a sensor by id or name', () => {
    expect(
      parseCliArgs([
        '--stuck',
        '3:L1',
        '--stuck',
        '4:5=1023',
        '--spike',
        '3:r0',
        '--spike',
        '2:L2=900>100',
        '--silence',
        '5,6',
      ]).patientFaults,
    ).toEqual({
      2: { spike: { sensor: 2, from: 900, to: 100 } },
      3: { stuck: { sensor: 1 }, spike: { sensor: 3 } },
      4: { stuck: { sensor: 5, value: 1023 } },
      5: { silence: true },
      6: { silence: true },
    });
    expect(() => parseCliArgs(['--stuck', '3:Z9'])).toThrow(/--stuck must be ID:SENSOR\[=VALUE\]/);
    expect(() => parseCliArgs(['--stuck', '3:L1=2000'])).toThrow(
      /patient 3: fault stuck.value must be an integer 0..1023/,
    );
    expect(() => parseCliArgs(['--spike', '3:L1=500'])).toThrow(/--spike wants FROM>TO/);
    expect(() => parseCliArgs(['--silence', 'all'])).toThrow(/--silence wants patient ids/);
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
