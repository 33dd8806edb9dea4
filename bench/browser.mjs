// Browser: the dashboard's patient page (/patients/1), or with --page overview the ward overview
// (/; default 1,000 patients there), at the real rate (embedded simulator, 5 Hz)
// in headless Chromium for --minutes: frame times (requestAnimationFrame deltas) p50/p95/p99,
// long tasks (PerformanceObserver 'longtask'), JS heap used at start and end, each after a forced
// GC (CDP HeapProfiler.collectGarbage + Performance.getMetrics). Baseline in the same run: the same
// measurement on a static blank page, the frame-time floor of this browser on this machine.
// Uses the client build (brought up to date first, see ensureBuilt in lib.mjs), copied aside so
// that a rebuild by someone else during the run cannot swap files under the page.
// The overview mode adds: time to the first screen with names and status (navigation start to the
// first patient rendered with its status pill), age of the newest value on screen (sampled four
// times a second: now minus the newest data-reading-at on screen, a reading's server receipt time
// on the browser's clock), WebSocket bytes/s the page receives, and beside it the bytes/s of the
// per-reading feed (every reading of every patient, the LiveReadings subscription the overview
// used before) counted by a plain graphql-ws client in this process for --feed-seconds.
//   node bench/browser.mjs [--minutes 10] [--baseline-minutes 1] [--settle 70] [--patients 6] [--screenshot file.png] [--smoke]
//   node bench/browser.mjs --page overview [--patients 1000] [--minutes 3] [--settle 20] [--feed-seconds 20]
//     [--first-screens 3] [--compare-client dir] [--heap-snapshots dir] [--heap-every-minutes 1] [--heap-reads 3]
import { existsSync, mkdtempSync, mkdirSync, cpSync, rmSync, createWriteStream } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { options, machine, startServer, percentile, sleep, fmt, root, ensureBuilt } from './lib.mjs';

const o = options({
  minutes: 10,
  'baseline-minutes': 1,
  // Long enough for the page's default 1-minute window to fill: heap growth measured after that is
  // what a long session adds, not the window's buffers filling up.
  settle: 70,
  page: 'patient',
  patients: 0,
  'feed-seconds': 20,
  // Overview: cold navigations (each in a fresh browser context) timed before the long run, with
  // where the time went (document, scripts, each GraphQL operation, first screen).
  'first-screens': 3,
  // Another client build (its browser/ directory): the cold navigations alternate between this
  // build and that one, each served by a proxy of its own in front of the same server (same-run A/B).
  'compare-client': '',
  // A directory: heap snapshots (.heapsnapshot) of the measured page at start and end, after GC.
  'heap-snapshots': '',
  // Heap used (after a forced GC) sampled this often during the run, 0 for start and end only.
  'heap-every-minutes': 1,
  // Each heap sample is the least of this many readings a second apart (see heapUsed).
  'heap-reads': 3,
  screenshot: '',
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
});
ensureBuilt();
const overview = o.page === 'overview';
if (o.patients === 0) o.patients = overview ? 1000 : 6;
const minutes = o.smoke ? 0.1 : o.minutes;
const baselineMinutes = o.smoke ? 0.05 : o['baseline-minutes'];
const settle = o.smoke ? 3 : o.settle;

console.log(`# browser — ${machine()}`);
if (!existsSync(o.chromium)) {
  console.error(`browser: no Chromium at ${o.chromium} (set CHROMIUM_PATH or --chromium)`);
  process.exit(1);
}
const built = join(root, 'client/dist/client/browser');
if (!existsSync(join(built, 'index.html'))) {
  console.log('client not built: building it (cd client && npx ng build)');
  execSync('npx ng build', { cwd: join(root, 'client'), stdio: 'inherit' });
}
const clientDir = mkdtempSync(join(tmpdir(), 'plantar-bench-client-'));
cpSync(built, clientDir, { recursive: true });

