import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR, type Database, type DatabaseOptions, type Engine } from './database';
import { runMigrations } from './migrate';
import { PgDatabase } from './pg-database';
import { PgliteDatabase } from './pglite-database';

/** A schema name we put in SQL unquoted-safe: letters, digits and underscores, not starting with a digit. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens the archive database named by the options and brings its schema up to date (node-pg-migrate,
 * the same migrations on both engines) before anyone writes. Rejects with the cause when the
 * database cannot be reached or a migration fails: the caller decides whether to start without an
 * archive.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new RangeError(
      `archive schema ${JSON.stringify(schema)}: expected lower-case letters, digits and _`,
    );
  }
  const engine: Engine =
    options.url !== undefined
      ? PgDatabase.open({
          url: options.url,
          schema,
          poolSize: options.poolSize ?? 4,
          connectTimeoutMs: options.connectTimeoutMs ?? 3000,
          statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
          logger: options.logger,
        })
      : await PgliteDatabase.open({
          dataDir: resolve(options.dataDir ?? DEFAULT_DATA_DIR, 'pglite'),
          schema,
        });
  try {
    const ran = await engine.session((session) => runMigrations(session, { schema, logger: options.logger }));
    if (ran.length > 0)
      options.logger.info({ migrations: ran, engine: engine.engine }, 'archive schema migrated');
    return engine;
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw error;
  }
}
