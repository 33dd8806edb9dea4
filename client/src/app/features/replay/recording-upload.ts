/** Where recordings are uploaded (same origin as the page). */
export const RECORDINGS_URL = '/ingest/v1/recordings';
/** The server's cap on one recording (server/src/http/ingest-route.ts MAX_RECORDING_BYTES). */
export const MAX_RECORDING_BYTES = 128 * 1024 * 1024;

/** One problem in a recording, as the server reports it. */
export interface RecordingProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The validation report the server answers an upload with, before anything is replayed. */
export interface RecordingReport {
  /** Null when no row could be read (nothing to replay). */
  readonly uploadId: string | null;
  readonly format: string;
  readonly rows: number;
  readonly durationSeconds: number;
  readonly samplesPerSecond: number;
  readonly errorCount: number;
  /** The first problems (the server lists at most 20). */
  readonly errors: readonly RecordingProblem[];
}

/** What came of an upload: the report, or what to tell the operator. */
export type UploadOutcome =
  | { readonly ok: true; readonly report: RecordingReport }
  | {
      readonly ok: false;
      readonly status: number;
      readonly message: string;
      readonly report?: RecordingReport;
    };

/** The part of a fetch Response an upload reads. */
export type ResponseLike = Pick<Response, 'ok' | 'status' | 'json'>;
/** What an upload sends. */
export interface UploadRequest {
  readonly method: 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Blob;
}
/** Sends a request; `onProgress` hears the share of the body sent so far (0..1) where it can. */
export type FetchLike = (
  input: string,
  init: UploadRequest,
  onProgress?: (fraction: number) => void,
) => Promise<ResponseLike>;

/**
 * Sends a CSV recording to `POST /ingest/v1/recordings` with the bearer token and reads the
 * answer: a report (200; or 400 with a report when no row could be read), or the refusal in
 * words an operator can act on (403 viewer token, 413 too large, 400 not a recording, 401 sign-in).
 * Never rejects.
 */
export async function uploadRecording(
  file: Blob,
  token: string | null,
  fetchImpl: FetchLike = (input, init) => fetch(input, init),
  onProgress?: (fraction: number) => void,
): Promise<UploadOutcome> {
  if (file.size > MAX_RECORDING_BYTES) {
    return { ok: false, status: 413, message: tooLarge(file.size) };
  }
  const headers: Record<string, string> = { 'Content-Type': 'text/csv' };
  if (token) headers['Authorization'] = `Bearer ${token}`;
  let response: ResponseLike;
  try {
    response = await fetchImpl(RECORDINGS_URL, { method: 'POST', headers, body: file }, onProgress);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, status: 0, message: `The upload did not reach the server (${reason}).` };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && isReport(body)) return { ok: true, report: body };
  if (isReport(body)) {
    return {
      ok: false,
      status: response.status,
      message: 'No row of this file could be read: see the problems below.',
      report: body,
    };
  }
  return { ok: false, status: response.status, message: refusal(response.status, serverMessage(body)) };
}

function refusal(status: number, message: string | null): string {
  switch (status) {
    case 401:
      return 'The server did not accept your sign-in: sign in again, then upload.';
    case 403:
      return 'Only operators can upload recordings; this sign-in is not an operator’s.';
    case 413:
      return `The file is too large: at most ${MAX_RECORDING_BYTES / 1024 / 1024} MiB.`;
    case 400:
    case 415:
      return `This file is not a recording: ${message ?? 'the server could not read it'}.`;
    default:
      return `The upload failed (HTTP ${status})${message ? `: ${message}` : ''}.`;
  }
}

function tooLarge(size: number): string {
  const mib = (size / 1024 / 1024).toFixed(0);
  return `The file is too large (${mib} MiB): at most ${MAX_RECORDING_BYTES / 1024 / 1024} MiB.`;
}

function serverMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const message = (body as { message?: unknown }).message;
  return typeof message === 'string' && message !== '' ? message : null;
}

function isReport(body: unknown): body is RecordingReport {
  if (typeof body !== 'object' || body === null) return false;
  const r = body as Partial<Record<keyof RecordingReport, unknown>>;
  return (
    typeof r.rows === 'number' &&
    typeof r.durationSeconds === 'number' &&
    typeof r.samplesPerSecond === 'number' &&
    typeof r.errorCount === 'number' &&
    Array.isArray(r.errors) &&
    (typeof r.uploadId === 'string' || r.uploadId === null)
  );
}

/**
 * An upload over XMLHttpRequest, for its upload progress events (fetch has none for request
 * bodies): a big recording's bar moves while it is sent. Rejects on a network failure only.
 */
export function xhrSend(
  input: string,
  init: UploadRequest,
  onProgress?: (fraction: number) => void,
): Promise<ResponseLike> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(init.method, input);
    for (const [name, value] of Object.entries(init.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () =>
      resolve({
        ok: xhr.status >= 200 && xhr.status < 300,
        status: xhr.status,
        json: () => Promise.resolve().then((): unknown => JSON.parse(xhr.responseText)),
      });
    xhr.onerror = () => reject(new Error('network error'));
    xhr.onabort = () => reject(new Error('aborted'));
    xhr.send(init.body);
  });
}
