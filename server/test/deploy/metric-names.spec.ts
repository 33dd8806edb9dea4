import { DEFAULT_BUCKETS } from '../../src/cluster/rendezvous';
import type { PlantarServer } from '../../src/server';
import { postgresArchive, TEST_DATABASE_URL } from '../support/archive-db';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';
import { alertRules, dashboardPanels, labelsIn, metricNamesIn } from './deploy-files';

/** Series Prometheus makes itself, not the server. */
const PROMETHEUS_OWN = new Set(['up', 'ALERTS']);
/** Labels Prometheus adds at the scrape (the target's), besides the server's own. */
const TARGET_LABELS = new Set(['job', 'instance', 'le']);

/**
 * Every metric the dashboard and the alert rules query is one the server really registers, with
 * the labels they use: renaming a metric breaks this test, not a 3 a.m. page. The registry is the
 * real one of a server running with everything that registers metrics on (cluster, archive, MQTT).
 */
describe('metric names in the dashboard and the alert rules', () => {
  const prefix = uniquePrefix('deploy-metrics');
  const archive = postgresArchive('deploy_metrics');
  let server: PlantarServer | undefined;
  /** Name as queried → the label names it carries. */
  const registered = new Map<string, Set<string>>();

  beforeAll(async () => {
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1',
      SIMULATOR_PATIENTS: '1',
      CLUSTER: 'on',
      INSTANCE_ID: 'deploy-metrics',
      ARCHIVE: 'on',
      DATABASE_URL: TEST_DATABASE_URL,
      ARCHIVE_SCHEMA: archive.schema!,
      MQTT_URL: 'mqtt://127.0.0.1:1883',
      // A group of its own: it takes no message meant for another test's server.
      MQTT_SHARE_GROUP: prefix.replace(/[^A-Za-z0-9_-]/g, '-'),
    });
    for (const metric of await server.services.metrics.registry.getMetricsAsJSON()) {
      const labels = new Set<string>(['instance_id']);
      for (const v of metric.values) for (const l of Object.keys(v.labels)) labels.add(l);
      // The declared enum is numeric; at run time prom-client gives the exposition's type name.
      const type = String(metric.type);
      const names =
        type === 'histogram'
          ? ['_bucket', '_sum', '_count'].map((s) => metric.name + s)
          : type === 'summary'
            ? [metric.name, `${metric.name}_sum`, `${metric.name}_count`]
            : [metric.name];
      for (const name of names) registered.set(name, labels);
    }
    // Declared label names too (a labelled counter has no series before its first event).
    for (const metric of server.services.metrics.registry.getMetricsAsArray()) {
      const declared = (metric as unknown as { labelNames?: readonly string[] }).labelNames ?? [];
      for (const [name, labels] of registered)
        if (name === metric.name || name.startsWith(`${metric.name}_`))
          declared.forEach((l) => labels.add(l));
    }
  });
  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
    await archive.dispose();
  });

  const queries = [
    ...dashboardPanels().flatMap((p) =>
      p.targets.map((t) => ({ where: `panel "${p.title}" ${t.refId}`, expr: t.expr })),
    ),
    ...alertRules().map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
  ];

  it('finds the metrics of the issue among the registered ones', () => {
    for (const name of [
      'plantar_readings_stored_total',
      'plantar_polls_total',
      'plantar_live_freshness_seconds_bucket',
      'plantar_graphql_subscriptions',
      'plantar_store_write_errors_total',
      'plantar_cluster_buckets_owned',
      'plantar_archive_lag_seconds',
      'plantar_mqtt_messages_total',
    ])
      expect([name, registered.has(name)]).toEqual([name, true]);
  });

  it('counts unowned buckets against the number of buckets the server has', () => {
    const rule = alertRules().find((r) => r.alert === 'PlantarBucketsUnowned')!;
    expect(rule.expr).toContain(`sum(plantar_cluster_buckets_owned) < ${DEFAULT_BUCKETS}`);
  });

  it.each(queries)('$where queries registered metrics only', ({ expr }) => {
    const names = metricNamesIn(expr);
    const builtIn = [...PROMETHEUS_OWN].filter((n) => new RegExp(`\\b${n}\\b`).test(expr));
    expect(names.length + builtIn.length).toBeGreaterThan(0);
    for (const name of names) expect([name, registered.has(name)]).toEqual([name, true]);
  });

  it.each(queries)('$where uses labels those metrics carry', ({ expr }) => {
    const names = metricNamesIn(expr);
    for (const { metric, label } of labelsIn(expr)) {
      if (TARGET_LABELS.has(label) || label === 'alertstate') continue;
      // A selector's label belongs to its metric; a grouping label to at least one in the query.
      const owners = metric !== undefined && !PROMETHEUS_OWN.has(metric) ? [metric] : names;
      if (owners.length === 0) continue;
      expect([label, owners.some((m) => registered.get(m)?.has(label))]).toEqual([label, true]);
    }
  });
});
