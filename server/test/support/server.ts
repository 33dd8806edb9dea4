import type { Logger } from 'pino';
import { loadConfig } from '../../src/config/config';
import { startPlantar, type PlantarServer } from '../../src/server';
import { silentLogger } from './quiet';

/**
 * The whole server in this process, as the e2e and fault suites run it: a free port on loopback,
 * access control off unless `env` turns it on, the archive off unless `env` turns it on (embedded
 * PGlite is ~6 s of initdb a server; archive tests pass ARCHIVE=on with DATABASE_URL and a schema
 * of their own in ARCHIVE_SCHEMA), and `env` for what the test is about.
 */
export function startTestServer(
  env: Record<string, string>,
  logger: Logger = silentLogger(),
): Promise<PlantarServer> {
  return startPlantar(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AUTH: 'off', ARCHIVE: 'off', ...env }),
    {
      logger,
    },
  );
}
