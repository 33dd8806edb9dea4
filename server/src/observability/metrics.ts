import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Plantar's Prometheus metrics, served at /metrics. One registry per server instance so tests that
 * start several servers in one process do not share counters.
 *
 * With an instance id, every series of the registry (the process metrics and those registered later
 * by the archive and MQTT too) carries it as `instance_id`, so the replicas of a deployment stay
 * apart after aggregation by a proxy or federation. Not `instance`: Prometheus sets that itself to
 * the scrape target's host:port and would rename ours to `exported_instance`.
 */
export function createMetrics(patientStatusCounts?: () => Record<string, number>, instanceId?: string) {
  const registry = new Registry();
  if (instanceId !== undefined) registry.setDefaultLabels({ instance_id: instanceId });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    ...pollingMetrics(registry, patientStatusCounts),
    ...storeMetrics(registry),
    ...liveMetrics(registry),
    ...clusterMetrics(registry),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The poller: requests to the API by outcome and duration, and where the polled patients stand. */
function pollingMetrics(registry: Registry, patientStatusCounts?: () => Record<string, number>) {
  const polls = new Counter({
    name: 'plantar_polls_total',
    help: 'API polls by outcome (fresh, repeat, or a failure kind)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const pollSeconds = new Histogram({
    name: 'plantar_poll_duration_seconds',
    help: 'API request duration',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const patients = new Gauge({
    name: 'plantar_patients',
    help: 'Polled patients by status',
    labelNames: ['status'] as const,
    registers: [registry],
    // Computed when scraped: statuses depend on time passing, not only on events.
    collect() {
      if (patientStatusCounts === undefined) return;
      for (const [status, count] of Object.entries(patientStatusCounts())) this.set({ status }, count);
    },
  });
  // Children bound once: looking labels up on every poll showed in profiles.
  const pollsFresh = polls.labels('fresh');
  const pollsRepeat = polls.labels('repeat');
  return { polls, pollsFresh, pollsRepeat, pollSeconds, patients };
}

/** The store: readings written, waiting (while it is unreachable), dropped and trimmed. */
function storeMetrics(registry: Registry) {
  const stored = new Counter({
    name: 'plantar_readings_stored_total',
    help: 'Readings written to the store',
    registers: [registry],
  });
  const dropped = new Counter({
    name: 'plantar_readings_dropped_total',
    help: 'Readings dropped because the outage buffer of their patient was full',
    registers: [registry],
  });
  const buffered = new Gauge({
    name: 'plantar_readings_buffered',
    help: 'Readings waiting to be written (grows while the store is unreachable)',
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'plantar_store_write_errors_total',
    help: 'Failed store writes',
    registers: [registry],
  });
  const trimmed = new Counter({
    name: 'plantar_readings_trimmed_total',
    help: 'Readings removed by retention',
    registers: [registry],
  });
  return { stored, dropped, buffered, storeErrors, trimmed };
}

/** The live side: GraphQL subscriptions, the WebSocket connections carrying them, their freshness. */
function liveMetrics(registry: Registry) {
  const subscriptions = new Gauge({
    name: 'plantar_graphql_subscriptions',
    help: 'Open GraphQL subscriptions',
    registers: [registry],
  });
  const connections = new Gauge({
    name: 'plantar_ws_connections',
    help: 'Open graphql-ws connections',
    registers: [registry],
  });
  // The server's share of the freshness bench's figure (BENCHMARKS.md, section 2), observed once
  // per shared execution, not per subscriber. Across instances it includes their clock offset.
  const liveFreshness = new Histogram({
    name: 'plantar_live_freshness_seconds',
    help: "Age of a live reading when its subscription event is executed, from the reading's at (received by Plantar)",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { subscriptions, connections, liveFreshness };
}

/** CLUSTER=on: this instance's share of the buckets, its leases, and the writes its fence refused. */
function clusterMetrics(registry: Registry) {
  const bucketsOwned = new Gauge({
    name: 'plantar_cluster_buckets_owned',
    help: 'Patient buckets whose lease this instance holds (CLUSTER=on)',
    registers: [registry],
  });
  const members = new Gauge({
    name: 'plantar_cluster_members',
    help: 'Live instances in the membership list, as this instance last read it (CLUSTER=on)',
    registers: [registry],
  });
  const leaseRenewFailures = new Counter({
    name: 'plantar_cluster_lease_renew_failures_total',
    help: 'Lease renewals that failed: lost to another instance, or Redis not answering (CLUSTER=on)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const fenceRefusals = new Counter({
    name: 'plantar_cluster_fence_refusals_total',
    help: 'Readings not stored because their lease was taken over by another instance (CLUSTER=on)',
    registers: [registry],
  });
  return { bucketsOwned, members, leaseRenewFailures, fenceRefusals };
}
