import type express from 'express';
import { PlantarErrorCode } from '../graphql/error-code';
import type { Logger } from '../observability/logger';

/**
 * The last handler: body-parser errors (oversized or malformed JSON) carry a status and a safe
 * message and are answered in GraphQL's error shape; anything else is logged and answered 500
 * without details.
 */
export function errorHandler(logger: Logger): express.ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const status = statusOf(error);
    if (status >= 500) logger.error({ err: error }, 'HTTP request failed');
    const code =
      status === 413
        ? PlantarErrorCode.PAYLOAD_TOO_LARGE
        : status >= 500
          ? PlantarErrorCode.INTERNAL_SERVER_ERROR
          : PlantarErrorCode.BAD_REQUEST;
    const message = status >= 500 ? 'Internal server error' : String((error as Error).message);
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
