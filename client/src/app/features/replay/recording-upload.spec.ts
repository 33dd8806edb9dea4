import { MAX_RECORDING_BYTES, RECORDINGS_URL, uploadRecording, type FetchLike } from './recording-upload';

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
  return jest.fn((_url: string, _init: RequestInit) =>
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
});
