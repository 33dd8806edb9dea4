import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, E2eHarness } from './harness';

/** Numbers in an aria-label such as "… 287 readings; latest …". */
const readingsIn = (label: string | null) => Number(/(\d+) readings/.exec(label ?? '')?.[1] ?? 0);

describe('dashboard in headless Chromium against the real server', () => {
  const harness = new E2eHarness('dashboard');
  let page: Page;

  beforeAll(async () => {
    await harness.start();
    page = await harness.browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(() => harness.stop());

  it('asks for sign-in without a token and shows no patient data', async () => {
    const anonymous = await harness.browser.newPage();
    await anonymous.goto(`${harness.url}/`);
    await anonymous
      .getByRole('alert')
      .getByText(/sign-in/i)
      .first()
      .waitFor();
    expect(await anonymous.locator('a.card').count()).toBe(0);
    await anonymous.close();
  });

  it('signs in from the link, then lists the six patients live on the overview', async () => {
    await page.goto(`${harness.url}/?token=${harness.token}`);
    await page.locator('a.card').nth(5).waitFor();
    expect(page.url()).not.toContain('token=');
    const hrefs = await page
      .locator('a.card')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('href')));
    // The overview's order is triage, then surname (overview.e2e.ts); here: all six are there.
    expect(hrefs.sort()).toEqual([
      '/patients/1',
      '/patients/2',
      '/patients/3',
      '/patients/4',
      '/patients/5',
      '/patients/6',
    ]);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('a.card')].filter((c) => /Live/.test(c.textContent ?? '')).length >= 5,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview.png') });
  });

  it('shows a patient whose feet and traces change as readings arrive', async () => {
    await page.goto(`${harness.url}/patients/1`);
    await page.getByRole('heading', { name: 'Janek Grzegorczyk' }).waitFor();
    const feet = page.locator('pl-insoles svg[role=img]').first();
    const chart = page.locator('pl-trace-chart [role=img]').first();
    await chart.and(page.locator('[aria-label*="readings"]')).waitFor();
    const feetBefore = await feet.getAttribute('aria-label');
    const chartBefore = await chart.getAttribute('aria-label');
    await page.waitForFunction(
      ([f, c]) =>
        document.querySelector('pl-insoles svg[role=img]')?.getAttribute('aria-label') !== f &&
        document.querySelector('pl-trace-chart [role=img]')?.getAttribute('aria-label') !== c,
      [feetBefore, chartBefore] as const,
      { timeout: 10_000 },
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-patient.png'), fullPage: true });
  });

  it('answers a deep link reload with the same patient', async () => {
    await page.goto(`${harness.url}/patients/3`);
    await page.reload();
    await page.getByRole('heading', { name: 'Albert Lisowski' }).waitFor();
  });

  it('says "Reconnecting" through a server restart, then recovers with no hole beyond the outage', async () => {
    await page.goto(`${harness.url}/patients/2`);
    await page.getByRole('heading', { name: 'Elżbieta Kochalska' }).waitFor();
    await page.getByText('Connected').first().waitFor();
    const stoppedAt = Date.now();
    await harness.server.stop();
    await page.getByText('Reconnecting').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-reconnecting.png'), fullPage: true });
    // Same port, same Redis: what was stored before the restart is still there to backfill.
    await harness.startServer();
    await page.getByText('Connected').first().waitFor({ timeout: 30_000 });
    // Readings flow again (the chart's label moves on), then compare the chart with the store.
    const label = await page.locator('pl-trace-chart [role=img]').first().getAttribute('aria-label');
    await page.waitForFunction(
      (l) => document.querySelector('pl-trace-chart [role=img]')?.getAttribute('aria-label') !== l,
      label,
    );
    const chartCount = readingsIn(
      await page.locator('pl-trace-chart [role=img]').first().getAttribute('aria-label'),
    );
    const stored = await harness.server.services.store.readings(2, { from: Date.now() - 60_000, last: 3000 });
    // What was stored before the outage is still in the window (this test takes well under a minute),
    // so the chart must have backfilled it: the comparison above is never between two empty sets.
    const beforeOutage = stored.filter((r) => r.at < stoppedAt).length;
    expect(beforeOutage).toBeGreaterThan(0);
    // The default window is one minute; edges move while we read, so a few readings either way.
    expect(Math.abs(chartCount - stored.length)).toBeLessThanOrEqual(6);
    expect(chartCount).toBeGreaterThanOrEqual(beforeOutage);
  });
});
