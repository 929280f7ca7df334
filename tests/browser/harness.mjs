// Shared by the browser tests: a static server for dist/ on 127.0.0.1 under a
// sub-path (as a host would serve it), and Debian's Chromium through playwright-core.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { before, after } from 'node:test';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const DIST = join(ROOT, 'dist');
export const SUB_PATH = '/courses/eventlab/';
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/** Serves dist/ at SUB_PATH on an ephemeral loopback port. */
export async function serveDist() {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`dist/index.html is missing: build the site first (trunk build --release --offline)`);
  }
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (!url.pathname.startsWith(SUB_PATH)) {
      res.writeHead(404).end('not under ' + SUB_PATH);
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(SUB_PATH.length)) || 'index.html';
    const file = normalize(join(DIST, rel));
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const s = await stat(file);
      const path = s.isDirectory() ? join(file, 'index.html') : file;
      const body = await readFile(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${SUB_PATH}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches Debian's Chromium headless. Fails loudly when it is missing: never a skip. */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/setup.sh (apt-get install chromium chromium-driver)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Opens a page and records console errors, page errors and failed requests. */
export async function openPage(browser, url, { width = 1400, height = 900 } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

export const SCREENSHOTS = join(ROOT, 'target', 'screenshots');

/** A suite's browser and server, started before its tests and closed after. */
export function suite() {
  const ctx = {};
  before(async () => {
    ctx.server = await serveDist();
    ctx.browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}

/** Clicks a time skip (`10s`, `1m`, `5m`) `times` times. */
export async function skip(page, which, times = 1) {
  for (let i = 0; i < times; i++) await page.click(`#skip-${which}`);
}

/** Chooses a diagram node from the keyboard and shows its panel (its tab too, when
 *  the node was already chosen and another tab is open). Under load a render can land
 *  between the focus and the key, so the choice is made again (at most three times)
 *  until the panel names the node. */
export async function selectNode(page, name) {
  const shown = (n) => document.querySelector('.panel-head h3')?.textContent.includes(n);
  for (let attempt = 1; ; attempt++) {
    await page.focus(`[data-node="${name}"]`);
    await page.keyboard.press('Enter');
    await page.click('#tab-resource');
    try {
      await page.waitForFunction(shown, name, { timeout: attempt < 3 ? 5_000 : 30_000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** An order's status in the Orders tab, or null when the order is not there. */
export async function orderStatus(page, id) {
  await page.click('#tab-orders');
  const cell = page.locator(`#orders-table tr[data-order="${id}"] [data-status]`);
  return (await cell.count()) ? (await cell.textContent()).trim() : null;
}
