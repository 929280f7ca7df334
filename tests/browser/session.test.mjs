// A session that lasts: a reload restores it, an exported file imported in a fresh
// page reproduces it, a share link reproduces it, a corrupt file is refused with a
// message and changes nothing; a reset asks first; storage disabled or full is said.
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

async function open(query, options) {
  const { page, problems } = await openPage(browser, server.url + query, { width: 1280, height: 720, ...options });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  return { page, problems };
}

async function traceHash(page) {
  await page.click('#tab-trace');
  return (await page.textContent('#trace-hash')).trim();
}

const clock = async (page) => (await page.textContent('#sim-clock')).trim();

// Lab 000's DLQ demo: the forced error, an order, three receives, a burst of orders.
async function act(page) {
  await page.click('[data-node="processa-pedidos-lambda"]');
  await page.check('#fault-throw');
  await page.click('#order-submit');
  await page.click('#skip-1m');
  await page.fill('#many-count', '3');
  await page.click('#many-submit');
  await page.click('#skip-1m');
  await page.click('#skip-10s');
}

test('a reload restores the session: the same sim time and trace hash', async () => {
  const { page, problems } = await open('?scenario=lab000-pedidos&seed=4');
  await act(page);
  const [hash, time] = [await traceHash(page), await clock(page)];
  assert.match(await page.textContent('#session-summary'), /3 actions/);
  assert.match(await page.textContent('#autosave-status'), /Saved in this browser/);
  await page.reload();
  await page.waitForSelector('.diagram');
  assert.equal(await clock(page), time);
  assert.equal(await traceHash(page), hash);
  assert.match(await page.textContent('#session-summary'), /3 actions/);
  // The fault is still on, as the learner left it.
  await page.click('[data-node="processa-pedidos-lambda"]');
  assert.ok(await page.isChecked('#fault-throw'));
  await page.screenshot({ path: join(SCREENSHOTS, 'session-restored.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('an exported session imported in a fresh page reproduces the trace hash', async () => {
  const { page } = await open('?scenario=lab000-pedidos&seed=5&lang=pt-BR');
  await act(page);
  const hash = await traceHash(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#session-export')]);
  assert.match(download.suggestedFilename(), /^eventlab-lab000-pedidos-seed5-\d+s\.json$/);
  const file = join(SCREENSHOTS, '..', 'session-export.json');
  await download.saveAs(file);
  await page.close();
  const fresh = await open('?scenario=lab004-orders&seed=1');
  await fresh.page.setInputFiles('#session-import', file);
  await fresh.page.waitForSelector('#session-import-ok');
  assert.equal(await fresh.page.inputValue('#scenario-picker'), 'lab000-pedidos');
  assert.equal(await fresh.page.inputValue('#seed'), '5');
  assert.equal(await fresh.page.getAttribute('html', 'lang'), 'pt-BR');
  assert.equal(await traceHash(fresh.page), hash);
  assert.deepEqual(fresh.problems, []);
  await fresh.page.close();
});

test('a share link reproduces the run in another browser', async () => {
  const { page } = await open('?scenario=lab000-pedidos&seed=6');
  await act(page);
  const hash = await traceHash(page);
  await page.click('#session-share');
  await page.waitForSelector('#session-share-link');
  const link = await page.inputValue('#session-share-link');
  assert.ok(link.startsWith(server.url) && link.includes('#session='), link);
  assert.ok(link.length <= 8000, `${link.length} characters`);
  await page.screenshot({ path: join(SCREENSHOTS, 'session-share.png') });
  await page.close();
  const other = await openPage(browser, link, { width: 1280, height: 720 });
  await other.page.waitForFunction(() => !location.hash && !/^0\s*ms$/.test(document.querySelector('#sim-clock')?.textContent.trim() ?? '0 ms'));
  assert.equal(await traceHash(other.page), hash);
  assert.deepEqual(other.problems, []);
  await other.page.close();
});

test('a corrupt, foreign or newer session file is refused with a message and changes nothing', async () => {
  const { page } = await open('?scenario=lab000-pedidos&seed=7');
  await page.click('#order-submit');
  await page.click('#skip-10s');
  const hash = await traceHash(page);
  const files = [
    ['cut.json', '{"format": "eventlab-session", "version": 1, "scenario": "lab0', /not a session file \(not JSON\)/],
    ['package.json', '{"name": "eventlab-tools"}', /not an EventLab session/],
    ['newer.json', '{"format": "eventlab-session", "version": 2}', /newer EventLab saved this session \(format version 2\)/],
    ['damaged.json', '{"format": "eventlab-session", "version": 1, "scenario": "lab000-pedidos", "seed": 1, "lang": "en", "sim_time_ms": 10, "actions": [{"At": 5, "Action": "Explode"}]}', /damaged: step 0 \(Explode\)/],
  ];
  for (const [name, text, message] of files) {
    await page.setInputFiles('#session-import', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForSelector('#session-import-error');
    const shown = await page.textContent('#session-import-error');
    assert.match(shown, /^Refused, nothing changed: /);
    assert.match(shown, message);
  }
  assert.equal(await traceHash(page), hash, 'nothing changed');
  await page.screenshot({ path: join(SCREENSHOTS, 'session-refused.png') });
  await page.close();
});

test('reset and a seed change ask before wiping a session with actions', async () => {
  const { page } = await open('?scenario=lab000-pedidos&seed=8');
  await page.click('#order-submit');
  await page.click('#skip-10s');
  const hash = await traceHash(page);
  await page.click('#reset');
  assert.match(await page.textContent('#confirm-wipe'), /This wipes the 1 action you applied/);
  await page.screenshot({ path: join(SCREENSHOTS, 'session-confirm-reset.png') });
  await page.click('#confirm-wipe-no');
  assert.equal(await traceHash(page), hash);
  await page.fill('#seed', '9');
  await page.press('#seed', 'Enter');
  await page.waitForSelector('#confirm-wipe');
  await page.click('#confirm-wipe-no');
  assert.equal(await page.inputValue('#seed'), '8', 'the seed in force is shown again');
  // A seed that is no whole number from 0 up is said, and nothing changes.
  for (const bad of ['-1', '99999999999999999999999']) {
    await page.fill('#seed', bad);
    await page.press('#seed', 'Enter');
    assert.equal(await page.textContent('#seed-error'), 'A seed is a whole number from 0 up: still 8');
    assert.equal(await page.getAttribute('#seed', 'aria-invalid'), 'true');
    assert.equal(await traceHash(page), hash, `${bad}: nothing changed`);
  }
  await page.click('#reset');
  await page.click('#confirm-wipe-yes');
  assert.match(await clock(page), /^0\sms$/);
  assert.match(await page.textContent('#session-summary'), /0 actions/);
  await page.close();
});

test('storage disabled or full is said, not crashed on', async () => {
  const cases = [
    ['disabled', () => Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } }), /Autosave is off/],
    ['full', () => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }; }, /storage is full/],
  ];
  for (const [, script, message] of cases) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.addInitScript(script);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url + '?scenario=lab000-pedidos&seed=1');
    await page.waitForSelector('.diagram');
    await page.click('#order-submit');
    await page.waitForFunction((m) => new RegExp(m).test(document.querySelector('#autosave-status')?.textContent), message.source);
    await page.click('#skip-10s');
    assert.deepEqual(errors, []);
    await context.close();
  }
});