/** Runs in every page before its own scripts. */
// Frame times go to a typed array allocated up front: its bytes live outside the JS heap, so the
// measurement itself does not show as heap growth (a plain array of 36,000 frames did: ~0.3 MiB,
// and all of the blank page's "growth").
const INIT = (capacity) => {
  const bench = {
    frames: new Float64Array(capacity),
    count: 0,
    longTasks: [],
    recording: false,
    // Overview: ms from navigation start to the first patient with its status, and value ages.
    firstScreen: null,
    ages: new Float64Array(Math.ceil(capacity / 10)),
    ageCount: 0,
  };
  window.__bench = bench;
  let last;
  let lastAgeSample = 0;
  const frame = (t) => {
    if (bench.recording && last !== undefined && bench.count < capacity)
      bench.frames[bench.count++] = t - last;
    last = t;
    if (bench.firstScreen === null && document.querySelector('[data-patient-id] .pill'))
      bench.firstScreen = performance.now();
    if (bench.recording && t - lastAgeSample >= 250 && bench.ageCount < bench.ages.length) {
      lastAgeSample = t;
      let newest = -Infinity;
      for (const el of document.querySelectorAll('[data-reading-at]'))
        newest = Math.max(newest, Number(el.getAttribute('data-reading-at')));
      if (newest > 0) bench.ages[bench.ageCount++] = Date.now() - newest;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    if (bench.recording) for (const e of list.getEntries()) bench.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: false });
};

const blank = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<!doctype html><html><head><title>blank</title></head><body></body></html>');
});
await new Promise((r) => blank.listen(0, '127.0.0.1', r));

