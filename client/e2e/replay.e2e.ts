import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, E2eHarness } from './harness';

const ROWS = 200;
const HZ = 4;

/**
 * A minimal recording (`time,L0,L1,L2,R0,R1,R2`, seconds from the start) of 200 rows at 4 Hz
 * (50 s), a walk's alternating loads, with one bad row the report names by line and column.
 */
function writeRecording(): string {
  const lines = ['time,L0,L1,L2,R0,R1,R2'];
  for (let i = 0; i < ROWS; i++) {
    const left = i % 4 < 2;
    const v = (on: boolean) => (on ? 700 + (i % 7) * 20 : 40);
    lines.push([(i / HZ).toFixed(2), v(left), v(left), v(left), v(!left), v(!left), v(!left)].join(','));
    if (i === 9) lines.push('2.30,500,high,500,500,500,500'); // line 12: L1 is no number
  }
  const path = join(mkdtempSync(join(tmpdir(), 'plantar-replay-')), 'walk-e2e.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Rows sent, as the replay's progress bar says. */
const sentOf = (page: Page) =>
  page
    .locator('pl-replay-item progress')
    .first()
    .evaluate((p) => (p as HTMLProgressElement).value);

describe('recordings replayed live, in headless Chromium against the real server', () => {
  const harness = new E2eHarness('replay');
  let csv: string;

  beforeAll(async () => {
    await harness.start();
    csv = writeRecording();
  });

  afterAll(() => harness.stop());

  it('shows a viewer no upload control, and the server refuses a viewer’s upload anyway', async () => {
    const page = await harness.signedInPage();
    await page.getByRole('link', { name: 'Recordings' }).click();
    await page.getByRole('heading', { name: 'Recordings', level: 1 }).waitFor();
    await page.getByTestId('viewer-note').waitFor();
    expect(await page.getByLabel('Choose a CSV file, or drop it here').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Upload a recording' }).count()).toBe(0);
    // What the page leaves out, the server refuses: the same viewer token straight at the API.
    const status = await page.evaluate(
      async ({ url, token }) =>
        (
          await fetch(`${url}/ingest/v1/recordings`, {
            method: 'POST',
            headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
            body: 'time,L0,L1,L2,R0,R1,R2\n0,1,2,3,4,5,6\n',
          })
        ).status,
      { url: harness.url, token: harness.token },
    );
    expect(status).toBe(403);
    await page.close();
  });

  it('uploads a recording, watches it replay with progress, pauses, resumes at 10x and sees it finish', async () => {
    const operator = harness.server.services.access.tokens!.mint('e2e-operator', 'operator', 3600);
    const page = await harness.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${harness.url}/replays?token=${operator}`);
    await page.getByRole('heading', { name: 'Recordings', level: 1 }).waitFor();
    await page.getByText('No replays yet.').waitFor();

    // The validation report, before anything starts.
    await page.getByLabel('Choose a CSV file, or drop it here').setInputFiles(csv);
    const report = page.getByTestId('report');
    await report.waitFor();
    expect(await page.getByTestId('report-rows').textContent()).toBe('200');
    expect(await report.textContent()).toContain('4 Hz');
    expect(await report.textContent()).toMatch(/Line 12, column 3: .*L1/);
    await page.screenshot({ path: join(ARTIFACTS, 'replay-report.png'), fullPage: true });

    // Replay at 1x under the name given.
    await page.getByLabel('Name').fill('E2E walk');
    await page.getByLabel('1x').check();
    await page.getByRole('button', { name: 'Replay' }).click();
    const item = page.locator('pl-replay-item').first();
    await item.getByRole('heading', { name: 'E2E walk' }).waitFor();
    const state = item.getByTestId('replay-state');
    await page.waitForFunction(
      () =>
        Number((document.querySelector('pl-replay-item progress') as HTMLProgressElement | null)?.value) > 4,
    );
    const before = await sentOf(page);
    await page.waitForFunction(
      (b) => Number((document.querySelector('pl-replay-item progress') as HTMLProgressElement).value) > b,
      before,
    );
    expect(await state.textContent()).toContain('Playing');

    // Pause: the server stops sending and the bar stops moving.
    await item.getByRole('button', { name: 'Pause' }).click();
    await state.getByText('Paused').waitFor();
    const paused = await sentOf(page);
    const [server] = harness.server.services.replays.list();
    expect(server?.state).toBe('PAUSED');
    expect(server?.sent).toBe(paused);
    await page.screenshot({ path: join(ARTIFACTS, 'replay-paused.png'), fullPage: true });
    // Absence of progress has no event to await: an observation window of a few progress periods.
    await page.waitForTimeout(1_500);
    expect(await sentOf(page)).toBe(paused);
    expect(harness.server.services.replays.list()[0]?.sent).toBe(paused);
    expect(paused).toBeLessThan(ROWS);

    // Resume at 10x (picked while paused) and see it finish.
    await item.getByLabel('Speed').selectOption('10');
    await item.getByRole('button', { name: 'Resume' }).click();
    await state.getByText('Playing').waitFor();
    await item.getByTestId('replay-speed').getByText('10x speed').waitFor();
    await state.getByText('Finished').waitFor({ timeout: 30_000 });
    expect(await item.getByTestId('replay-rows').textContent()).toBe('200 of 200 rows (100%)');
    expect(await item.getByRole('button').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'replay-finished.png'), fullPage: true });

    // The replayed patient has a page of its own.
    const link = item.getByRole('link', { name: /Patient \d+ page/ });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/patients\/\d+$/);
    await link.click();
    await page.waitForURL(`**${href}`);
    await page.getByRole('heading', { name: 'E2E walk' }).waitFor();
    await page.locator('pl-source-badge').getByText('Replay').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'replay-patient.png') });

    // On the overview the replayed patient is listed beside the six polled ones (Query.patients lists
    // the deployment's patients), and only its card carries a source badge.
    await page.getByRole('link', { name: '← All patients' }).click();
    await page.locator('a.card').nth(6).waitFor();
    expect(await page.locator('a.card').count()).toBe(7);
    const badged = page.locator('a.card', { has: page.locator('pl-source-badge .source') });
    expect(await badged.count()).toBe(1);
    expect(await badged.getAttribute('href')).toBe(href);
    await badged.locator('pl-source-badge').getByText('Replay').waitFor();
    await page.close();
  });
});
