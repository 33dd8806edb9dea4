import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, E2eHarness } from './harness';

const PATIENTS = 240;

/** The patients' ids in the order the page lists them (only those rendered: it is virtualised). */
const listedIds = (page: Page) =>
  page
    .locator('[data-patient-id]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-patient-id'))));

describe('ward overview with 240 patients in headless Chromium', () => {
  const harness = new E2eHarness('overview', {
    SIMULATOR_PATIENTS: String(PATIENTS),
    PATIENT_IDS: `1-${PATIENTS}`,
    // Flagged readings on some patients, so that ANOMALY episodes open during the test.
    ANOMALY_SIMULATION_RATE: '0.002',
  });
  let page: Page;

  beforeAll(async () => {
    await harness.start();
    page = await harness.signedInPage();
    await page.locator('[data-patient-id]').first().waitFor();
  });

  afterAll(() => harness.stop());

  it('renders only the patients on screen', async () => {
    await page.getByText(`${PATIENTS} patients`).waitFor();
    const rendered = await page.locator('[data-patient-id]').count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(PATIENTS / 3);
  });

  it('lists a patient with an unacknowledged episode first', async () => {
    // Wait for the server to have an unacknowledged episode, then for the page to lead with one.
    await page.waitForFunction(
      () => /alarm unacknowledged/.test(document.querySelector('[data-patient-id]')?.textContent ?? ''),
      undefined,
      { timeout: 60_000 },
    );
    const page1 = await harness.server.services.episodes.list({
      statuses: ['ACTIVE_UNACKNOWLEDGED', 'CLEARED_UNACKNOWLEDGED'],
      first: 1000,
    });
    const unacknowledged = new Set(page1.items.map((e) => e.patientId));
    const [first] = await listedIds(page);
    expect(unacknowledged.has(first!)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'overview-cards-1280.png') });
  });

  it('finds a patient by surname as one types', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('kochalska');
    await page.waitForFunction(() => document.querySelectorAll('[data-patient-id]').length === 1);
    expect(await listedIds(page)).toEqual([2]);
    expect(page.url()).toContain('q=kochalska');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-patient-id]').length > 1);
  });

  it('renders the table layout, one row a patient', async () => {
    await page.getByRole('button', { name: 'Table', exact: true }).click();
    const table = page.getByRole('table', { name: 'Patients' });
    await table.waitFor();
    expect(await table.getAttribute('aria-rowcount')).toBe(String(PATIENTS + 1));
    expect(await page.locator('pl-patient-row[role=row]').count()).toBeGreaterThan(5);
    await page.screenshot({ path: join(ARTIFACTS, 'overview-table-1280.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(ARTIFACTS, 'overview-table-1920.png') });
  });

  it('moves between patients with the arrow keys and opens one with Enter', async () => {
    const ids = await listedIds(page);
    await page.locator(`[data-patient-id="${ids[0]}"]`).focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-patient-id'))).toBe(
      String(ids[1]),
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/patients/${ids[1]}`);
    await page.goBack();
    await page.locator('[data-patient-id]').first().waitFor();
  });

  it('keeps the search, filters and layout through a reload', async () => {
    await page.getByRole('button', { name: 'Live', exact: true }).click();
    await page.getByLabel('Open episode').check();
    await page.getByRole('searchbox').fill('nowak');
    await page.waitForFunction(() => location.search.includes('q=nowak'));
    const url = page.url();
    await page.reload();
    await page.getByRole('table', { name: 'Patients' }).waitFor();
    expect(page.url()).toBe(url);
    expect(await page.getByRole('searchbox').inputValue()).toBe('nowak');
    expect(await page.getByLabel('Open episode').isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Live', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    for (const row of await page.locator('pl-patient-row').allTextContents()) expect(row).toMatch(/Nowak/);
  });

  it('remembers the layout for a link without one, and shows the cards at 1920×1080', async () => {
    await page.goto(`${harness.url}/`);
    await page.getByRole('table', { name: 'Patients' }).waitFor();
    await page.getByRole('button', { name: 'Cards', exact: true }).click();
    await page.locator('pl-patient-card').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'overview-cards-1920.png') });
  });
});
