import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { GaitMinute } from '../../server/src/gait/gait-summary';
import { writeGaitMinutes } from '../../server/src/archive/gait-minutes';
import { PartitionCache } from '../../server/src/archive/partitions';
import { postgresArchive, TEST_DATABASE_URL } from '../../server/test/support/archive-db';
import { ARTIFACTS, E2eHarness } from './harness';

const DAY_MS = 86_400_000;

/**
 * Twenty days of patient 2's gait minutes before today, as the archive's writer would have left
 * them: 4 h a day of mostly walking, slowly speeding up; three days ago only 30 minutes (low data).
 */
function pastMinutes(): GaitMinute[] {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  const minutes: GaitMinute[] = [];
  for (let d = 1; d <= 20; d++) {
    const start = midnight.getTime() - d * DAY_MS + 8 * 3_600_000;
    const count = d === 3 ? 30 : 240;
    for (let i = 0; i < count; i++) {
      minutes.push({
        patientId: 2,
        minute: start + i * 60_000,
        steps: 80 + (d % 4) * 4,
        walkingSeconds: 30 + (d % 5) * 4,
        standingSeconds: 10,
        noLoadSeconds: 60 - 40 - (d % 5) * 4,
        boutsStarted: i % 6 === 0 ? 1 : 0,
        cadence: 96 + (20 - d) * 0.4 + (d % 3),
        stanceSI: 3 + (d % 6) - (d < 8 ? 2 : 0),
        loadSI: -2,
        strideRatio: 1.02,
      });
    }
  }
  return minutes;
}

/**
 * The gait panel in Chromium against the real server and its simulator: patient 2 (Elżbieta
 * Kochalska) walks most of the time, so within seconds the panel says "Walking" with a cadence,
 * the contact ribbon has stance bars of both feet, and the overview's card shows the same state.
 */
describe('gait panel in headless Chromium against the real server', () => {
  const harness = new E2eHarness('gait');
  let page: Page;

  beforeAll(async () => {
    await harness.start();
    page = await harness.signedInPage({ width: 1280, height: 900 });
  });

  afterAll(() => harness.stop());

  it('shows Elżbieta walking with a cadence and a contact ribbon of both feet', async () => {
    await page.goto(`${harness.url}/patients/2`);
    await page.getByRole('heading', { name: 'Elżbieta Kochalska' }).waitFor();
    const panel = page.locator('pl-gait-panel');
    await panel.getByRole('heading', { name: /Gait/ }).waitFor();
    // Walking, with a cadence in steps per minute, said in the group's aria-label as well.
    await panel.locator('[role=group][aria-label^="Walking, cadence"]').waitFor({ timeout: 60_000 });
    const cadence = Number(await panel.locator('[data-figure=cadence]').textContent());
    expect(cadence).toBeGreaterThan(40);
    expect(cadence).toBeLessThan(200);
    expect(await panel.locator('pl-gait-state-badge').first().textContent()).toContain('Walking');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('pl-contact-ribbon rect.bar.left').length > 2 &&
        document.querySelectorAll('pl-contact-ribbon rect.bar.right').length > 2,
      undefined,
      { timeout: 30_000 },
    );
    expect(await panel.locator('pl-contact-ribbon [role=img]').getAttribute('aria-label')).toMatch(
      /Foot contacts over the last 30 seconds: \d+ left and \d+ right stance phases/,
    );
    // The 5 min window: stance share of both feet, the symmetry badge and the data quality.
    await panel.locator('.stance[aria-label*="stance symmetry index"]').waitFor({ timeout: 30_000 });
    expect(await panel.locator('.quality').textContent()).toMatch(/samples\/s · coverage \d+ %/);
    expect(await panel.locator('.cv-note').textContent()).toContain(
      'Stride-time variability (CV) is not shown',
    );
    await page.screenshot({ path: join(ARTIFACTS, 'gait-panel-early.png') });
    // Once the 30 s window is covered the live figures are trusted and no longer greyed.
    await panel.locator('.now:not(.low)').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'gait-panel.png') });
    await panel.screenshot({ path: join(ARTIFACTS, 'gait-panel-only.png') });
  });

  it('shows the gait state on the overview card', async () => {
    await page.goto(`${harness.url}/`);
    const card = page.locator('a.card[href="/patients/2"]');
    await card.locator('pl-gait-state-badge').waitFor({ timeout: 30_000 });
    expect(await card.getAttribute('aria-label')).toMatch(
      /Walking, cadence \d+ steps per minute|Standing|No load|Unknown/,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'gait-overview.png') });
  });

  it('shows the gait history section against the baseline, or says why there is none', async () => {
    await page.goto(`${harness.url}/patients/2`);
    const history = page.locator('pl-gait-history');
    await history.scrollIntoViewIfNeeded();
    await history
      .locator('.chart[aria-label^="Gait over the last 14 days"], .state')
      .first()
      .waitFor({ timeout: 30_000 });
    await history.getByRole('button', { name: '30 days' }).click();
    expect(await history.getByRole('button', { name: '30 days' }).getAttribute('aria-pressed')).toBe('true');
    await history.locator('.chart, .state').first().waitFor({ timeout: 30_000 });
    await history.screenshot({ path: join(ARTIFACTS, 'gait-history.png') });
  });
});

describe('gait panel on a server with gait analysis off', () => {
  const harness = new E2eHarness('gait-off', { GAIT: 'off' });

  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  it('says calmly that gait analysis is off, and the page still works', async () => {
    const page = await harness.signedInPage({ width: 1280, height: 900 });
    await page.goto(`${harness.url}/patients/2`);
    await page.getByRole('heading', { name: 'Elżbieta Kochalska' }).waitFor();
    await page
      .locator('pl-gait-panel [role=status]')
      .getByText('Gait analysis is switched off on this server')
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('pl-gait-panel [role=alert]').count()).toBe(0);
    await page.locator('pl-trace-chart').first().waitFor();
    await page.locator('pl-gait-panel').screenshot({ path: join(ARTIFACTS, 'gait-off.png') });
  });
});

describe('gait history with days in the archive', () => {
  const archive = postgresArchive('gait_e2e');
  const harness = new E2eHarness('gait-history', {
    ARCHIVE: 'on',
    DATABASE_URL: TEST_DATABASE_URL,
    ARCHIVE_SCHEMA: archive.schema!,
  });

  beforeAll(async () => {
    const db = await archive.open();
    const minutes = pastMinutes();
    await new PartitionCache().ensure(
      db,
      minutes.map((m) => m.minute),
    );
    await writeGaitMinutes(db, minutes);
    await db.close();
    await harness.start();
  });

  afterAll(async () => {
    await harness.stop();
    await archive.dispose();
  });

  it('draws the days against the baseline and marks the day with little data', async () => {
    const page = await harness.signedInPage({ width: 1280, height: 900 });
    await page.goto(`${harness.url}/patients/2`);
    const history = page.locator('pl-gait-history');
    await history.scrollIntoViewIfNeeded();
    const chart = history.locator('.chart[aria-label^="Gait over the last 14 days"]');
    await chart.waitFor({ timeout: 30_000 });
    expect(await chart.getAttribute('aria-label')).toMatch(
      /13 with figures; walking \d+ minutes a day on average \(baseline \d+\)/,
    );
    expect(await history.locator('.low-note').first().textContent()).toContain('(30 min)');
    // The option goes to the chart on an animation frame: two frames later it is drawn.
    await history.locator('.chart canvas').waitFor();
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    await history.screenshot({ path: join(ARTIFACTS, 'gait-history-days.png') });
  });
});
