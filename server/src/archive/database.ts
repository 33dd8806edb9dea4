import { resolve } from 'node:path';
import type { Logger } from '../observability/logger';

/** What a query parameter may be: both engines serialise these the same way. */
export type SqlValue = string | number | boolean | null | Uint8Array;

/**
 * A result row as the driver gave it. Values are `unknown` on purpose: the two engines parse some
 * types differently (int8 is a string in pg and a number in PGlite), so every reader narrows the
 * columns it uses with the helpers below, and the queries select only types both parse alike
 * (int2/int4, float8, text, bytea, arrays of int2/int4).
 */
export type Row = Readonly<Record<string, unknown>>;

export interface Queryable {
  /**
   * Runs one statement with `$1…` parameters and resolves with its rows. Without parameters the
   * text may hold several statements (the simple protocol); the rows are the last one's.
   */
  query(text: string, params?: readonly SqlValue[]): Promise<Row[]>;
}

/** The archive's view of PostgreSQL: the same calls over a pg pool and over embedded PGlite. */
export interface Database extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /** Runs `work` on one connection between BEGIN and COMMIT; ROLLBACK when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** An engine also lends one connection for a while: the migration runner needs its own session. */
export interface Engine extends Database {
  session<T>(work: (session: Queryable) => Promise<T>): Promise<T>;
}

export interface DatabaseOptions {
  /** `postgres://` or `postgresql://` URL (DATABASE_URL); unset runs embedded PGlite in `dataDir`. @default undefined */
  url?: string | undefined;
  /** Folder of the embedded database (DATA_DIR); PGlite keeps its files in `<dataDir>/pglite`. @default `<repo>/.data` */
  dataDir?: string | undefined;
  /** Schema holding the archive's tables, created when missing (tests use one per file). @default 'public' */
  schema?: string | undefined;
  /** Connections in the pool (PostgreSQL only). @default 4 */
  poolSize?: number | undefined;
  /** A connection attempt fails after this long, so writes fail fast while the database is away. @default 3000 */
  connectTimeoutMs?: number | undefined;
  /** A statement is cancelled after this long (PostgreSQL only). @default 30000 */
  statementTimeoutMs?: number | undefined;
  logger: Logger;
}

/** `<repo>/.data`, from both `src/archive` (tests) and `dist/archive` (builds). Git-ignored. */
export const DEFAULT_DATA_DIR = resolve(__dirname, '..', '..', '..', '.data');

/** A value in a result row that is not what the query selects: a bug or a schema out of step. */
export class ArchiveDataError extends Error {
  override readonly name = 'ArchiveDataError';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  return typeof value === 'string' ? `string ${JSON.stringify(value.slice(0, 20))}` : typeof value;
}

/** A finite number column (int2, int4, float8). */
export function numberColumn(row: Row, column: string): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ArchiveDataError(`column ${column}: expected a number, got ${describe(value)}`);
  }
  return value;
}

/** A number column that may be NULL (aggregates over no rows). */
export function optionalNumberColumn(row: Row, column: string): number | undefined {
  return row[column] === null || row[column] === undefined ? undefined : numberColumn(row, column);
}

/** A bytea column: a Buffer from pg, a Uint8Array from PGlite. */
export function bytesColumn(row: Row, column: string): Uint8Array {
  const value = row[column];
  if (!(value instanceof Uint8Array)) {
    throw new ArchiveDataError(`column ${column}: expected bytes, got ${describe(value)}`);
  }
  return value;
}

/** An int2[] / int4[] column. */
export function numberArrayColumn(row: Row, column: string): number[] {
  const value = row[column];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) {
    throw new ArchiveDataError(`column ${column}: expected an array of numbers, got ${describe(value)}`);
  }
  return value as number[];
}

/** The SQLSTATE of a driver error, when it has one (both engines put it in `code`). */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** BEGIN, `work`, COMMIT on one session; ROLLBACK (best effort) and rethrow when `work` throws. */
export async function inTransaction<T>(session: Queryable, work: (tx: Queryable) => Promise<T>): Promise<T> {
  await session.query('BEGIN');
  try {
    const result = await work(session);
    await session.query('COMMIT');
    return result;
  } catch (error) {
    await session.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
