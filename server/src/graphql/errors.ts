import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '../observability/logger';
import { CLIENT_CODES, PlantarErrorCode } from './error-code';

/** type-graphql says UNAUTHORIZED for a role it refuses; clients expect Apollo's FORBIDDEN. */
const RENAMED_CODES: Record<string, PlantarErrorCode> = { UNAUTHORIZED: PlantarErrorCode.FORBIDDEN };

/** Strips "Did you mean …?" so the schema cannot be mapped by typo when introspection is off. */
function withoutSuggestions(message: string): string {
  return message.replace(/ Did you mean .*\?$/, '');
}

/**
 * Makes every error safe to send: known client errors keep their message and code; everything
 * else is logged with its stack and sent as a bare INTERNAL_SERVER_ERROR (or STORE_UNAVAILABLE
 * when the store is down, SERVICE_UNAVAILABLE while the server shuts down, so clients know
 * retrying is worthwhile).
 */
export function createErrorFormatter(
  logger: Logger,
  storeConnected: () => boolean,
  shuttingDown: () => boolean = () => false,
) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const raw = formatted.extensions?.['code'];
    const code = typeof raw === 'string' ? (RENAMED_CODES[raw] ?? raw) : raw;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) return forClient(formatted, error, code);
    const original = unwrapResolverError(error);
    if (shuttingDown()) {
      // Expected while the store and sockets close: tell clients to retry, not that we broke.
      logger.warn(
        { err: { message: (original as Error)?.message }, path: formatted.path },
        'operation failed during shutdown',
      );
      return {
        message: 'The server is restarting; try again shortly.',
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: PlantarErrorCode.SERVICE_UNAVAILABLE },
      };
    }
    logger.error({ err: original, path: formatted.path }, 'GraphQL operation failed');
    // The connected flag lags a fresh outage by a few ms; ioredis's own refusals say it first.
    const storeDown =
      !storeConnected() ||
      /Stream isn't writeable|Connection is closed/.test(String((original as Error)?.message));
    if (storeDown) {
      return {
        message: 'The data store is unreachable; try again shortly.',
        path: formatted.path,
        extensions: { code: PlantarErrorCode.STORE_UNAVAILABLE },
      };
    }
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: PlantarErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/** A client error as it is sent: its message (without suggestions), where it happened, its code. */
function forClient(formatted: GraphQLFormattedError, error: unknown, code: string): GraphQLFormattedError {
  const extensions: Record<string, unknown> = { code };
  const retryAfterSec = formatted.extensions?.['retryAfterSec'];
  if (typeof retryAfterSec === 'number') extensions['retryAfterSec'] = retryAfterSec;
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError && original.extensions['validationErrors'] !== undefined) {
    // class-validator's details: property and constraint messages only, never the target object.
    const details = original.extensions['validationErrors'] as {
      property: string;
      constraints?: Record<string, string>;
    }[];
    extensions['validationErrors'] = details.map((d) => ({
      property: d.property,
      constraints: d.constraints,
    }));
  }
  return {
    message: withoutSuggestions(formatted.message),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions,
  };
}
