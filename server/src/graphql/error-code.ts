import { ApolloServerErrorCode } from '@apollo/server/errors';

/**
 * Every `extensions.code` a client can see: Apollo Server's own codes and Plantar's. Errors with
 * any other code are logged and sent as INTERNAL_SERVER_ERROR without details (errors.ts).
 */
export const PlantarErrorCode = {
  ...ApolloServerErrorCode,
  /** No token, or one that is invalid or expired. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller's role may not do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** Too many mutations or failed sign-ins; `extensions.retryAfterSec` says when to retry. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The store (Redis) is unreachable; retry shortly. */
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  /** The server is shutting down; retry shortly. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** The thing named (an episode id, say) does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** The episode was acknowledged already: nothing changed. */
  ALREADY_ACKNOWLEDGED: 'ALREADY_ACKNOWLEDGED',
  /** The archive is unreachable (or off) and the range reaches past the live window; retry shortly. */
  ARCHIVE_UNAVAILABLE: 'ARCHIVE_UNAVAILABLE',
  /** An export link that expired, was altered or was made for something else (HTTP 403). */
  LINK_REFUSED: 'LINK_REFUSED',
  /** This server runs with the feature asked for switched off (GAIT=off, say); another configuration has it. */
  FEATURE_OFF: 'FEATURE_OFF',
  /** The request body exceeds the size limit. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
} as const;

export type PlantarErrorCode = (typeof PlantarErrorCode)[keyof typeof PlantarErrorCode];

/** Codes whose message is meant for the client and is passed through as it is. */
export const CLIENT_CODES: ReadonlySet<string> = new Set<PlantarErrorCode>(
  Object.values(PlantarErrorCode).filter((code) => code !== PlantarErrorCode.INTERNAL_SERVER_ERROR),
);

export function isPlantarErrorCode(code: unknown): code is PlantarErrorCode {
  return typeof code === 'string' && (Object.values(PlantarErrorCode) as string[]).includes(code);
}
