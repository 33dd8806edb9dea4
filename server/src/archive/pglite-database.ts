import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { inTransaction, type Engine, type Queryable, type Row, type SqlValue } from './database';

export interface PgliteDatabaseOptions {
  /** Folder of the database files; created when missing (the first start runs initdb, a few seconds). */
  dataDir: string;
  schema: string;
}

/** What the worker reports about a failed statement: the fields pg puts on its errors too. */
interface WireError {
  message: string;
  code?: string;
  detail?: string;
}

type FromWorker =
  | { kind: 'ready' }
  | { kind: 'failed'; error: WireError }
  | { kind: 'result'; id: number; rows: Row[] }
  | { kind: 'error'; id: number; error: WireError };

/**
 * Runs in the worker thread, as plain JavaScript: PGlite's CommonJS build loads its WASM with
 * dynamic `import()`, which only a real Node module context provides (not jest's sandbox, and
 * not a bundler's), and its queries run synchronously in WASM, so on the main thread a long
 * history query would stall every live subscriber. Here they run beside it.
 */
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglitePath);
const wire = (e) => ({
  message: String((e && e.message) || e),
  code: e && typeof e.code === 'string' ? e.code : undefined,
  detail: e && typeof e.detail === 'string' ? e.detail : undefined,
});
PGlite.create(workerData.dataDir).then(
  (db) => {
    parentPort.on('message', async (m) => {
      try {
        let rows;
        if (m.close) {
          await db.close();
          rows = [];
        } else if (m.params.length > 0) rows = (await db.query(m.text, m.params)).rows;
        else {
          const results = await db.exec(m.text);
          rows = results.length > 0 ? results[results.length - 1].rows : [];
        }
        parentPort.postMessage({ kind: 'result', id: m.id, rows });
      } catch (e) {
        parentPort.postMessage({ kind: 'error', id: m.id, error: wire(e) });
      }
    });
    parentPort.postMessage({ kind: 'ready' });
  },
  (e) => parentPort.postMessage({ kind: 'failed', error: wire(e) }),
);
`;

/** An error from the embedded engine, shaped like pg's (message, SQLSTATE in `code`). */
export class PgliteError extends Error {
  override readonly name = 'PgliteError';
  readonly code: string | undefined;
  readonly detail: string | undefined;
  constructor(error: WireError) {
    super(error.message);
    this.code = error.code;
    this.detail = error.detail;
  }
}

/**
 * The archive on embedded PostgreSQL (PGlite, WASM) persisted in a folder, for `npm start` without
 * DATABASE_URL. PGlite has one connection: statements are queued here so that a transaction's
 * statements are never interleaved with another caller's. A lock file keeps a second process off
 * the same folder (two PGlite instances on one data directory corrupt it).
 */
export class PgliteDatabase implements Engine {
  readonly engine = 'pglite';
  private readonly pending = new Map<
    number,
    { resolve: (rows: Row[]) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  /** Tail of the queue of callers: each runs when the previous one has finished. */
  private queue: Promise<unknown> = Promise.resolve();
  private stopped: Error | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly dataDir: string,
    private readonly lockFile: string,
  ) {
    worker.on('message', (message: FromWorker) => {
      if (message.kind !== 'result' && message.kind !== 'error') return;
      const waiter = this.pending.get(message.id);
      if (waiter === undefined) return;
      this.pending.delete(message.id);
      if (message.kind === 'result') waiter.resolve(message.rows);
      else waiter.reject(new PgliteError(message.error));
    });
    const stop = (error: Error) => {
      this.stopped ??= error;
      for (const waiter of this.pending.values()) waiter.reject(this.stopped);
      this.pending.clear();
    };
    worker.on('error', (error) => stop(new Error(`embedded database failed: ${error.message}`)));
    worker.on('exit', (code) => stop(new Error(`embedded database stopped (worker exit code ${code})`)));
  }

  static async open(options: PgliteDatabaseOptions): Promise<PgliteDatabase> {
    const dataDir = resolve(options.dataDir);
    if (openDirs.has(dataDir))
      throw new Error(`the embedded database in ${dataDir} is already open in this process`);
    mkdirSync(dataDir, { recursive: true });
    const lockFile = join(dataDir, '..', `${basename(dataDir)}.lock`);
    takeLock(lockFile);
    openDirs.add(dataDir);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pglitePath: require.resolve('@electric-sql/pglite'), dataDir },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once('message', (message: FromWorker) => {
          if (message.kind === 'ready') resolve();
          else if (message.kind === 'failed') reject(new PgliteError(message.error));
        });
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`embedded database worker exited with code ${code}`)));
      });
    } catch (error) {
      await worker.terminate();
      openDirs.delete(dataDir);
      rmSync(lockFile, { force: true });
      throw new Error(`cannot open the embedded database in ${dataDir}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const database = new PgliteDatabase(worker, dataDir, lockFile);
    // One connection for the life of the process: the schema is set once, like pg's startup option.
    await database.query(`SET search_path TO ${options.schema}`);
    return database;
  }

  query(text: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.exclusive(() => this.send(text, params));
  }

  session<T>(work: (session: Queryable) => Promise<T>): Promise<T> {
    return this.exclusive(() => work({ query: (text, params = []) => this.send(text, params) }));
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.session((session) => inTransaction(session, work));
  }

  async close(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    // After the queued work, PGlite shuts down cleanly (a checkpoint, files closed) before the
    // thread goes: a terminated thread would leave the next start a crash recovery.
    this.closing = this.exclusive(async () => {
      if (this.stopped === undefined)
        await this.post({ id: this.nextId++, text: '', params: [], close: true });
      this.stopped ??= new Error('embedded database closed');
      await this.worker.terminate();
      openDirs.delete(this.dataDir);
      rmSync(this.lockFile, { force: true });
    });
    return this.closing;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private send(text: string, params: readonly SqlValue[]): Promise<Row[]> {
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    return this.post({ id: this.nextId++, text, params, close: false });
  }

  private post(message: {
    id: number;
    text: string;
    params: readonly SqlValue[];
    close: boolean;
  }): Promise<Row[]> {
    return new Promise<Row[]>((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.worker.postMessage(message);
    });
  }
}

/** Data directories open in this process: the lock file cannot tell two opens by one pid apart. */
const openDirs = new Set<string>();

/**
 * Creates the lock file with our pid, or takes it over when the process that wrote it is gone.
 * Throws when another live process holds the folder.
 */
function takeLock(lockFile: string): void {
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number(readFileSync(lockFile, 'utf8').trim());
  if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `the embedded database is in use by process ${holder} (${lockFile}); stop it or set DATA_DIR to another folder`,
    );
  }
  writeFileSync(lockFile, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
