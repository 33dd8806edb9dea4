import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from './config/config';
import { createLogger, type Logger } from './observability/logger';
import { startPlantar, type PlantarServer } from './server';

/** `npm start`: configuration from the environment, the whole system, graceful stop on signals. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const server = await startPlantar(config, { logger });
  logger.info(
    {
      dashboard: `${server.url}/`,
      graphql: `${server.url}/graphql`,
      subscriptions: subscriptionsUrl(server),
      playground: config.graphiql ? `${server.url}/graphiql` : undefined,
      store: server.services.store.kind,
      api: server.apiBaseUrl,
      patients: config.patientIds.length,
    },
    'Plantar is running',
  );
  process.stdout.write(startupBanner(config, server));
  stopOnSignals(config, server, logger);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
}

/** The configuration, or exit 78 (EX_CONFIG) with every bad variable listed on stderr. */
function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

function subscriptionsUrl(server: PlantarServer): string {
  return `${server.url.replace(/^http/, 'ws')}/graphql`;
}

/**
 * What an operator reads in the terminal: where everything is, and in words what runs embedded,
 * what to set to change it, and whether anyone on the network can read patient data.
 */
function startupBanner(config: Config, server: PlantarServer): string {
  return (
    `\n  Plantar is running.\n` +
    `  Dashboard:   ${server.url}/\n` +
    `  GraphQL:     ${server.url}/graphql  (subscriptions: ${subscriptionsUrl(server)})\n` +
    (config.graphiql ? `  Playground:  ${server.url}/graphiql\n` : '') +
    `  Store:       ${server.services.store.kind === 'redis' ? 'Redis' : 'in-process (set REDIS_URL to use Redis)'}\n` +
    `  API:         ${config.apiBaseUrl ?? 'built-in simulator (set API_BASE_URL for a real API)'}\n` +
    authLines(config, server)
  );
}

/** The banner's last lines: how to sign in, or that auth is off. */
function authLines(config: Config, server: PlantarServer): string {
  if (server.loginUrl) {
    const hours = Math.round(config.loginTokenTtlSec / 3600);
    return `\n  Sign in (operator, valid ${hours} h; set AUTH_SECRET for lasting tokens):\n  ${server.loginUrl}\n\n`;
  }
  return config.auth
    ? '  Auth:        bearer tokens signed with AUTH_SECRET (mint one: npm run token -- --role viewer)\n\n'
    : '  Auth:        OFF (AUTH=off): anyone on the network can read patient data\n\n';
}

/**
 * SIGTERM and SIGINT stop the server gracefully, within SHUTDOWN_GRACE_SEC or exit 1; a second
 * signal (not the echo of the first) exits at once with 130.
 */
function stopOnSignals(config: Config, server: PlantarServer, logger: Logger): void {
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      // Ctrl-C reaches both `npm start` (which forwards it) and this process, and `timeout`
      // signals the whole group: one keypress can arrive twice. Only a later signal means "now".
      if (Date.now() - firstSignalAt < 2000) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    firstSignalAt = Date.now();
    logger.info({ signal }, 'signal received');
    stopWithinGrace(config, server, logger);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Stops the server and exits 0, or exits 1 when the stop fails or outlasts its grace period. */
function stopWithinGrace(config: Config, server: PlantarServer, logger: Logger): void {
  const deadline = setTimeout(() => {
    logger.error({ graceSec: config.shutdownGraceSec }, 'shutdown exceeded its grace period; exiting');
    process.exit(1);
  }, config.shutdownGraceSec * 1000);
  deadline.unref();
  server.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Plantar failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
