// The built site loads in a real browser, from a sub-path, offline, without errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launchChromium, openPage, SCREENSHOTS } from './harness.mjs';

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

test('the page shows the product, its purpose and its main regions', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.waitForSelector('h1', { timeout: 10_000 });
  assert.equal(await page.title(), 'EventLab · AWS event-driven architecture simulator');
  assert.equal((await page.textContent('h1')).trim(), 'EventLab');
  assert.match(await page.textContent('.header__tagline'), /event-driven architecture on AWS/);
  for (const region of ['controls', 'diagram', 'panels']) {
    assert.ok(await page.isVisible(`section#${region}`), `region ${region} is visible`);
  }
  await page.screenshot({ path: join(SCREENSHOTS, 'page-shell.png') });
  assert.deepEqual(problems, [], 'no console errors or failed requests');
  await page.close();
});

test('nothing is fetched from outside the page origin', async () => {
  const page = await browser.newPage();
  const origin = new URL(server.url).origin;
  const foreign = [];
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol.startsWith('http') && u.origin !== origin) foreign.push(req.url());
  });
  await page.goto(server.url, { waitUntil: 'networkidle' });
  await page.waitForSelector('h1');
  assert.deepEqual(foreign, []);
  await page.close();
});
