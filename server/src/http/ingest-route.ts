import { Transform } from 'node:stream';
import { CsvError } from 'csv-parse';
import express, { type Router } from 'express';
import type { Principal } from '../auth/principal';
import type { Services } from '../graphql/context';
import { PlantarErrorCode } from '../graphql/error-code';
import { QueueFullError, StoreDownError } from '../push/push-ingest';
import { parseBatch, TooManyReadingsError, UnreadableBodyError } from '../push/push-payload';
import { registrationOf, RegistrationError } from '../push/push-patient';
import { readRecording, RecordingFormatError } from '../replay/recording-csv';
import { authenticateHttp } from './authenticate';

/** Largest body of one push request. */
export const MAX_PUSH_BYTES = 1024 * 1024;
/** Most readings one push request carries. */
export const MAX_PUSH_READINGS = 5000;
/** Largest CSV recording one upload may be (streamed, its rows spooled to disk: memory stays flat). */
export const MAX_RECORDING_BYTES = 128 * 1024 * 1024;

class TooLargeError extends Error {}

/** Passes bytes through, failing the stream past `limit`. */
function byteCap(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(new TooLargeError(`the recording exceeds ${limit} bytes`));
      else done(null, chunk);
    },
  });
}

const NDJSON = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

/**
 * Device push: `PUT /ingest/v1/patients/{id}` registers a patient that pushes, `POST
 * /ingest/v1/readings` takes a JSON array or NDJSON batch. The token is checked before the body is
 * read (device tokens are scoped to their patients, viewers push nothing); answers are 200 with
 * `{ accepted, duplicates, rejected, errors }` (partial success), 400 when nothing could be read,
 * 413 over the caps, 429 or 503 with Retry-After when the pipeline cannot take it now.
 */
