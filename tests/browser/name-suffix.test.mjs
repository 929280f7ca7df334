// Lab 000's "Substitua seu-nome em todos os nomes de recursos", at 1280×720 in both
// languages: the learner's name goes on every resource, the address keeps it, and a
// name an S3 bucket could not take is refused under the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, suite, skip, SCREENSHOTS } from './harness.mjs';

const ctx = suite();

for (const [lang, refusal] of [['en', /lower-case letters/], ['pt-BR', /letras minúsculas/]]) {
  test(`lab 000 (${lang}): your name on every resource`, async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab000-pedidos&seed=1&lang=${lang}`, { width: 1280, height: 720 });
    await page.waitForSelector('.diagram', { timeout: 15_000 });
    await page.fill('#name-suffix', 'Maria Silva');
    await page.press('#name-suffix', 'Enter');
    await page.waitForSelector('.field--name .field__error');
    assert.match(await page.textContent('.field--name .field__error'), refusal);
    assert.equal(await page.inputValue('#name-suffix'), 'Maria Silva', 'the refused name stays to be corrected');
    await page.fill('#name-suffix', 'maria');
    await page.press('#name-suffix', 'Enter');
    await page.waitForSelector('[data-node="pedidos-db-maria"]');
    assert.equal(new URL(page.url()).searchParams.get('scenario'), 'lab000-pedidos@maria');
    assert.equal(await page.locator('[data-node="cancela-pedido-queue"]').count(), 0);
    await page.click('#order-submit');
    await skip(page, '10s');
    // The API's answer under the form (the body goes as typed; the answer is matched to it).
    assert.match(await page.textContent('#order-response'), /202/);
    await page.click('#tab-orders');
    assert.equal((await page.textContent('#orders-table [data-status]')).trim(), 'PEDIDO_PROCESSADO');
    // The order takes the name as the lab's do ("apiP001-seu-nome").
    assert.equal(await page.locator('#orders-table tr[data-order="apiP001-maria"]').count(), 1);
    await page.screenshot({ path: join(SCREENSHOTS, `lab000-name-${lang}.png`) });
    // Another name with actions to lose: the question waits, and the field keeps the name
    // it asks about (it went blank until "Open"); "keep my session" puts the old one back.
    await page.fill('#name-suffix', 'joao');
    await page.press('#name-suffix', 'Enter');
    await page.waitForSelector('#confirm-wipe');
    assert.equal(await page.inputValue('#name-suffix'), 'joao');
    await page.click('#confirm-wipe-no');
    await page.waitForSelector('#confirm-wipe', { state: 'detached' });
    assert.equal(await page.inputValue('#name-suffix'), 'maria');
    // A reload keeps the name (the address and the session carry it).
    await page.reload();
    await page.waitForSelector('[data-node="pedidos-db-maria"]');
    assert.equal(await page.inputValue('#name-suffix'), 'maria');
    assert.deepEqual(problems, []);
    await page.close();
  });
}
