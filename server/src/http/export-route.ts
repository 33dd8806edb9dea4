import express, { type Router } from 'express';
import { ArchiveUnavailableError } from '../archive/range-sources';
import { exportFileName, writeExport } from '../export/export-file';
import type { Services } from '../graphql/context';
import { PlantarErrorCode } from '../graphql/error-code';

/**
 * GET /export/<link>: the CSV a signed link grants, streamed. No bearer token: the link is the
 * credential (short-lived, bound to patient, range and kind). A link that expired, was altered or
 * was signed elsewhere is 403 LINK_REFUSED; why is logged, not sent.
 */
export function exportRouter(services: Services): Router {
  const { logger, config } = services;
  const sources = {
    archive: services.archive,
    store: services.store,
    episodes: services.episodes,
    windowMs: (config.maxSec + config.clearDelaySec) * 1000,
  };
  const router = express.Router();
  router.get('/export/:link', async (req, res) => {
    const check = services.exportLinks.verify(req.params.link);
    if (!check.ok) {
      logger.warn({ why: check.why, ip: req.ip }, 'export link refused');
      res.status(403).json({
        code: PlantarErrorCode.LINK_REFUSED,
        message: 'This export link has expired or is not valid here; ask for a new one.',
      });
      return;
    }
    const { request } = check;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
    res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(request)}"`);
    // Patient data: never kept by a browser or proxy cache.
    res.setHeader('Cache-Control', 'no-store');
    try {
      await writeExport(sources, request, config.sensorCount, res);
    } catch (error) {
      if (res.headersSent) {
        // Mid-file: cut the connection so the download fails instead of ending short and looking whole.
        if (!res.destroyed)
          logger.error({ err: error, ...request }, 'export failed mid-file; connection closed');
        res.destroy();
        return;
      }
      const unavailable = error instanceof ArchiveUnavailableError;
      logger.error({ err: error, ...request }, 'export failed');
      res.removeHeader('Content-Disposition');
      res.status(unavailable ? 503 : 500).json(
        unavailable
          ? {
              code: PlantarErrorCode.ARCHIVE_UNAVAILABLE,
              message: 'The archive is unreachable; try again shortly.',
            }
          : { code: PlantarErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' },
      );
    }
  });
  return router;
}