export function ingestRouter(services: Services): Router {
  const { logger, push, config } = services;
  const router = express.Router();
  const refuse = (
    res: express.Response,
    status: number,
    code: string,
    message: string,
    retryAfterSec?: number,
  ) => {
    if (retryAfterSec !== undefined) res.setHeader('Retry-After', String(retryAfterSec));
    res.status(status).json({ code, message });
  };
  router.use('/ingest/v1', authenticateHttp(services.access, logger, 'ingest'));

  router.put('/ingest/v1/patients/:id', express.json({ limit: 16 * 1024 }), async (req, res) => {
    const principal = res.locals['principal'] as Principal;
    const id = Number(req.params['id']);
    if (!/^\d{1,10}$/.test(req.params['id'] ?? '') || id < 1 || id > 2_147_483_647) {
      refuse(
        res,
        400,
        PlantarErrorCode.BAD_REQUEST,
        `expected a patient id 1..2147483647 in the path, got "${req.params['id']}"`,
      );
      return;
    }
    if (principal.patients !== undefined && !principal.patients.has(id)) {
      refuse(res, 403, PlantarErrorCode.FORBIDDEN, `this device token may not register patient ${id}`);
      return;
    }
    try {
      const info = registrationOf(id, req.body);
      const [existing] = [...(await services.store.patients([id])).values()];
      if (existing !== undefined && existing.source !== 'PUSH') {
        refuse(
          res,
          409,
          PlantarErrorCode.BAD_REQUEST,
          `patient ${id} is polled from the monitoring API; pick another id`,
        );
        return;
      }
      await push.register(info);
      logger.info({ patientId: id, by: principal.subject }, 'patient registered for push');
      res.status(existing === undefined ? 201 : 200).json({ patientId: id, source: 'PUSH' });
    } catch (error) {
      if (error instanceof RegistrationError) refuse(res, 400, PlantarErrorCode.BAD_REQUEST, error.message);
      else throw error;
    }
  });

  router.post(
    '/ingest/v1/readings',
    express.text({ type: ['application/json', ...NDJSON], limit: MAX_PUSH_BYTES }),
    async (req, res) => {
      const principal = res.locals['principal'] as Principal;
      if (typeof req.body !== 'string') {
        refuse(
          res,
          415,
          PlantarErrorCode.BAD_REQUEST,
          'send Content-Type: application/json (an array) or application/x-ndjson',
        );
        return;
      }
      const type = req.headers['content-type'] ?? '';
      try {
        const batch = parseBatch(req.body, {
          format: NDJSON.some((t) => type.startsWith(t)) ? 'ndjson' : 'json',
          sensorCount: config.sensorCount,
          maxReadings: MAX_PUSH_READINGS,
        });
        const outcome = await push.push(principal, batch);
        if (outcome.rejected > 0) {
          logger.warn(
            { by: principal.subject, rejected: outcome.rejected, first: outcome.errors[0] },
            'pushed readings rejected',
          );
        }
        const nothing = outcome.accepted === 0 && outcome.duplicates === 0 && batch.total > 0;
        res.status(nothing ? 400 : 200).json(outcome);
      } catch (error) {
        if (error instanceof UnreadableBodyError)
          refuse(res, 400, PlantarErrorCode.BAD_REQUEST, error.message);
        else if (error instanceof TooManyReadingsError)
          refuse(res, 413, PlantarErrorCode.PAYLOAD_TOO_LARGE, error.message);
        else if (error instanceof QueueFullError)
          refuse(res, 429, PlantarErrorCode.RATE_LIMITED, error.message, error.retryAfterSec);
        else if (error instanceof StoreDownError)
          refuse(res, 503, PlantarErrorCode.STORE_UNAVAILABLE, error.message, error.retryAfterSec);
        else {
          // The store failed mid-batch (latest/patients): nothing is half-taken that a retry would double.
          logger.error({ err: error }, 'push failed');
          refuse(res, 503, PlantarErrorCode.STORE_UNAVAILABLE, 'the store did not answer; retry shortly', 5);
        }
      }
    },
  );
  router.post('/ingest/v1/recordings', async (req, res) => {
    const principal = res.locals['principal'] as Principal;
    if (principal.role !== 'operator') {
      refuse(res, 403, PlantarErrorCode.FORBIDDEN, 'only operators upload recordings');
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (!/^text\/csv\b/.test(type)) {
      refuse(res, 415, PlantarErrorCode.BAD_REQUEST, `send Content-Type: text/csv, got "${type}"`);
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (declared > MAX_RECORDING_BYTES) {
      // Refused before a byte is read: the client learns at once, not after sending 1 GiB.
      refuse(
        res,
        413,
        PlantarErrorCode.PAYLOAD_TOO_LARGE,
        `the recording exceeds ${MAX_RECORDING_BYTES} bytes`,
      );
      req.resume();
      return;
    }
    try {
      const recording = await readRecording(req.pipe(byteCap(MAX_RECORDING_BYTES)));
      const uploadId = recording.rows > 0 ? services.replays.hold(recording) : null;
      if (uploadId === null) void recording.spool.discard();
      logger.info(
        { by: principal.subject, rows: recording.rows, errors: recording.errorCount },
        'recording uploaded',
      );
      // The validation report: what would be replayed, and the first problems with line and column.
      res.status(recording.rows > 0 ? 200 : 400).json({
        uploadId,
        format: recording.format,
        rows: recording.rows,
        durationSeconds: recording.durationMs / 1000,
        samplesPerSecond: recording.samplesPerSecond,
        errorCount: recording.errorCount,
        errors: recording.errors,
      });
    } catch (error) {
      if (error instanceof TooLargeError) {
        refuse(res, 413, PlantarErrorCode.PAYLOAD_TOO_LARGE, error.message);
        req.resume(); // drain what the client still sends
      } else if (error instanceof RecordingFormatError || error instanceof CsvError) {
        refuse(res, 400, PlantarErrorCode.BAD_REQUEST, error.message);
      } else throw error;
    }
  });

  // Body-parser refusals (over 1 MiB, broken JSON in a registration) in this API's shape.
  router.use('/ingest/v1', ((error, _req, res, next) => {
    const status = (error as { status?: unknown }).status;
    if (status === 413) {
      refuse(
        res,
        413,
        PlantarErrorCode.PAYLOAD_TOO_LARGE,
        `the body exceeds ${MAX_PUSH_BYTES} bytes; split the batch`,
      );
    } else if (status === 400) {
      refuse(res, 400, PlantarErrorCode.BAD_REQUEST, `the body is not JSON: ${(error as Error).message}`);
    } else next(error);
  }) as express.ErrorRequestHandler);
  return router;
}
