import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export interface CapturedLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/**
 * A pino logger that keeps its lines in memory, so a test can await what the server logs (e.g.
 * that it closed a slow subscriber) instead of sleeping.
 */
export function captureLogs(level = 'info'): {
  logger: Logger;
  lines: CapturedLine[];
  waitFor(match: (line: CapturedLine) => boolean, timeoutMs?: number): Promise<CapturedLine>;
} {
  const lines: CapturedLine[] = [];
  const waiters = new Set<() => void>();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n')) {
        if (text.trim() === '') continue;
        try {
          lines.push(JSON.parse(text) as CapturedLine);
        } catch {
          lines.push({ level: 0, msg: text });
        }
      }
      for (const wake of waiters) wake();
      done();
    },
  });
  const logger = pino({ level }, stream);
  return {
    logger,
    lines,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(match);
          if (found === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching log line in ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
