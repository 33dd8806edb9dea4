import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../observability/logger';
import type { Queryable, SqlValue } from './database';
import { MIGRATIONS, MIGRATIONS_TABLE, type Migration } from './migrations';

export interface MigrateOptions {
  schema: string;
  logger: Logger;
  /** The migrations to apply, oldest first. @default MIGRATIONS */
  migrations?: readonly Migration[];
}

type FromWorker =
  | { kind: 'query'; id: number; text: string; params: SqlValue[] }
  | { kind: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  | { kind: 'done'; ran: string[] }
  | { kind: 'failed'; message: string };

/**
 * node-pg-migrate's runner in a worker thread, its client a stand-in that sends every statement
 * back here to run on `session`. node-pg-migrate is an ES module (with jiti and glob behind it):
 * the worker is a plain Node context that imports it natively, where jest's CommonJS sandbox
 * cannot, and the same path serves both engines, since only `session` knows which one it is.
 */
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const waiting = new Map();
let nextId = 0;
parentPort.on('message', (m) => {
  const waiter = waiting.get(m.id);
  if (!waiter) return;
  waiting.delete(m.id);
  if (m.error) waiter.reject(Object.assign(new Error(m.error.message), m.error));
  else waiter.resolve({ rows: m.rows, rowCount: m.rows.length });
});
const dbClient = {
  query(textOrConfig, values) {
    const text = typeof textOrConfig === 'string' ? textOrConfig : textOrConfig.text;
    const params = (typeof textOrConfig === 'string' ? values : textOrConfig.values || values) || [];
    return new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      parentPort.postMessage({ kind: 'query', id, text, params });
    });
  },
};
const log = (level) => (...parts) => parentPort.postMessage({ kind: 'log', level, message: parts.join(' ') });
import(pathToFileURL(workerData.runnerPath).href)
  .then(({ runner }) =>
    runner({
      dbClient,
      dir: workerData.dir,
      direction: 'up',
      migrationsTable: workerData.table,
      schema: workerData.schema,
      createSchema: true,
      checkOrder: true,
      singleTransaction: true,
      advisoryLockMode: 'wait',
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    }),
  )
  .then(
    (ran) => parentPort.postMessage({ kind: 'done', ran: ran.map((m) => m.name) }),
    (e) => parentPort.postMessage({ kind: 'failed', message: String((e && e.message) || e) }),
  );
`;

/**
 * Brings the archive schema up to date on one session (one connection: node-pg-migrate takes an
 * advisory lock, so two instances starting together migrate one after the other, and wraps the
 * pending migrations in one transaction). The migrations are TypeScript constants, compiled into
 * the build with the rest; they are written out as node-pg-migrate's SQL migration files in a
 * temporary folder for the run. Resolves with the names of the migrations it applied.
 */
export async function runMigrations(session: Queryable, options: MigrateOptions): Promise<string[]> {
  const migrations = options.migrations ?? MIGRATIONS;
  const dir = await mkdtemp(join(tmpdir(), 'plantar-migrations-'));
  try {
    for (const m of migrations) {
      if (!/^\d{13}_[a-z0-9-]+$/.test(m.name)) {
        throw new RangeError(`migration name ${JSON.stringify(m.name)}: expected <epoch ms>_<kebab-case>`);
      }
      await writeFile(join(dir, `${m.name}.sql`), `-- Up Migration\n${m.up}\n-- Down Migration\n${m.down}\n`);
    }
    return await inWorker(session, options, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function inWorker(session: Queryable, options: MigrateOptions, dir: string): Promise<string[]> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      runnerPath: require.resolve('node-pg-migrate'),
      dir,
      table: MIGRATIONS_TABLE,
      schema: options.schema,
    },
  });
  const { logger } = options;
  return new Promise<string[]>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, ran: string[] = []) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error === undefined) resolve(ran);
      else reject(error);
    };
    worker.on('message', (message: FromWorker) => {
      switch (message.kind) {
        case 'query':
          session.query(message.text, message.params).then(
            (rows) => worker.postMessage({ id: message.id, rows }),
            (error: Error & { code?: unknown }) =>
              worker.postMessage({
                id: message.id,
                error: {
                  message: error.message,
                  code: typeof error.code === 'string' ? error.code : undefined,
                },
              }),
          );
          break;
        case 'log':
          // node-pg-migrate's own narration ("> Migrating files") is debug; its errors carry the SQL.
          if (message.level === 'error')
            logger.error({ migration: message.message }, 'archive migration failed');
          else logger.debug({ migration: message.message }, 'archive migration');
          break;
        case 'done':
          finish(undefined, message.ran);
          break;
        case 'failed':
          finish(new Error(`archive migration failed: ${message.message}`));
          break;
      }
    });
    worker.on('error', (error) => finish(new Error(`archive migration worker failed: ${error.message}`)));
    worker.on('exit', (code) => finish(new Error(`archive migration worker exited with code ${code}`)));
  });
}
