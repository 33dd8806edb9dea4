import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from './config/config';
import { createLogger } from './observability/logger';
import { startPlantar } from './server';

/** `npm start`: configuration from the environment, the whole system, graceful stop on signals. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const server = await startPlantar(config, { logger });
  logger.info(
    {
      dashboard: `${server.url}/`,
      graphql: `${server.url}/graphql`,
      subscriptions: `${server.url.replace(/^http/, 'ws')}/graphql`,
      playground: config.graphiql ? `${server.url}/graphiql` : undefined,
      store: server.services.store.kind,
      api: server.apiBaseUrl,
      patients: config.patientIds.length,
    },
    'Plantar is running',
  );
  process.stdout.write(
    `\n  Plantar is running.\n` +
      `  Dashboard:   ${server.url}/\n` +
      `  GraphQL:     ${server.url}/graphql  (subscriptions: ${server.url.replace(/^http/, 'ws')}/graphql)\n` +
      (config.graphiql ? `  Playground:  ${server.url}/graphiql\n` : '') +
      `  Store:       ${server.services.store.kind === 'redis' ? 'Redis' : 'in-process (set REDIS_URL to use Redis)'}\n` +
      `  API:         ${config.apiBaseUrl ?? 'built-in simulator (set API_BASE_URL for a real API)'}\n` +
      (server.loginUrl
        ? `\n  Sign in (operator, valid ${Math.round(config.loginTokenTtlSec / 3600)} h; set AUTH_SECRET for lasting tokens):\n  ${server.loginUrl}\n\n`
        : config.auth
          ? '  Auth:        bearer tokens signed with AUTH_SECRET (mint one: npm run token -- --role viewer)\n\n'
          : '  Auth:        OFF (AUTH=off): anyone on the network can read patient data\n\n'),
  );

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
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Plantar failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
