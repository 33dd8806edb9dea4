import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { dashboardPanels, repoPath, withGrafanaVariables } from './deploy-files';

/**
 * The scaled profile's configuration through the tools that will load it: Prometheus' promtool
 * (config, rules, the rules' unit tests, the dashboard's queries) and HAProxy's own check. Both are
 * Debian packages that .ci/run installs when absent (`apt-get install prometheus haproxy`).
 */
function run(tool: string, args: string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync(tool, args, { cwd, encoding: 'utf8', timeout: 30_000 });
  if (result.error !== undefined)
    throw new Error(
      `${tool} could not run (${result.error.message}); install it: apt-get install prometheus haproxy`,
    );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Debian puts haproxy in /usr/sbin, which a non-root PATH may lack. */
const HAPROXY = existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';

describe('promtool and haproxy on the deploy files', () => {
  const prometheusDir = repoPath('deploy', 'prometheus');

  it('promtool check config: prometheus.yml and the rule files it loads', () => {
    const { status, output } = run('promtool', ['check', 'config', 'prometheus.yml'], prometheusDir);
    expect([status, output]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });

  it('promtool check rules: alerts.yml', () => {
    const { status, output } = run('promtool', ['check', 'rules', 'alerts.yml'], prometheusDir);
    expect([status, output]).toEqual([0, expect.stringMatching(/SUCCESS: \d+ rules found/)]);
  });

  it('promtool test rules: "readings stopped persisting" fires for the instance that stopped, only', () => {
    const { status, output } = run('promtool', ['test', 'rules', 'alerts.test.yml'], prometheusDir);
    expect([status, output]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });

  it("the dashboard's queries parse as PromQL (checked as recording rules)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'plantar-dashboard-promql-'));
    try {
      const rules = dashboardPanels().flatMap((p, i) =>
        p.targets.map((t) => ({
          record: `dashboard:panel_${i}_${t.refId}`,
          expr: withGrafanaVariables(t.expr),
        })),
      );
      writeFileSync(join(dir, 'dashboard.rules.yml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
      const { status, output } = run('promtool', ['check', 'rules', 'dashboard.rules.yml'], dir);
      expect([status, output]).toEqual([0, expect.stringContaining(`SUCCESS: ${rules.length} rules found`)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('haproxy -c: the proxy configuration is valid', () => {
    // Outside Docker the replicas' names do not resolve; the config resolves them at run time.
    const { status, output } = run(
      HAPROXY,
      ['-c', '-f', repoPath('deploy', 'haproxy', 'haproxy.cfg')],
      tmpdir(),
    );
    expect([status, output]).toEqual([0, expect.stringContaining('Configuration file is valid')]);
  });
});
