import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { walk, yesterday } from '../../server/test/support/archive-data';
import { archiveReadings, postgresArchive, TEST_DATABASE_URL } from '../../server/test/support/archive-db';
import { ARTIFACTS, E2eHarness } from './harness';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Yesterday 10:00 UTC: an hour of patient 1 walking, which only the archive holds. */
const T0 = yesterday() + 10 * HOUR;
const YESTERDAY = walk(1, T0, 18_000);
/** Three hours ago, an hour of patient 2 with every fifth reading flagged: 720 s flagged. */
const FLAGGED = walk(2, Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR, 18_000, { flagEvery: 5 });

/** The figures the left foot's chart states in its aria-label. */
interface ChartFigures {
  readings: number;
  resolution: string;
  first: string;
  last: string;
  gaps: number;
}

const LABEL =
  /: (\d+) readings \(([^)]+)\) from (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) to (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d);.*; (\d+) gaps? without data/;

/**
 * The history view in Chromium against the real server with its archive on PostgreSQL: an hour
 * of yesterday written to the archive, the server restarted, and the patient page must show it.
 */
describe('patient history in headless Chromium', () => {
  const archive = postgresArchive('history_e2e');
  const harness = new E2eHarness('history', {
    ARCHIVE: 'on',
    DATABASE_URL: TEST_DATABASE_URL,
    ARCHIVE_SCHEMA: archive.schema!,
  });
  let page: Page;

  const history = () => page.locator('pl-history-view');
  const leftChart = () => history().getByRole('img', { name: /Pressure history of the left foot/ });

  async function figures(): Promise<ChartFigures> {
    const label = (await leftChart().getAttribute('aria-label')) ?? '';
    const m = LABEL.exec(label);
    if (!m) throw new Error(`unexpected chart label: ${label}`);
    return { readings: Number(m[1]), resolution: m[2]!, first: m[3]!, last: m[4]!, gaps: Number(m[5]) };
  }

  /** Waits until the left chart's label satisfies `test` (the view asks the server first). */
  async function chartSays(test: string): Promise<void> {
    await page.waitForFunction(
      (pattern) =>
        new RegExp(pattern).test(
          document
            .querySelector('pl-history-view [role=img][aria-label^="Pressure history of the left foot"]')
            ?.getAttribute('aria-label') ?? '',
        ),
      test,
      { timeout: 20_000 },
    );
  }

  /** A time as the page shows it (the browser's zone): "YYYY-MM-DD HH:MM:SS", or the input's form. */
  const shown = (t: number, input = false) =>
    page.evaluate(
      ([at, asInput]) => {
        const d = new Date(at);
        const p = (n: number) => String(n).padStart(2, '0');
        const date = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
        return asInput
          ? `${date}T${p(d.getHours())}:${p(d.getMinutes())}`
          : `${date} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
      },
      [t, input] as const,
    );

  beforeAll(async () => {
    // Yesterday, written to the archive as the writer would have, before the server ever ran.
    await archiveReadings(archive, YESTERDAY, FLAGGED);
    await harness.start();
  });

  afterAll(async () => {
    await harness.stop();
    await archive.dispose();
  });

  it('shows yesterday’s data after a restart', async () => {
    await harness.server.stop();
    await harness.startServer();
    page = await harness.signedInPage({ width: 1440, height: 900 });
    await page.goto(`${harness.url}/patients/1`);
    await history().scrollIntoViewIfNeeded();

    // The range picker from the keyboard: focus "7 d" and press Enter.
    const range = history().getByRole('group', { name: 'History range' });
    await range.getByRole('button', { name: '7 d' }).focus();
    await page.keyboard.press('Enter');
    expect(await range.getByRole('button', { name: '7 d' }).getAttribute('aria-pressed')).toBe('true');
    await chartSays(' readings \\(');

    const week = await figures();
    // The archived hour is in it (and the simulator's minutes of today, live from Redis).
    expect(week.readings).toBeGreaterThanOrEqual(YESTERDAY.length);
    expect(week.first.slice(0, 13)).toBe((await shown(T0)).slice(0, 13));
    // Between yesterday's hour and today's readings there is nothing: drawn as a gap.
    expect(week.gaps).toBeGreaterThan(0);
    const stats = history().getByRole('region', { name: 'Statistics for the range' });
    const readingsFact = stats
      .locator('dl div')
      .filter({ has: page.locator('dt', { hasText: /^Readings$/ }) })
      .locator('dd');
    await readingsFact.waitFor();
    expect(Number((await readingsFact.textContent())!.replace(/\D/g, ''))).toBeGreaterThanOrEqual(
      YESTERDAY.length,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'history-7d-1440.png'), fullPage: true });
    await history().screenshot({ path: join(ARTIFACTS, 'history-7d-panel-1440.png') });
  });

  it('shows a custom range of yesterday, and zooms in to the raw readings', async () => {
    await history().getByRole('button', { name: 'Custom…' }).click();
    await history()
      .getByLabel('From', { exact: true })
      .fill(await shown(T0 - 10 * MIN, true));
    await history()
      .getByLabel('To', { exact: true })
      .fill(await shown(T0 + 70 * MIN, true));
    await history().getByLabel('To', { exact: true }).press('Enter');
    await chartSays(` ${YESTERDAY.length} readings`);
    const hour = await figures();
    expect(hour.readings).toBe(YESTERDAY.length);
    expect(hour.resolution).toMatch(/buckets/);
    // Before 10:00 and after 11:00 yesterday there is nothing.
    expect(hour.gaps).toBeGreaterThan(0);
    await history().screenshot({ path: join(ARTIFACTS, 'history-hour-panel-1440.png') });

    // Each zoom asks the server again, finer; a minute or so of readings come raw.
    const zoomIn = history().getByRole('button', { name: 'Zoom in' });
    for (let i = 0; i < 6; i++) {
      const before = (await leftChart().getAttribute('aria-label')) ?? '';
      await zoomIn.click();
      await page.waitForFunction(
        (previous) =>
          document
            .querySelector('pl-history-view [role=img][aria-label^="Pressure history of the left foot"]')
            ?.getAttribute('aria-label') !== previous,
        before,
      );
    }
    await chartSays('\\(raw readings\\)');
    const raw = await figures();
    expect(raw.readings).toBeGreaterThan(100);
    expect(raw.readings).toBeLessThan(600);
    await history().screenshot({ path: join(ARTIFACTS, 'history-raw-panel-1440.png') });

    // The wheel on a chart zooms too (back to the whole range first).
    await history().getByRole('button', { name: 'Whole range' }).click();
    await chartSays(` ${YESTERDAY.length} readings`);
    const box = (await leftChart().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // Ten wheel steps narrow the hour (with ten minutes either side) to well under its 18 000 readings.
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -300);
    await history()
      .getByText(/Zoomed to/)
      .waitFor();
    await page.waitForFunction(
      (n) =>
        !new RegExp(` ${n} readings`).test(
          document
            .querySelector('pl-history-view [role=img][aria-label^="Pressure history of the left foot"]')
            ?.getAttribute('aria-label') ?? '',
        ),
      YESTERDAY.length,
    );
    expect((await figures()).readings).toBeLessThan(YESTERDAY.length);
  });

  it('downloads the range’s readings as CSV through a signed link', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      history().getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split(/\r\n/);
    expect(lines[0]).toMatch(/L0/);
    expect(lines.length - 1).toBe(YESTERDAY.length);
  });

  it('ranks the patients of the last 24 hours on the overview', async () => {
    await page.goto(`${harness.url}/`);
    const panel = page.locator('pl-top-patients-panel');
    await panel
      .getByRole('group', { name: 'Rank patients by' })
      .getByRole('button', { name: 'Flagged time' })
      .click();
    const first = panel.getByRole('listitem').first();
    await first.getByText('12 min flagged').waitFor();
    expect(await first.getByRole('link').getAttribute('href')).toBe('/patients/2');
    expect(await first.getByRole('link').getAttribute('aria-label')).toMatch(/^1\. .+: 12 min flagged$/);
    await page.locator('[data-patient-id]').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'history-top10-overview-1440.png') });
  });
});
