import type express from 'express';
import { ForbiddenError, RateLimitedError, type AccessControl, type Purpose } from '../auth/access-control';
import { bearerToken } from '../auth/token-service';
import { PlantarErrorCode } from '../graphql/error-code';
import type { Logger } from '../observability/logger';

/**
 * Bearer token on every request it guards: the principal goes to `res.locals.principal`; 401 with
 * a reason otherwise, 429 after repeated failures from one address. It runs before the body is
 * read, so an anonymous caller cannot make the server parse 64 KiB of JSON.
 */
export function authenticateHttp(
  access: AccessControl,
  logger: Logger,
  purpose: Purpose = 'read',
): express.RequestHandler {
  return (req, res, next) => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    access.authenticate(bearerToken(req.headers.authorization), address, purpose).then(
      (principal) => {
        res.locals['principal'] = principal;
        next();
      },
      (error: Error) => {
        if (error instanceof ForbiddenError) {
          logger.warn({ address, reason: error.message }, 'HTTP request refused for its role');
          res
            .status(403)
            .json({ errors: [{ message: error.message, extensions: { code: PlantarErrorCode.FORBIDDEN } }] });
          return;
        }
        const limited = error instanceof RateLimitedError;
        if (limited) res.setHeader('Retry-After', String(error.retryAfterSec));
        else res.setHeader('WWW-Authenticate', 'Bearer realm="plantar"');
        logger.warn({ address, reason: error.message }, 'HTTP authentication failed');
        const code = limited ? PlantarErrorCode.RATE_LIMITED : PlantarErrorCode.UNAUTHENTICATED;
        res.status(limited ? 429 : 401).json({ errors: [{ message: error.message, extensions: { code } }] });
      },
    );
  };
}
