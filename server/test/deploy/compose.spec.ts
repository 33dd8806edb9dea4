import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config/config';
import {
  composeServices,
  interpolate,
  readYaml,
  record,
  list,
  text,
  repoPath,
  type ComposeService,
} from './deploy-files';

/**
 * docker-compose.yml without Docker: the default profile as it was, and the scaled profile's
 * replicas, proxy, stores and monitoring wired to each other (names, ports, files, conditions).
 */
const services = composeServices();
const REPLICAS = ['plantar-1', 'plantar-2', 'plantar-3'];
/** What the file's header tells users to run: `docker compose --profile scaled up -d proxy grafana`. */
const SCALED_ENTRY_POINTS = ['proxy', 'grafana'];
/** What .env provides in these tests. */
const ENV = { AUTH_SECRET: 'a'.repeat(32), POSTGRES_PASSWORD: 'secret' };

function service(name: string): ComposeService {
  const s = services.get(name);
  if (s === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
}

/** The services `docker compose up <names>` starts: the names and their depends_on closure. */
function startedBy(names: string[]): Set<string> {
  const started = new Set<string>();
  const visit = (name: string) => {
    if (started.has(name)) return;
    started.add(name);
    for (const dep of Object.keys(service(name).dependsOn)) visit(dep);
  };
  names.forEach(visit);
  return started;
}

/** `host:port` of an http/redis/postgres/mqtt URL in a replica's environment. */
function hostPort(url: string): { host: string; port: string } {
  const u = new URL(url);
  return { host: u.hostname, port: u.port };
}

describe('docker-compose.yml', () => {
  it('keeps the default profile: Redis with AOF and the single instance, nothing else', () => {
    const always = [...services.values()].filter((s) => s.profiles.length === 0).map((s) => s.name);
    expect(always.sort()).toEqual(['plantar', 'redis']);
    const plantar = service('plantar');
    expect(plantar.ports).toEqual(['4000:4000']);
    expect(plantar.environment['CLUSTER']).toBeUndefined();
    expect(plantar.dependsOn).toEqual({ redis: 'service_healthy' });
    expect(service('redis').command.join(' ')).toContain('--appendonly yes');
  });

  it('interpolates with AUTH_SECRET alone: Compose resolves every profile, so only it may be required', () => {
    const raw = readFileSync(repoPath('docker-compose.yml'), 'utf8');
    const required = [...raw.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['AUTH_SECRET']);
  });

  it('has three CLUSTER=on replicas that the real config accepts, differing in INSTANCE_ID only', () => {
    const envs = REPLICAS.map((name) => {
      const s = service(name);
      expect([name, s.profiles]).toEqual([name, ['scaled']]);
      return Object.fromEntries(Object.entries(s.environment).map(([k, v]) => [k, interpolate(v, ENV)]));
    });
    const ids = envs.map((env) => env['INSTANCE_ID']);
    expect(ids).toEqual(REPLICAS);
    const { INSTANCE_ID: _first, ...shared } = envs[0]!;
    for (const env of envs)
      expect({ ...env, INSTANCE_ID: undefined }).toEqual({ ...shared, INSTANCE_ID: undefined });

    // The values pass the server's own validation (names declared, formats right).
    for (const env of envs) {
      const config = loadConfig(env);
      expect(config.cluster).toMatchObject({ enabled: true, instanceId: env['INSTANCE_ID'] });
      expect(config.archive.databaseUrl).toBe(`postgres://plantar:secret@postgres:5432/plantar`);
    }
  });

  it('points the replicas at the services of the profile, which they wait for', () => {
    const env = service('plantar-1').environment;
    expect(hostPort(env['REDIS_URL']!).host).toBe('redis');
    expect(hostPort(interpolate(env['DATABASE_URL']!, ENV)).host).toBe('postgres');
    expect(hostPort(env['MQTT_URL']!).host).toBe('mosquitto');
    const api = hostPort(env['API_BASE_URL']!);
    expect(api.host).toBe('simulator');
    const sim = service('simulator').command;
    expect(sim[sim.indexOf('--port') + 1]).toBe(api.port);
    expect(sim[sim.indexOf('--host') + 1]).toBe('0.0.0.0');
    // The simulator serves every patient the replicas poll.
    expect(env['PATIENT_IDS']).toBe(`1-${sim[sim.indexOf('--patients') + 1]}`);
    for (const name of REPLICAS)
      expect(service(name).dependsOn).toEqual({
        redis: 'service_healthy',
        postgres: 'service_healthy',
        mosquitto: 'service_started',
        simulator: 'service_healthy',
      });
  });

  it('waits only for health checks that exist, on services that exist', () => {
    for (const s of services.values())
      for (const [dep, condition] of Object.entries(s.dependsOn)) {
        expect([s.name, dep, services.has(dep)]).toEqual([s.name, dep, true]);
        if (condition === 'service_healthy') expect([dep, service(dep).healthcheck]).toEqual([dep, true]);
        // A scaled service never waits for one outside its profile (Compose would not start it).
        if (s.profiles.includes('scaled') && service(dep).profiles.length > 0)
          expect([dep, service(dep).profiles]).toEqual([dep, ['scaled']]);
      }
  });

  it('starts the whole scaled stack from its entry points, without the single instance', () => {
    const started = startedBy(SCALED_ENTRY_POINTS);
    const scaled = [...services.values()].filter((s) => s.profiles.includes('scaled')).map((s) => s.name);
    expect([...started].sort()).toEqual([...scaled, 'redis'].sort());
    expect(started.has('plantar')).toBe(false);
    expect(readFileSync(repoPath('docker-compose.yml'), 'utf8')).toContain(
      `docker compose --profile scaled up -d ${SCALED_ENTRY_POINTS.join(' ')}`,
    );
  });

  it('mounts files that exist in the repository', () => {
    for (const s of services.values())
      for (const volume of s.volumes.filter((v) => v.startsWith('./')))
        expect([s.name, volume, existsSync(repoPath(volume.split(':')[0]!))]).toEqual([s.name, volume, true]);
  });

  it('puts HAProxy in front of exactly the replicas, on the port it publishes', () => {
    const proxy = service('proxy');
    expect(proxy.volumes).toContain('./deploy/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    const cfg = readFileSync(repoPath('deploy/haproxy/haproxy.cfg'), 'utf8');
    const servers = [...cfg.matchAll(/^\s*server\s+(\S+)\s+(\S+)/gm)].map((m) => [m[1], m[2]]);
    const port = service('plantar-1').environment['PORT'];
    expect(servers).toEqual(REPLICAS.map((name) => [name, `${name}:${port}`]));
    const bind = /^\s*bind\s+:(\d+)/m.exec(cfg)?.[1];
    expect(proxy.ports).toEqual([`${bind}:${bind}`]);
    // Behind the proxy every client has its address: the replicas must not limit per address.
    for (const name of REPLICAS)
      expect(Number(service(name).environment['MAX_CONNECTIONS_PER_IP'])).toBeGreaterThanOrEqual(10_000);
  });

  it('has Prometheus scrape each replica directly and load the alert rules', () => {
    const prometheus = service('prometheus');
    expect(prometheus.volumes).toContain('./deploy/prometheus:/etc/prometheus:ro');
    const config = record(readYaml('deploy/prometheus/prometheus.yml'), 'prometheus.yml');
    const jobs = list(config['scrape_configs'], 'scrape_configs').map((j) => record(j, 'job'));
    const plantar = jobs.find((j) => j['job_name'] === 'plantar')!;
    const targets = list(plantar['static_configs'], 'static_configs').flatMap((c) =>
      list(record(c, 'static_config')['targets'], 'targets').map((t) => text(t, 'target')),
    );
    const port = service('plantar-1').environment['PORT'];
    expect(targets).toEqual(REPLICAS.map((name) => `${name}:${port}`));
    expect(plantar['metrics_path']).toBe('/metrics');
    for (const file of list(config['rule_files'], 'rule_files'))
      expect(existsSync(repoPath('deploy/prometheus', text(file, 'rule file')))).toBe(true);
  });

  it('provisions Grafana with the Prometheus data source and the dashboards folder it mounts', () => {
    const grafana = service('grafana');
    expect(grafana.volumes).toEqual(
      expect.arrayContaining([
        './deploy/grafana/provisioning:/etc/grafana/provisioning:ro',
        './deploy/grafana/dashboards:/etc/grafana/dashboards:ro',
      ]),
    );
    const sources = record(readYaml('deploy/grafana/provisioning/datasources/prometheus.yml'), 'datasources');
    const [source] = list(sources['datasources'], 'datasources').map((d) => record(d, 'datasource'));
    expect(new URL(text(source!['url'], 'url')).host).toBe('prometheus:9090');
    expect(service('prometheus').ports).toEqual(['127.0.0.1:9090:9090']);
    const providers = record(readYaml('deploy/grafana/provisioning/dashboards/plantar.yml'), 'providers');
    const [provider] = list(providers['providers'], 'providers').map((p) => record(p, 'provider'));
    expect(record(provider!['options'], 'options')['path']).toBe('/etc/grafana/dashboards');
    expect(grafana.environment['GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH']).toBe(
      '/etc/grafana/dashboards/plantar.json',
    );
  });
});