const server = await startServer({
  CLIENT_DIR: clientDir,
  SIMULATOR_PATIENTS: String(o.patients),
  PATIENT_IDS: `1-${o.patients}`,
});
const browser = await chromium.launch({
  executablePath: o.chromium,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

/**
 * JS heap used after forced GCs: the least of --heap-reads readings a second apart. One reading
 * after one GC swung by up to ~1.5 MiB of 8 from minute to minute with no trend: what is in
 * flight at that moment (summary batches parsed and waiting for the next frame, the previous
 * frame's views, answers on their way) is held then and gone a second later. The least of a few
 * is what the page keeps, which is what growth over a session is about. Every reading is kept.
 */
async function heapUsed(cdp, reads = o['heap-reads'], all = []) {
  let least = Infinity;
  for (let i = 0; i < reads; i++) {
    if (i > 0) await sleep(1000);
    // Twice: objects freed by the first (weak references, finalizers) are collected by the second.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
    all.push(used);
    least = Math.min(least, used);
  }
  return least;
}

/** Writes a heap snapshot of the page (after a forced GC) to file, streamed as CDP sends it. */
async function heapSnapshot(cdp, file) {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const out = createWriteStream(file);
  const onChunk = ({ chunk }) => out.write(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await new Promise((r) => out.end(r));
}

async function measure(url, mins, screenshot) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // Room for up to 250 frames a second (a 60 Hz page makes 60).
  await page.addInitScript(INIT, Math.ceil(mins * 60 * 250) + 1000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let wsFrames = 0;
  let wsBytes = 0;
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      wsFrames++;
      wsBytes += typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
    }),
  );
  await page.goto(url, { waitUntil: 'load' });
  await sleep(settle * 1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const snapshots = o['heap-snapshots'] && url.startsWith(server.url) ? o['heap-snapshots'] : '';
  if (snapshots) {
    mkdirSync(snapshots, { recursive: true });
    await heapSnapshot(cdp, join(snapshots, 'start.heapsnapshot'));
  }
  const heapReads = [];
  const heapStart = await heapUsed(cdp, o['heap-reads'], heapReads);
  const ws0 = wsFrames;
  const bytes0 = wsBytes;
  const t0 = Date.now();
  await page.evaluate(() => (window.__bench.recording = true));
  // Heap after a forced GC every --heap-every-minutes: the trend, not only two points.
  const heapSamples = [heapStart];
  const every = o['heap-every-minutes'] * 60_000;
  const until = t0 + mins * 60_000;
  while (every > 0 && Date.now() + every < until) {
    await sleep(every);
    heapSamples.push(await heapUsed(cdp, o['heap-reads'], heapReads));
  }
  await sleep(Math.max(0, until - Date.now()));
  const { frames, longTasks, ages, firstScreen, inDom } = await page.evaluate(() => {
    window.__bench.recording = false;
    const b = window.__bench;
    return {
      frames: Array.from(b.frames.subarray(0, b.count)),
      longTasks: b.longTasks,
      ages: Array.from(b.ages.subarray(0, b.ageCount)),
      firstScreen: b.firstScreen,
      inDom: document.querySelectorAll('[data-patient-id]').length,
    };
  });
  const wsDuring = wsFrames - ws0;
  const wsBytesPerSec = ((wsBytes - bytes0) * 1000) / (Date.now() - t0);
  const heapEnd = await heapUsed(cdp, o['heap-reads'], heapReads);
  heapSamples.push(heapEnd);
  if (snapshots) await heapSnapshot(cdp, join(snapshots, 'end.heapsnapshot'));
  if (screenshot) await page.screenshot({ path: screenshot });
  await context.close();
  frames.sort((a, b) => a - b);
  ages.sort((a, b) => a - b);
  return {
    frames,
    longTasks,
    heapStart,
    heapEnd,
    heapSamples,
    heapReads,
    wsDuring,
    wsBytesPerSec,
    ages,
    firstScreen,
    inDom,
    errors,
  };
}

/**
 * One cold navigation to the overview in a fresh context: ms from navigation start to the first
 * patient with its status, and the waterfall before it (ms after navigation start, end of each).
 */
async function firstScreen(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(INIT, 10_000);
  const ops = [];
  page.on('requestfinished', (request) => {
    if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return;
    let name = '?';
    try {
      name = JSON.parse(request.postData() ?? '{}').operationName ?? '?';
    } catch {
      /* not JSON */
    }
    ops.push({ name, url: request.url(), startWall: request.timing().startTime });
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__bench.firstScreen !== null, null, { timeout: 30_000 });
  const got = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').map((e) => ({
      name: e.name.split('/').pop(),
      start: e.startTime,
      end: e.responseEnd,
      size: e.transferSize,
    }));
    return {
      firstScreen: window.__bench.firstScreen,
      documentEnd: nav.responseEnd,
      domContentLoaded: nav.domContentLoadedEventEnd,
      timeOrigin: performance.timeOrigin,
      resources: res,
    };
  });
  await context.close();
  // GraphQL POSTs all share one URL: match them to the resource entries by start time order.
  const gql = got.resources.filter((r) => r.name === 'graphql').sort((a, b) => a.start - b.start);
  ops.sort((a, b) => a.startWall - b.startWall);
  const graphql = gql.map((r, i) => ({ ...r, name: ops[i]?.name ?? 'graphql' }));
  const scripts = got.resources.filter((r) => r.name.endsWith('.js')).sort((a, b) => a.end - b.end);
  return { ...got, graphql, scripts };
}

/**
 * A client build served from dir, /graphql (HTTP and WebSocket) passed through to the server: two
 * of these put two builds in front of one server, for a same-run A/B of the first screen.
 */
