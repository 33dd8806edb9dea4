import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { PlantarServer } from '../../src/server';
import { startTestServer } from '../support/server';
import { ARTIFACTS, launchChromium } from '../support/browser';

/** The playground must work offline (every asset from npm packages) and run subscriptions. */
describe('GraphiQL playground in headless Chromium', () => {
  let server: PlantarServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    server = await startTestServer({ PATIENT_IDS: '1-2', AUTH: 'on' });
    ({ browser, close: closeBrowser } = await launchChromium());
  }, 60_000);

  afterAll(async () => {
    await closeBrowser?.();
    await server?.stop();
  });

  it('loads from the server alone and streams a subscription over graphql-ws', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    const external: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(server.url) && !req.url().startsWith(server.url.replace('http', 'ws')))
        external.push(req.url());
    });
    page.on('console', (msg) => {
      // Chromium's "Failed to load resource" names the URL only in the location: keep both.
      if (msg.type() === 'error') consoleErrors.push(`${msg.text()} (${msg.location().url})`);
    });
    const operation =
      'subscription { readings(patientIds: [1]) { patientId traceId sensors { name value } } }';
    // Signed in the way the startup banner's link does it: ?token= once, then kept by the browser.
    const token = server.services.access.tokens!.mint('graphiql-test', 'viewer', 600);
    await page.goto(`${server.url}/graphiql?token=${token}&query=${encodeURIComponent(operation)}`);
    expect(page.url()).not.toContain('token=');
    await page.waitForSelector('.graphiql-container .CodeMirror');
    await page.click('.graphiql-execute-button');
    const result = page.locator('.result-window');
    await result.getByText('"patientId": 1').waitFor({ timeout: 10_000 });
    const first = await result.innerText();
    // A live subscription replaces the result as readings arrive: wait for another trace id.
    const firstTrace = /"traceId": "(\d+)"/.exec(first)?.[1];
    expect(firstTrace).toBeDefined();
    await result.getByText(new RegExp(`"traceId": "(?!${firstTrace}")\\d+"`)).waitFor({ timeout: 10_000 });
    expect(first).toContain('"traceId"');
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql.png') });
    expect(external).toEqual([]);
    // The favicon is the dashboard's; without a built client it is missing, which GraphiQL does not need.
    expect(consoleErrors.filter((e) => !/\/favicon\.ico\)$/.test(e))).toEqual([]);
  });
});
