import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';

/** Paths the server owns; everything else under GET is a dashboard route (deep links). */
const SERVER_PATHS = /^\/(graphql|graphiql|healthz|readyz|metrics|export)(\/|$)/;

/**
 * Serves the built Angular dashboard at `/`, answering deep links such as /patients/3 with
 * index.html so a reload shows the same page. Returns undefined when the client is not built.
 */
export function clientAppRouter(dir: string): Router | undefined {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return undefined;
  const router = express.Router();
  // Hashed bundles are immutable; index.html must always be revalidated to pick up a new build.
  router.use(
    express.static(dir, {
      index: false,
      setHeaders: (res, path) => {
        res.setHeader(
          'Cache-Control',
          path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
        );
      },
    }),
  );
  router.get(/.*/, (req, res, next) => {
    if (SERVER_PATHS.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