async function clientProxy(dir, target) {
  const { default: serveStatic } = await import('serve-static');
  const files = serveStatic(dir, { index: ['index.html'] });
  const { port } = new URL(target);
  const proxy = createServer((req, res) => {
    if (req.url.startsWith('/graphql')) {
      const upstream = httpRequest(
        { host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
      return;
    }
    files(req, res, () => {
      // The single-page app: every other path is index.html.
      req.url = '/index.html';
      files(req, res, () => res.writeHead(404).end());
    });
  });
  proxy.on('upgrade', (req, socket, head) => {
    const upstream = connect(Number(port), '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(lines.join('\r\n') + '\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${proxy.address().port}`, close: () => proxy.close() };
}

/** Bytes/s of the per-reading feed: every reading of every patient, as the old overview took it. */
async function perReadingFeedBytes(url, seconds) {
  const { default: WebSocket } = await import('ws');
  const ws = new WebSocket(url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
  let bytes = 0;
  let counting = false;
  ws.on('message', (data) => {
    const text = data.toString();
    if (counting) bytes += Buffer.byteLength(text);
    if (JSON.parse(text).type === 'connection_ack')
      ws.send(
        JSON.stringify({
          id: '1',
          type: 'subscribe',
          payload: {
            query:
              'subscription LiveReadings { readings { patientId at traceId anomaly sensors { id value anomaly } } }',
          },
        }),
      );
  });
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  await sleep(3000); // past the first burst
  counting = true;
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const rate = (bytes * 1000) / (Date.now() - t0);
  ws.close();
  return rate;
}

let failed = false;
try {
  const base = await measure(`http://127.0.0.1:${blank.address().port}/`, baselineMinutes);
  const path = overview ? '/' : '/patients/1';
  const cold = [];
  const compared = [];
  if (overview) {
    const runs = o.smoke ? 1 : o['first-screens'];
    const ab = o['compare-client']
      ? [await clientProxy(clientDir, server.url), await clientProxy(o['compare-client'], server.url)]
      : null;
    for (let i = 0; i < runs; i++) {
      if (!ab) {
        cold.push(await firstScreen(`${server.url}/`));
        continue;
      }
      // Alternating, and which goes first alternates too: neither build always meets the server later.
      const order = i % 2 === 0 ? [0, 1] : [1, 0];
      for (const k of order) (k === 0 ? cold : compared).push(await firstScreen(`${ab[k].url}/`));
    }
    ab?.forEach((p) => p.close());
    const median = (xs) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      );
    console.log(
      `first screen, ${runs} cold navigations to / (fresh context each, ${fmt(o.patients)} patients)${ab ? `, alternating with ${runs} of the build in ${o['compare-client']} (both through a proxy)` : ''}; ms after navigation start, each resource's end (start→end for GraphQL):`,
    );
    for (const [label, list] of ab
      ? [
          ['this build', cold],
          ['compared build', compared],
        ]
      : [['', cold]]) {
      if (label) console.log(`${label}: median ${fmt(median(list.map((c) => c.firstScreen)))} ms`);
      for (const [i, c] of list.entries()) {
        // Chunk names are hashes: the size tells them apart (main, the overview's, shared ones).
        const js = c.scripts
          .map((s) => `${s.name.replace(/-[A-Z0-9]{8}\.js$/, '')} (${fmt(s.size / 1024)} kB) ${fmt(s.end)}`)
          .join(', ');
        const ops = c.graphql.map((g) => `${g.name} ${fmt(g.start)}→${fmt(g.end)}`).join(', ');
        console.log(
          `  ${i + 1}: first screen ${fmt(c.firstScreen)} | document ${fmt(c.documentEnd)}, DOMContentLoaded ${fmt(c.domContentLoaded)} | js: ${js} | graphql: ${ops}`,
        );
      }
    }
    console.log('');
  }
  const got = await measure(`${server.url}${path}`, minutes, o.screenshot || undefined);
  console.log(
    `${overview ? 'overview /' : 'patient page /patients/1'}, ${fmt(o.patients)} simulated patients at 5 Hz (embedded simulator, in-process store), viewport 1280×800, measured ${fmt(minutes, 2)} min after ${settle} s settling; blank page measured ${fmt(baselineMinutes, 2)} min; heap after forced GC`,
  );
  console.log(
    '| page | minutes | frames | frame p50 / p95 / p99 / max ms | long tasks (total ms) | heap start → end MiB | heap growth | WS messages | p95 / blank p95 |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, m, mins] of [
    ['blank (baseline)', base, baselineMinutes],
    [path, got, minutes],
  ]) {
    const f = m.frames;
    console.log(
      `| ${name} | ${fmt(mins, 2)} | ${fmt(f.length)} | ${fmt(percentile(f, 50), 1)} / ${fmt(percentile(f, 95), 1)} / ${fmt(percentile(f, 99), 1)} / ${fmt(f.at(-1), 1)} | ${fmt(m.longTasks.length)} (${fmt(
        m.longTasks.reduce((a, b) => a + b, 0),
      )}) | ${fmt(m.heapStart / 2 ** 20, 1)} → ${fmt(m.heapEnd / 2 ** 20, 1)} | ${fmt((100 * (m.heapEnd - m.heapStart)) / m.heapStart, 1)}% | ${fmt(m.wsDuring)} | ${fmt(percentile(f, 95) / percentile(base.frames, 95), 2)} |`,
    );
  }
  if (overview) {
    const feed = await perReadingFeedBytes(server.url, o.smoke ? 2 : o['feed-seconds']);
    const a = got.ages;
    console.log('');
    console.log(
      '| patients | first screen (names + status) ms | newest value age on screen p50 / p95 / max ms | cards/rows in DOM | overview WS KiB/s | per-reading feed KiB/s |',
    );
    console.log('|---:|---:|---:|---:|---:|---:|');
    console.log(
      `| ${fmt(o.patients)} | ${fmt(got.firstScreen)}${cold.length ? ` (cold: ${cold.map((c) => fmt(c.firstScreen)).join(', ')})` : ''} | ${fmt(percentile(a, 50))} / ${fmt(percentile(a, 95))} / ${fmt(a.at(-1))} | ${fmt(got.inDom)} | ${fmt(got.wsBytesPerSec / 1024, 1)} | ${fmt(feed / 1024, 1)} |`,
    );
  }
  console.log('');
  console.log(
    `heap used after forced GC, every ${fmt(o['heap-every-minutes'], 2)} min, least of ${o['heap-reads']} readings a second apart (MiB): ${got.heapSamples.map((h) => fmt(h / 2 ** 20, 2)).join(' → ')}`,
  );
  if (o['heap-reads'] > 1) {
    const spread = [];
    for (let i = 0; i < got.heapReads.length; i += o['heap-reads']) {
      const group = got.heapReads.slice(i, i + o['heap-reads']);
      spread.push(Math.max(...group) - Math.min(...group));
    }
    console.log(
      `spread of the readings within a sample (MiB, max − min): ${spread.map((d) => fmt(d / 2 ** 20, 2)).join(', ')}`,
    );
  }
  // The samples swing by up to ~1.5 MiB from minute to minute: medians of the first and last three
  // say more of a trend than the start and end pair.
  if (got.heapSamples.length >= 6) {
    const med3 = (xs) => [...xs].sort((a, b) => a - b)[1];
    const first = med3(got.heapSamples.slice(0, 3));
    const last = med3(got.heapSamples.slice(-3));
    console.log(
      `heap, median of the first three samples → of the last three: ${fmt(first / 2 ** 20, 2)} → ${fmt(last / 2 ** 20, 2)} MiB (${fmt((100 * (last - first)) / first, 1)}%)`,
    );
  }
  if (got.errors.length) console.log(`page errors: ${[...new Set(got.errors)].slice(0, 5).join(' | ')}`);
  if (got.wsDuring === 0) {
    console.error(`browser: ${path} received nothing live over WebSocket`);
    failed = true;
  }
} finally {
  await browser.close();
  await server.stop();
  blank.close();
  rmSync(clientDir, { recursive: true, force: true });
}
if (failed) process.exit(1);
