import { Counter } from 'prom-client';
import { createMetrics } from './metrics';

/** The sample lines of an exposition (no HELP/TYPE comments). */
function samples(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

describe('createMetrics', () => {
  it('labels every series with the instance id, including metrics registered later', async () => {
    const metrics = createMetrics(() => ({ LIVE: 2 }), 'plantar-2');
    metrics.pollsFresh.inc(3);
    metrics.stored.inc(5);
    // The archive and MQTT register their metrics on the same registry after it is created.
    new Counter({ name: 'late_total', help: 'registered later', registers: [metrics.registry] }).inc();

    const text = await metrics.registry.metrics();
    expect(text).toContain('plantar_polls_total{outcome="fresh",instance_id="plantar-2"} 3');
    expect(text).toContain('plantar_readings_stored_total{instance_id="plantar-2"} 5');
    expect(text).toContain('plantar_patients{status="LIVE",instance_id="plantar-2"} 2');
    expect(text).toContain('late_total{instance_id="plantar-2"} 1');
    expect(text).toMatch(/^process_cpu_seconds_total\{instance_id="plantar-2"\} /m);
    const unlabelled = samples(text).filter((line) => !line.includes('instance_id="plantar-2"'));
    expect(unlabelled).toEqual([]);
    // Not `instance`: Prometheus sets that to the scrape target and would rename ours.
    expect(text).not.toMatch(/[{,]instance="/);
  });
});
