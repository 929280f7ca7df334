// Lab 004's table is called Orders, and the Orders tab shows it: chosen on the
// diagram, it opens that tab rather than a second tab with the same table (the
// student walk found "Pedidos" and "Tabela Orders" side by side). No two tabs have
// the same name; other resources open their own tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, suite, selectNode, SCREENSHOTS } from './harness.mjs';

const ctx = suite();

for (const [lang, orders] of [['en', 'Orders'], ['pt-BR', 'Pedidos']]) {
  test(`lab 004: the Orders table chosen on the diagram opens the orders tab, not a twin (${lang})`, async () => {
    const { page, problems } = await openPage(ctx.browser, ctx.server.url + `?scenario=lab004-orders&seed=1&lang=${lang}`, { width: 1280, height: 720 });
    await page.waitForSelector('.diagram', { timeout: 15_000 });
    await selectNode(page, 'order-processing-queue');
    assert.equal((await page.textContent('#tab-resource')).trim(), 'order-processing-queue');
    await page.click('[data-node="Orders"]');
    await page.waitForFunction(() => document.querySelector('#tab-orders')?.getAttribute('aria-selected') === 'true');
    const tabs = await page.$$eval('[role="tab"]', (ts) => ts.map((t) => t.textContent.trim()));
    assert.equal(tabs[0], orders);
    assert.ok(!tabs.some((t) => t.includes('Orders') && t !== orders), `no twin of the orders tab: ${tabs.join(' | ')}`);
    assert.equal(new Set(tabs).size, tabs.length, `every tab its own name: ${tabs.join(' | ')}`);
    await page.screenshot({ path: join(SCREENSHOTS, `lab004-table-tab-${lang}-1280.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  });
}

// Seen in the lab 003 walk: with payments-processor's panel open, a learner went to
// the trace, then clicked payments-processor on the diagram again; the page scrolled
// to the inspector but stayed on the trace. Choosing a resource always opens its tab.
test('clicking the resource already chosen, from another tab, opens its tab again', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab003-order-events&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await page.click('[data-node="payments-processor"]');
  await page.waitForFunction(() => document.querySelector('#tab-resource')?.getAttribute('aria-selected') === 'true');
  for (const other of ['#tab-trace', '#tab-orders']) {
    await page.click(other);
    assert.equal(await page.getAttribute('#tab-resource', 'aria-selected'), 'false');
    await page.click('[data-node="payments-processor"]');
    await page.waitForFunction(() => document.querySelector('#tab-resource')?.getAttribute('aria-selected') === 'true', null, { timeout: 5_000 });
    assert.match(await page.textContent('.panel-head h3'), /payments-processor/);
  }
  assert.deepEqual(problems, []);
  await page.close();
});
