import { dashboardPanels, DASHBOARD, list, readJson, readYaml, record, text } from './deploy-files';

/** The Grafana dashboard's JSON as Grafana's provisioning loads it: panels, queries, data source. */
describe('Grafana dashboard', () => {
  const dashboard = record(readJson(...DASHBOARD), 'dashboard');
  const panels = dashboardPanels();
  const sources = record(readYaml('deploy/grafana/provisioning/datasources/prometheus.yml'), 'datasources');
  const provisioned = list(sources['datasources'], 'datasources').map((d) => record(d, 'datasource'));

  it('is a provisionable dashboard: a uid, a schema version, panels with unique ids on the grid', () => {
    expect(text(dashboard['uid'], 'uid')).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(dashboard['schemaVersion']).toEqual(expect.any(Number));
    // Provisioned read-only: changes go through the repository.
    expect(dashboard['editable']).toBe(false);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const raw of list(dashboard['panels'], 'panels')) {
      const grid = record(record(raw, 'panel')['gridPos'], 'gridPos');
      expect(grid).toEqual({
        x: expect.any(Number),
        y: expect.any(Number),
        w: expect.any(Number),
        h: expect.any(Number),
      });
      expect((grid['x'] as number) + (grid['w'] as number)).toBeLessThanOrEqual(24);
    }
  });

  it('queries the provisioned Prometheus data source by its uid, in every panel and target', () => {
    expect(provisioned).toHaveLength(1);
    const uid = provisioned[0]!['uid'];
    expect(provisioned[0]!['type']).toBe('prometheus');
    for (const panel of panels) {
      expect([panel.title, panel.datasourceUid]).toEqual([panel.title, uid]);
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const target of panel.targets)
        expect([panel.title, target.datasourceUid]).toEqual([panel.title, uid]);
      const refIds = panel.targets.map((t) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
    }
    const variables = list(record(dashboard['templating'], 'templating')['list'], 'templating.list');
    for (const v of variables)
      expect(record(record(v, 'variable')['datasource'], 'datasource')['uid']).toBe(uid);
  });

  it('has the panels issue 16 asks for, each on the metric that measures it', () => {
    const exprsOf = (title: string) => {
      const panel = panels.find((p) => p.title === title);
      if (panel === undefined) throw new Error(`no panel "${title}"`);
      return panel.targets.map((t) => t.expr).join('\n');
    };
    expect(exprsOf('Ingest rate by instance')).toContain('rate(plantar_readings_stored_total');
    expect(exprsOf('Poll failures by kind')).toMatch(
      /sum by \(outcome\) \(rate\(plantar_polls_total\{outcome!~"fresh\|repeat"/,
    );
    expect(exprsOf('Live freshness p99')).toContain('histogram_quantile(0.99');
    expect(exprsOf('Live freshness p99')).toContain('plantar_live_freshness_seconds_bucket');
    expect(exprsOf('Subscribers')).toContain('plantar_graphql_subscriptions');
    expect(exprsOf('Store errors and backlog')).toContain('plantar_store_write_errors_total');
    expect(exprsOf('Lease ownership per instance')).toContain(
      'sum by (instance_id) (plantar_cluster_buckets_owned',
    );
    expect(exprsOf('Archive lag')).toContain('plantar_archive_lag_seconds');
  });

  it('filters every Plantar series by the instance variable', () => {
    for (const panel of panels)
      for (const { expr } of panel.targets)
        for (const m of expr.matchAll(/\b(plantar_[a-z0-9_]+)\{([^}]*)\}/g))
          expect([panel.title, m[1], m[2]]).toEqual([
            panel.title,
            m[1],
            expect.stringContaining('instance_id=~"$instance_id"'),
          ]);
  });
});
