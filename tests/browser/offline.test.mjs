// Offline: once opened, the hosted site reloads and runs with no network (a service
// worker keeps every built file); it is installable (a manifest with our icon); opened
// from disk, it says how to serve it instead of showing a blank page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveDist, launchChromium, openPage, DIST, SCREENSHOTS } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the service worker caches every built file under its hashed name', () => {
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  const files = JSON.parse(sw.match(/const FILES = (\[.*\]);/)[1]);
  assert.ok(files.includes('index.html'));
  for (const ext of ['.wasm', '.js', '.css']) {
    assert.ok(files.some((f) => /-[0-9a-f]{8,}/.test(f) && f.endsWith(ext)), `a hashed ${ext} file is cached`);
  }
  assert.ok(!files.includes('sw.js'));
  assert.match(sw, /const VERSION = '[0-9a-f]{16}'/);
});

test('with the network cut after the first load, the app reloads and runs', async () => {
  const { page, problems } = await openPage(browser, server.url + '?scenario=lab000-pedidos&seed=1');
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The worker controls the page once it has claimed it.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
  const context = page.context();
  const foreign = [];
  const origin = new URL(server.url).origin;
  context.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol.startsWith('http') && u.origin !== origin) foreign.push(req.url());
  });
  await context.setOffline(true);
  problems.length = 0;
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  // The app runs: an order goes in and is processed.
  await page.click('#order-submit');
  await page.click('#skip-10s');
  await page.click('#tab-orders');
  await page.waitForSelector('#orders-table tr[data-order="apiP001"] [data-status="PEDIDO_PROCESSADO"]');
  await page.screenshot({ path: join(SCREENSHOTS, 'offline-reload.png') });
  await context.setOffline(false);
  assert.deepEqual(foreign, [], 'no request leaves the origin');
  assert.deepEqual(problems, [], 'no errors or failed requests offline');
  await page.close();
});

test('the site is installable: a manifest with our icon, a worker for the scope', async () => {
  const { page } = await openPage(browser, server.url);
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
  const cdp = await page.context().newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, [], 'the manifest parses');
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito windows, where Chromium never offers to install:
  // that one is about the test browser, not the site.
  const errors = installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
  assert.deepEqual(errors, []);
  await page.close();
});

test('opened from disk, the page says how to serve it', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(pathToFileURL(join(DIST, 'index.html')).href);
  await page.waitForSelector('#from-disk:not([hidden])');
  const text = await page.textContent('#from-disk');
  assert.match(text, /bash scripts\/serve\.sh/);
  assert.match(text, /static server/);
  await page.screenshot({ path: join(SCREENSHOTS, 'from-disk.png') });
  await page.close();
});
