// A diagram node chosen from the keyboard (Enter or Space) at 1280×720, in both
// languages: the page scrolls to the node's panel and the keyboard focus goes with
// it, to the panel's heading, so the next Tab is inside the panel ("↑ Diagram"),
// which takes the focus back to the node. A mouse click still opens the panel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, suite } from './harness.mjs';

const ctx = suite();

const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  const r = a?.getBoundingClientRect();
  return { id: a?.id, node: a?.getAttribute('data-node'), resource: a?.getAttribute('data-resource'), text: a?.textContent.trim(), top: r?.top, bottom: r?.bottom };
});

/** Focuses the node, waits until it has the focus (a render can land between), and presses `key`. */
async function choose(page, node, key) {
  await page.focus(`[data-node="${node}"]`);
  await page.waitForFunction((n) => document.activeElement?.getAttribute('data-node') === n, node);
  await page.keyboard.press(key);
}

for (const [lang, back] of [['en', '↑ Diagram'], ['pt-BR', '↑ Diagrama']]) {
  test(`Enter or Space on a node takes the keyboard focus into its panel (${lang}, 1280×720)`, async () => {
    const { page, problems } = await openPage(ctx.browser, ctx.server.url + `?scenario=lab000-pedidos&seed=1&lang=${lang}`, { width: 1280, height: 720 });
    await page.waitForSelector('.diagram', { timeout: 15_000 });

    await choose(page, 'pedidos-pendentes-queue', 'Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'panel-title', null, { timeout: 5_000 })
      .catch(async () => assert.fail(`the focus stayed on ${JSON.stringify(await focused(page))}`));
    let f = await focused(page);
    assert.equal(f.resource, 'pedidos-pendentes-queue', 'the heading of the panel just opened');
    assert.ok(f.top >= 0 && f.bottom <= 720, `the focused heading is on screen (${f.top}–${f.bottom})`);

    // The next Tab goes on inside the panel: its "↑ Diagram" button…
    await page.keyboard.press('Tab');
    f = await focused(page);
    assert.equal(f.id, 'panel-back');
    assert.equal(f.text, back);
    // … which takes the focus back to the node.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-node') === 'pedidos-pendentes-queue');

    // Space does the same, on another node.
    await choose(page, 'processa-pedidos-lambda', 'Space');
    await page.waitForFunction(() => document.activeElement?.id === 'panel-title'
      && document.activeElement.getAttribute('data-resource') === 'processa-pedidos-lambda', null, { timeout: 5_000 });

    // A mouse click still opens the panel.
    await page.click('[data-node="pedidos-api"]');
    await page.waitForFunction(() => document.querySelector('#panel-title')?.getAttribute('data-resource') === 'pedidos-api');
    assert.deepEqual(problems, []);
    await page.close();
  });
}

// Keys typed in a field are text; Esc leaves the field, and the next key is a hotkey
// again (the instructor walk typed P, O and Space into Notes and nothing said why).
test('Esc in a field leaves it, and the keys work again', async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab004-orders&seed=1&lang=en`, { width: 1280, height: 720 });
  await page.waitForSelector('#order-customer');
  await page.fill('#order-customer', 'Ana');
  await page.focus('#order-customer');
  await page.keyboard.press('?');
  assert.equal(await page.inputValue('#order-customer'), 'Ana?', 'typed as text');
  assert.equal(await page.locator('#keys-overlay').count(), 0);
  await page.keyboard.press('Escape');
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'order-customer');
  await page.keyboard.press('?');
  await page.waitForSelector('#keys-overlay');
  assert.match(await page.innerText('#keys-overlay'), /Esc leaves the field/);
  assert.deepEqual(problems, []);
  await page.close();
});

// F on the page changes the chosen function's fault: a line under the clock says
// which and what (the student walk's F turned inventory-processor's error back on, and
// nothing said so). A click that follows takes the line away.
test('F on the page says under the clock which function it broke or fixed', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab003-order-events&seed=1&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await choose(page, 'inventory-processor', 'Enter');
  await page.waitForFunction(() => document.querySelector('.panel-head h3')?.textContent.includes('inventory-processor'));
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await page.waitForSelector('#key-said');
  assert.match(await page.textContent('#key-said'), /^F: inventory-processor now raises .* on every invocation$/);
  assert.equal(await page.isChecked('#fault-throw'), true);
  // Another switch on: F's fix says it is not the whole fix (the lab 000 walk).
  await page.fill('#fault-slow-seconds', '5');
  await page.check('#fault-slow');
  await page.waitForSelector('#key-said', { state: 'detached' });
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await page.waitForSelector('#key-said');
  assert.match(await page.textContent('#key-said'), /^F: inventory-processor no longer raises its error, but another switch in its Break it box is still on$/);
  await page.uncheck('#fault-slow');
  await page.waitForSelector('#key-said', { state: 'detached' });
  assert.deepEqual(problems, []);
  await page.close();
});
