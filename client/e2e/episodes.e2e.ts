import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, E2eHarness } from './harness';

/**
 * Episodes and alarms in Chromium against the real server. Every fresh reading is flagged
 * (ANOMALY_SIMULATION_RATE=1), so each of the six patients opens one ANOMALY episode a second
 * after polling starts, and it stays active: the count is steady, and only the acknowledgement
 * changes it. Other kinds are off so nothing else moves the count.
 */
describe('episodes and the alarm bar in headless Chromium', () => {
  const harness = new E2eHarness('episodes', { ANOMALY_SIMULATION_RATE: '1', EPISODE_KINDS: 'ANOMALY' });
  let page: Page;

  const alarmCount = async () => Number(await page.getByTestId('alarm-count').textContent());

  beforeAll(async () => {
    await harness.start();
    page = await harness.signedInPage();
    await page.locator('a.card').nth(5).waitFor();
  });

  afterAll(() => harness.stop());

  it('counts the unacknowledged episodes of every patient in the alarm bar', async () => {
    await page.waitForFunction(
      () => document.querySelector('[data-testid=alarm-count]')?.textContent?.trim() === '6',
      undefined,
      {
        timeout: 20_000,
      },
    );
    const bar = page.getByRole('region', { name: 'Alarms' });
    expect(await bar.textContent()).toMatch(/6\s+unacknowledged episodes/);
    // The newest, each naming its patient and linking to its episode: as many as fit whole on one
    // line (two on a laptop and a 1920 px screen, three from 2200 px); the count says how many
    // there are in all.
    const links = bar.getByRole('list', { name: 'Newest unacknowledged episodes' }).getByRole('link');
    expect(await links.count()).toBe(2);
    expect(await links.first().getAttribute('href')).toMatch(/^\/patients\/\d\?episode=.+/);
    expect(await links.first().textContent()).toMatch(/High\s*Anomaly/);
    await page.screenshot({ path: join(ARTIFACTS, 'episodes-overview-1280.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    expect(await links.count()).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'episodes-overview-1920.png') });
    await page.setViewportSize({ width: 2400, height: 1200 });
    expect(await links.count()).toBe(3);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('opens an episode from the alarm bar, acknowledges it with a note from the keyboard, and the count drops', async () => {
    const before = await alarmCount();
    const link = page.getByRole('list', { name: 'Newest unacknowledged episodes' }).getByRole('link').first();
    const href = (await link.getAttribute('href'))!;
    const [, patientId, episodeId] = /^\/patients\/(\d+)\?episode=(.+)$/.exec(href)!;
    await link.click();
    await page.waitForURL(`**/patients/${patientId}?episode=*`);

    // The linked episode is expanded, its readings listed, the traces around its start shown.
    const toggle = page.locator(`[id="episode-toggle-${decodeURIComponent(episodeId!)}"]`);
    await toggle.and(page.locator('[aria-expanded=true]')).waitFor();
    const row = page.locator(`[id="episode-${decodeURIComponent(episodeId!)}"]`);
    expect(await row.textContent()).toContain('Active · not acknowledged');
    expect(await row.textContent()).toContain('High');
    await page.getByRole('heading', { name: /Traces around/ }).waitFor();
    await page.locator('.detail table.readings tbody tr').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'episodes-patient-1280.png') });
    await page.screenshot({ path: join(ARTIFACTS, 'episodes-patient-1280-full.png'), fullPage: true });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(ARTIFACTS, 'episodes-patient-1920.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Keyboard only: the acknowledge button, then the note field has the focus; Enter sends it.
    await row.getByRole('button', { name: /^Acknowledge/ }).press('Enter');
    const note = page.getByLabel(/Note/);
    await page.waitForFunction(() => document.activeElement?.id.startsWith('episode-note-'));
    await page.screenshot({ path: join(ARTIFACTS, 'episodes-ack-form-1280.png') });
    await note.pressSequentially('seen; patient resting');
    await note.press('Enter');

    await page.waitForFunction(
      (id) => document.getElementById(`episode-${id}`)?.textContent?.includes('Active · acknowledged'),
      decodeURIComponent(episodeId!),
    );
    expect(await row.textContent()).toContain('by e2e-nurse');
    expect(await page.locator('.detail .notes').textContent()).toContain('seen; patient resting');
    // The bar hears of it through the episodes subscription and counts one fewer.
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=alarm-count]')?.textContent) === n,
      before - 1,
      { timeout: 10_000 },
    );
    expect(await alarmCount()).toBe(before - 1);
    await page
      .getByRole('region', { name: 'Alarms' })
      .screenshot({ path: join(ARTIFACTS, 'episodes-alarm-bar-after-1280.png') });

    // And the server has it: acknowledged by the signed-in nurse, with the note.
    const answer = (await (
      await fetch(`${harness.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.token}` },
        body: JSON.stringify({
          query: `{ episodes(patientIds: [${patientId}]) { edges { node { id status acknowledgedBy notes { text } } } } }`,
        }),
      })
    ).json()) as {
      data: {
        episodes: {
          edges: {
            node: { id: string; status: string; acknowledgedBy: string; notes: { text: string }[] };
          }[];
        };
      };
    };
    const stored = answer.data.episodes.edges.find((e) => e.node.id === decodeURIComponent(episodeId!))!.node;
    expect(stored).toMatchObject({
      status: 'ACTIVE_ACKNOWLEDGED',
      acknowledgedBy: 'e2e-nurse',
      notes: [{ text: 'seen; patient resting' }],
    });
  });
});
