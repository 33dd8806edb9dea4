import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig, type Config } from '../../server/src/config/config';
import { startPlantar, type PlantarServer } from '../../server/src/server';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../../server/test/support/redis';
import { freePort } from '../../server/test/support/redis-process';
import { silentLogger } from '../../server/test/support/quiet';

export const CLIENT_DIR = resolve(__dirname, '../dist/client/browser');
/** Screenshots land here (git-ignored): look at them before calling a run good. */
export const ARTIFACTS = resolve(__dirname, '../../test-artifacts');
const SECRET = 'dashboard-e2e-secret-'.padEnd(48, 'q');

/**
 * The real server (embedded simulator, Redis under a fresh key prefix, the built dashboard) and
 * Debian's Chromium, as every dashboard e2e suite runs them. `env` adds to or overrides the
 * configuration (e.g. anomaly simulation for the episode suite).
 */
export class E2eHarness {
  readonly prefix: string;
  config!: Config;
  server!: PlantarServer;
  browser!: Browser;
  /** A viewer token for e2e-nurse, valid for an hour. */
  token!: string;

  constructor(
    name: string,
    private readonly env: Record<string, string> = {},
  ) {
    this.prefix = uniquePrefix(name);
  }

  get url(): string {
    return this.server.url;
  }

  async start(): Promise<void> {
    expect(existsSync(join(CLIENT_DIR, 'index.html'))).toBe(true); // `npm test` builds it first
    mkdirSync(ARTIFACTS, { recursive: true });
    this.config = loadConfig({
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: this.prefix,
      AUTH_SECRET: SECRET,
      CLIENT_DIR,
      LOG_LEVEL: 'silent',
      ...this.env,
    });
    await this.startServer();
    this.browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }

  /** (Re)starts the server on the same port and Redis prefix: what was stored is still there. */
  async startServer(): Promise<void> {
    this.server = await startPlantar(this.config, { logger: silentLogger() });
    this.token = this.server.services.access.tokens!.mint('e2e-nurse', 'viewer', 3600);
  }

  /** A page of the given size, signed in (the token link, as staff open it). */
  async signedInPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const page = await this.browser.newPage({ viewport });
    await page.goto(`${this.url}/?token=${this.token}`);
    return page;
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.server?.stop();
    await deleteKeys(this.prefix);
  }
}
