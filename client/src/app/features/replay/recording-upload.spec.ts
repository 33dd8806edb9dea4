import {
  MAX_RECORDING_BYTES,
  RECORDINGS_URL,
  uploadRecording,
  xhrSend,
  type FetchLike,
} from './recording-upload';

const report = {
  uploadId: 'u1',
  format: 'minimal',
  rows: 200,
  durationSeconds: 49.75,
  samplesPerSecond: 4,
  errorCount: 1,
  errors: [{ line: 7, column: 3, message: 'L1: expected an integer 0..1023, got "x"' }],
};

function answering(status: number, body: unknown): jest.Mock<ReturnType<FetchLike>, Parameters<FetchLike>> {
  return jest.fn((..._args: Parameters<FetchLike>) =>
    Promise.resolve({ ok: status >= 200 && status < 300, status, json: () => Promise.resolve(body) }),
  );
}

describe('uploadRecording', () => {
  const csv = new Blob(['time,L0,L1,L2,R0,R1,R2\n0,1,2,3,4,5,6\n'], { type: 'text/csv' });

  it('posts the CSV with the bearer token and answers the report', async () => {
    const fetch = answering(200, report);
    const outcome = await uploadRecording(csv, 'tok', fetch);
    expect(outcome).toEqual({ ok: true, report });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(RECORDINGS_URL);
    expect(init.method).toBe('POST');
    expect(init.body).toBe(csv);
    expect(init.headers).toEqual({ 'Content-Type': 'text/csv', Authorization: 'Bearer tok' });
  });

  it('says a viewer may not upload (403)', async () => {
    const outcome = await uploadRecording(
      csv,
      'viewer',
      answering(403, { code: 'FORBIDDEN', message: 'only operators upload recordings' }),
    );
    expect(outcome).toMatchObject({ ok: false, status: 403, message: expect.stringMatching(/operators/) });
  });

  it('says what the server found wrong with a file that is no recording (400)', async () => {
    const outcome = await uploadRecording(
      csv,
      'tok',
      answering(400, { code: 'BAD_REQUEST', message: 'expected a header row with time and L0…R2' }),
    );
    expect(outcome).toMatchObject({
      ok: false,
      status: 400,
      message: 'This file is not a recording: expected a header row with time and L0…R2.',
    });
  });

  it('keeps the report of a file none of whose rows could be read (400 with a report)', async () => {
    const empty = { ...report, uploadId: null, rows: 0 };
    const outcome = await uploadRecording(csv, 'tok', answering(400, empty));
    expect(outcome).toMatchObject({ ok: false, status: 400, report: empty });
  });

  it('says the file is too large (413), and does not send one over the cap', async () => {
    expect(
      await uploadRecording(csv, 'tok', answering(413, { code: 'PAYLOAD_TOO_LARGE', message: 'x' })),
    ).toMatchObject({
      ok: false,
      status: 413,
      message: expect.stringMatching(/too large.*128 MiB/),
    });
    const fetch = answering(200, report);
    const huge = { size: MAX_RECORDING_BYTES + 1 } as Blob;
    expect(await uploadRecording(huge, 'tok', fetch)).toMatchObject({ ok: false, status: 413 });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('says when the server could not be reached', async () => {
    const outcome = await uploadRecording(csv, null, () => Promise.reject(new TypeError('Failed to fetch')));
    expect(outcome).toMatchObject({
      ok: false,
      status: 0,
      message: expect.stringMatching(/Failed to fetch/),
    });
  });

  it('passes the upload progress on', async () => {
    const heard: number[] = [];
    const fetch: FetchLike = (_url, _init, onProgress) => {
      onProgress?.(0.5);
      onProgress?.(1);
      return Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve(report) });
    };
    await uploadRecording(csv, 'tok', fetch, (f) => heard.push(f));
    expect(heard).toEqual([0.5, 1]);
  });
});

describe('xhrSend', () => {
  class FakeXhr {
    static last: FakeXhr;
    readonly upload: {
      onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null;
    } = {
      onprogress: null,
    };
    readonly headers: Record<string, string> = {};
    opened: [string, string] | null = null;
    sent: unknown = null;
    status = 0;
    responseText = '';
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    constructor() {
      FakeXhr.last = this;
    }
    open(method: string, url: string): void {
      this.opened = [method, url];
    }
    setRequestHeader(name: string, value: string): void {
      this.headers[name] = value;
    }
    send(body: unknown): void {
      this.sent = body;
    }
  }
  const real = globalThis.XMLHttpRequest;
  beforeEach(() => {
    globalThis.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
  });
  afterEach(() => {
    globalThis.XMLHttpRequest = real;
  });

  it('sends the body with the headers, reports progress and reads the answer', async () => {
    const body = new Blob(['x']);
    const heard: number[] = [];
    const answer = xhrSend(
      RECORDINGS_URL,
      { method: 'POST', headers: { Authorization: 'Bearer t' }, body },
      (f) => heard.push(f),
    );
    const xhr = FakeXhr.last;
    expect(xhr.opened).toEqual(['POST', RECORDINGS_URL]);
    expect(xhr.headers).toEqual({ Authorization: 'Bearer t' });
    expect(xhr.sent).toBe(body);
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 25, total: 100 });
    xhr.upload.onprogress?.({ lengthComputable: false, loaded: 50, total: 0 });
    xhr.status = 403;
    xhr.responseText = '{"code":"FORBIDDEN","message":"only operators upload recordings"}';
    xhr.onload?.();
    const response = await answer;
    expect(heard).toEqual([0.25]);
    expect(response.ok).toBe(false);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ code: 'FORBIDDEN', message: 'only operators upload recordings' });
  });

  it('rejects when the network fails', async () => {
    const answer = xhrSend(RECORDINGS_URL, { method: 'POST', headers: {}, body: new Blob([]) });
    FakeXhr.last.onerror?.();
    await expect(answer).rejects.toThrow('network error');
  });
});
