import { Pool, type PoolClient } from 'pg';
import type { Logger } from '../observability/logger';
import { inTransaction, type Engine, type Queryable, type Row, type SqlValue } from './database';

export interface PgDatabaseOptions {
  url: string;
  schema: string;
  poolSize: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  logger: Logger;
}

/** Pool errors (an idle connection dropped by a restarting server) logged at most this often. */
const POOL_ERROR_LOG_MS = 10_000;

/**
 * The archive over a node-postgres pool. The pool connects lazily and reconnects by itself, so a
 * database that goes away only fails the queries made meanwhile; the archive writer keeps what it
 * could not write and retries.
 */
export class PgDatabase implements Engine {
  readonly engine = 'postgres';
  private lastPoolErrorLog = 0;

  private constructor(private readonly pool: Pool) {}

  static open(options: PgDatabaseOptions): PgDatabase {
    if (!/^postgres(ql)?:\/\//.test(options.url)) {
      throw new RangeError('DATABASE_URL: expected a postgres:// or postgresql:// URL');
    }
    const pool = new Pool({
      connectionString: options.url,
      max: options.poolSize,
      connectionTimeoutMillis: options.connectTimeoutMs,
      statement_timeout: options.statementTimeoutMs,
      // Every connection starts in the archive's schema, so the queries never name it (and a test
      // file can have a schema of its own).
      options: `-c search_path=${options.schema}`,
      application_name: 'plantar-archive',
    });
    const database = new PgDatabase(pool);
    // Without a listener an idle connection's error (the server restarting) would crash the process.
    pool.on('error', (error) => database.logPoolError(options.logger, error));
    return database;
  }

  private logPoolError(logger: Logger, error: Error): void {
    const now = Date.now();
    if (now - this.lastPoolErrorLog < POOL_ERROR_LOG_MS) return;
    this.lastPoolErrorLog = now;
    logger.warn(
      { err: { message: error.message } },
      'archive database connection lost; reconnecting on demand',
    );
  }

  async query(text: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    const result = await this.pool.query<Row>(text, params.length === 0 ? undefined : [...params]);
    return lastRows(result);
  }

  async session<T>(work: (session: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let failed = false;
    // A checked-out client has no pool listener: its connection dropping mid-work would otherwise
    // be an unhandled 'error' event (a crash). The statement in flight rejects with it anyway.
    const onError = () => (failed = true);
    client.on('error', onError);
    try {
      return await work(clientQueryable(client));
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      client.off('error', onError);
      // A connection whose work failed may be mid-transaction or broken: discard it, not reuse it.
      client.release(failed);
    }
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.session((session) => inTransaction(session, work));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function clientQueryable(client: PoolClient): Queryable {
  return {
    async query(text, params = []) {
      return lastRows(await client.query<Row>(text, params.length === 0 ? undefined : [...params]));
    },
  };
}

/** pg answers a multi-statement text with one result per statement: keep the last one's rows. */
function lastRows(result: unknown): Row[] {
  const last: unknown = Array.isArray(result) ? result[result.length - 1] : result;
  const rows = (last as { rows?: unknown } | undefined)?.rows;
  return Array.isArray(rows) ? (rows as Row[]) : [];
}
