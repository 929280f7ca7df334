// Accessibility: axe-core (from npm, run inside the page) finds no serious or critical
// violations in the main views, in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launchChromium, openPage, ROOT } from './harness.mjs';

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function violations(page) {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length}): ${v.help} — ${v.nodes[0].html.slice(0, 100)}`);
}

const VIEWS = [
  ['?scenario=lab000-pedidos&seed=1', 'pedidos-pendentes-queue'],
  ['?scenario=lab000-pedidos&seed=1&lang=pt-BR', 'cancela-pedido-rule'],
  ['?scenario=lab004-orders&seed=1', 'OrderWorkerFunction'],
  ['?scenario=lab000-pedidos&seed=1&lang=pt-BR', 'cancela-pedido-lambda'],
  ['?scenario=lab000-pedidos&seed=1', 'pedidos-upload-bucket'],
];

for (const [query, node] of VIEWS) {
  test(`no serious accessibility violations: ${query} with ${node} open`, async () => {
    const { page } = await openPage(browser, server.url + query, { width: 1440, height: 1000 });
    await page.waitForSelector('.diagram');
    await page.click('#order-submit');
    await page.click('#skip-10s');
    await page.click(`[data-node="${node}"]`);
    await page.waitForSelector('.panel-head');
    assert.deepEqual(await violations(page), []);
    // "↑ Diagram" brings the diagram back and the keyboard focus to the node clicked.
    await page.click('#panel-back');
    await page.waitForFunction((n) => document.activeElement?.getAttribute('data-node') === n, node);
    assert.ok(await page.evaluate(() => document.querySelector('#diagram').getBoundingClientRect().top > -2), 'the diagram is back on screen');
    await page.click('#tab-trace');
    assert.deepEqual(await violations(page), []);
    await page.close();
  });
}

for (const lang of ['en', 'pt-BR']) {
  test(`no serious accessibility violations: presenter mode and its key list, ${lang}`, async () => {
    const { page } = await openPage(browser, server.url + `?scenario=lab000-pedidos&seed=1&lang=${lang}`, { width: 1280, height: 720 });
    await page.waitForSelector('.diagram');
    await page.click('#presenter-enter');
    await page.waitForSelector('.diagram--stage');
    await page.keyboard.press('o');
    await page.keyboard.press('n');
    assert.deepEqual(await violations(page), []);
    await page.click('#stage-keys');
    await page.waitForSelector('#keys-overlay');
    assert.deepEqual(await violations(page), []);
    await page.close();
  });
}

test('the first Tab stop skips to the diagram, in Portuguese', async () => {
  const { page } = await openPage(browser, server.url + '?scenario=lab000-pedidos&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram');
  await page.keyboard.press('Tab');
  const link = page.locator('.skip-link');
  assert.equal(await link.evaluate((a) => a === document.activeElement), true, 'focused first');
  assert.equal((await link.textContent()).trim(), 'Ir para o diagrama');
  assert.ok((await link.boundingBox()).x >= 0, 'visible when focused');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.hasAttribute('data-node'));
  await page.close();
});
