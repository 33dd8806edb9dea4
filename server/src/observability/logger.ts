import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout (pino): one line an event, fields for ids and counts, never patient names. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'plantar' }, timestamp: pino.stdTimeFunctions.isoTime });
}
