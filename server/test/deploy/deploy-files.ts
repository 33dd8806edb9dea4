import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/** The repository's root, where docker-compose.yml and deploy/ live. */
export const REPO = resolve(__dirname, '../../..');

export const repoPath = (...parts: string[]): string => join(REPO, ...parts);

/** A YAML file of the repository; merge keys (`<<: *anchor`) resolved as Compose does. */
export function readYaml(...parts: string[]): unknown {
  return parse(readFileSync(repoPath(...parts), 'utf8'), { merge: true });
}

export function readJson(...parts: string[]): unknown {
  return JSON.parse(readFileSync(repoPath(...parts), 'utf8'));
}

/** A plain object, or a failure naming where it was expected. */
export function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${where}: expected an object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

export function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected a list, got ${JSON.stringify(value)}`);
  return value;
}

export function text(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** One service of docker-compose.yml, the fields these tests read. */
export interface ComposeService {
  readonly name: string;
  readonly profiles: string[];
  readonly environment: Record<string, string>;
  /** Service → condition. */
  readonly dependsOn: Record<string, string>;
  readonly ports: string[];
  readonly volumes: string[];
  readonly command: string[];
  readonly healthcheck: boolean;
  readonly image: string | undefined;
}

/** docker-compose.yml's services, narrowed to what the tests check. */
export function composeServices(): Map<string, ComposeService> {
  const file = record(readYaml('docker-compose.yml'), 'docker-compose.yml');
  const services = record(file['services'], 'services');
  return new Map(
    Object.entries(services).map(([name, raw]) => {
      const s = record(raw, `services.${name}`);
      const env = s['environment'] === undefined ? {} : record(s['environment'], `${name}.environment`);
      const deps = s['depends_on'] === undefined ? {} : record(s['depends_on'], `${name}.depends_on`);
      const strings = (key: string) =>
        s[key] === undefined ? [] : list(s[key], `${name}.${key}`).map((v) => text(v, `${name}.${key}`));
      return [
        name,
        {
          name,
          profiles: strings('profiles'),
          environment: Object.fromEntries(
            Object.entries(env).map(([k, v]) => [k, text(v, `${name}.environment.${k}`)]),
          ),
          dependsOn: Object.fromEntries(
            Object.entries(deps).map(([k, v]) => [
              k,
              text(record(v, `${name}.depends_on.${k}`)['condition'], k),
            ]),
          ),
          ports: strings('ports'),
          volumes: strings('volumes'),
          command: strings('command'),
          healthcheck: s['healthcheck'] !== undefined,
          image: s['image'] === undefined ? undefined : text(s['image'], `${name}.image`),
        },
      ];
    }),
  );
}

/** Compose's `${VAR:-default}` / `${VAR:?message}` / `${VAR}` resolved against `env`. */
export function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g,
    (_m, name: string, op?: string, arg?: string) => {
      const set = env[name];
      if (set !== undefined && set !== '') return set;
      if (op === '?') throw new Error(`required variable ${name} is missing: ${arg}`);
      return op === '-' ? (arg ?? '') : '';
    },
  );
}

/** Metric names in a PromQL expression: Plantar's own, Node's and the process's (prom-client). */
export function metricNamesIn(expr: string): string[] {
  return [...expr.matchAll(/\b((?:plantar|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
}

/** Label names an expression filters or groups on, with the metric they apply to when known. */
export function labelsIn(expr: string): { metric: string | undefined; label: string }[] {
  const found: { metric: string | undefined; label: string }[] = [];
  for (const m of expr.matchAll(/(\b[a-zA-Z_:][a-zA-Z0-9_:]*)?\{([^}]*)\}/g)) {
    for (const l of m[2]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g))
      found.push({ metric: m[1], label: l[1]! });
  }
  for (const m of expr.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g))
    for (const label of m[1]!.split(',').map((l) => l.trim()))
      if (label !== '') found.push({ metric: undefined, label });
  return found;
}

/** Alert rules of deploy/prometheus/alerts.yml: name and expression. */
export function alertRules(): { alert: string; expr: string }[] {
  const file = record(readYaml('deploy/prometheus/alerts.yml'), 'alerts.yml');
  return list(file['groups'], 'groups').flatMap((g, i) =>
    list(record(g, `groups[${i}]`)['rules'], `groups[${i}].rules`).map((r, j) => {
      const rule = record(r, `groups[${i}].rules[${j}]`);
      return { alert: text(rule['alert'], `rule ${j}`), expr: text(rule['expr'], `rule ${j}.expr`) };
    }),
  );
}

/** The dashboard's panels and their Prometheus queries. */
export interface DashboardPanel {
  readonly id: number;
  readonly title: string;
  readonly type: string;
  readonly datasourceUid: string;
  readonly targets: { refId: string; expr: string; datasourceUid: string }[];
}

export const DASHBOARD = ['deploy', 'grafana', 'dashboards', 'plantar.json'] as const;

export function dashboardPanels(): DashboardPanel[] {
  const dash = record(readJson(...DASHBOARD), 'dashboard');
  return list(dash['panels'], 'panels').map((raw, i) => {
    const p = record(raw, `panels[${i}]`);
    const title = text(p['title'], `panels[${i}].title`);
    return {
      id: Number(p['id']),
      title,
      type: text(p['type'], `${title}.type`),
      datasourceUid: text(record(p['datasource'], `${title}.datasource`)['uid'], `${title}.datasource.uid`),
      targets: list(p['targets'], `${title}.targets`).map((t, j) => {
        const target = record(t, `${title}.targets[${j}]`);
        return {
          refId: text(target['refId'], `${title}.targets[${j}].refId`),
          expr: text(target['expr'], `${title}.targets[${j}].expr`),
          datasourceUid: text(
            record(target['datasource'], `${title}.targets[${j}].datasource`)['uid'],
            title,
          ),
        };
      }),
    };
  });
}

/** Grafana's variables in a query, replaced by values Prometheus accepts, for promtool and tests. */
export function withGrafanaVariables(expr: string): string {
  return expr.replaceAll('$__rate_interval', '1m').replaceAll('$instance_id', '.*');
}
