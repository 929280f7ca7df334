// The labs walked as a learner walks them, in headless Chromium on the built site.
// Time is moved with the "+10 s / +1 min / +5 min" buttons, so every run is the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launchChromium, openPage, SCREENSHOTS, selectNode, skip } from './harness.mjs';

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

async function open(query) {
  const { page, problems } = await openPage(browser, server.url + query, { width: 1440, height: 1000 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  return { page, problems };
}

async function status(page, id) {
  await page.click('#tab-orders');
  const cell = page.locator(`#orders-table tr[data-order="${id}"] [data-status]`);
  return (await cell.count()) ? (await cell.textContent()).trim() : null;
}



test('lab 004: an order submitted through the web form ends COMPLETED', async () => {
  const { page, problems } = await open('?scenario=lab004-orders&seed=1');
  await page.fill('#order-customer', 'Alice');
  await page.fill('#order-amount', '1499');
  await page.click('#order-submit');
  await skip(page, '10s');
  const id = (await page.locator('#orders-table tbody tr').first().getAttribute('data-order'));
  assert.equal(await status(page, id), 'COMPLETED');
  await page.screenshot({ path: join(SCREENSHOTS, 'lab004-completed.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('lab 000: cancel one order and alter another with Send events', async () => {
  const { page, problems } = await open('?scenario=lab000-pedidos&seed=1&lang=pt-BR');
  await page.click('#order-submit'); // apiP001, the lab's own body
  await skip(page, '10s');
  assert.equal(await status(page, 'apiP001'), 'PEDIDO_PROCESSADO');
  await page.click('button.preset:has-text("Cancelar pedido apiP001")');
  assert.equal(await page.inputValue('#event-detail-type'), 'CancelarPedido');
  await page.click('#event-send');
  await skip(page, '10s');
  assert.equal(await status(page, 'apiP001'), 'CANCELADO');
  // A second order, then AlterarPedido with the lab's new items.
  const body = (await page.inputValue('#order-json')).replace('apiP001', 'apiP002');
  await page.fill('#order-json', body);
  await page.click('#order-submit');
  await skip(page, '10s');
  await page.click('#orders-table tr[data-order="apiP002"] button');
  assert.match(await page.inputValue('#event-detail'), /apiP002/, 'selecting an order points the form at it');
  await page.click('button.preset:has-text("Alterar pedido apiP002")');
  assert.match(await page.inputValue('#event-detail'), /PROD-ALTERADO-2/);
  await page.click('#event-send');
  await skip(page, '10s');
  assert.equal(await status(page, 'apiP002'), 'ALTERADO');
  const row = await page.textContent('#orders-table tr[data-order="apiP002"]');
  assert.match(row, /PROD-ALTERADO-1/);
  assert.match(row, /"qtd":99/);
  await page.screenshot({ path: join(SCREENSHOTS, 'lab000-pt-orders.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('lab 000: the forced error sends the order to the DLQ after 3 receives; fix and redrive', async () => {
  const { page, problems } = await open('?scenario=lab000-pedidos&seed=2');
  await selectNode(page, 'processa-pedidos-lambda');
  await page.check('#fault-throw');
  assert.ok(await page.isChecked('#fault-throw'));
  await page.click('#order-submit');
  await skip(page, '10s');
  // Each receive is visible: the in-flight message shows its receive count.
  await selectNode(page, 'pedidos-pendentes-queue');
  const counts = [];
  for (let i = 0; i < 3; i++) {
    await page.waitForSelector('#queue-messages .tag--rc');
    counts.push((await page.textContent('#queue-messages .tag--rc')).trim());
    await skip(page, '1m');
    await skip(page, '10s');
  }
  assert.deepEqual(counts, ['receive count 1', 'receive count 2', 'receive count 3']);
  await skip(page, '1m');
  await selectNode(page, 'pedidos-pendentes-dlq');
  assert.equal((await page.textContent('#q-available')).trim(), '1');
  assert.equal(await page.inputValue('#visibility-timeout'), '30', 'the panel shows this queue\'s own setting, not the last one opened');
  assert.equal(await page.getAttribute('[data-node="pedidos-pendentes-dlq"]', 'class').then((c) => c.includes('has-alert')), true);
  await page.screenshot({ path: join(SCREENSHOTS, 'lab000-dlq.png'), fullPage: true });
  // Fix the function, then redrive the DLQ: the order is processed.
  await selectNode(page, 'processa-pedidos-lambda');
  await page.uncheck('#fault-throw');
  await selectNode(page, 'pedidos-pendentes-dlq');
  await page.click('#redrive');
  await skip(page, '10s');
  assert.equal((await page.textContent('#q-available')).trim(), '0');
  assert.equal(await status(page, 'apiP001'), 'PEDIDO_PROCESSADO');
  await page.click('#tab-trace');
  assert.match(await page.textContent('#trace-list'), /receive count 3 reached maxReceiveCount 3, so the next receive moved it to pedidos-pendentes-dlq/);
  // The failures filter keeps the DLQ move and the failed invocations, not the writes.
  await page.click('#trace-cat-failures');
  const failures = await page.textContent('#trace-list');
  assert.match(failures, /so the next receive moved it to pedidos-pendentes-dlq/);
  assert.match(failures, /ValueError: Teste Forçado para DLQ!/);
  assert.doesNotMatch(failures, /PutItem/);
  // Filtered, the count says how many rows the list shows (a walk read the total as
  // the filter's result).
  const rows = await page.locator('#trace-list > li').count();
  assert.match(await page.textContent('#trace-count'), new RegExp(`^${rows} shown · \\d+ entries`));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the same ?scenario&seed and the same actions reproduce the same state in a fresh browser', async () => {
  const run = async (page) => {
    await page.click('#many-submit');
    await skip(page, '1m');
    await page.click('#tab-trace');
    return (await page.textContent('#trace-hash')).trim();
  };
  const { page, problems } = await open('?scenario=lab003-order-events&seed=7');
  const first = await run(page);
  // A fresh page has its own storage: no autosaved session, the same setup.
  const again = await open('?scenario=lab003-order-events&seed=7');
  assert.equal(await run(again.page), first);
  await again.page.close();
  await page.goto(server.url + '?scenario=lab003-order-events&seed=8');
  await page.waitForSelector('.diagram');
  assert.notEqual(await run(page), first, 'another seed, another trace');
  assert.deepEqual(problems, []);
  await page.close();
});

test('invalid JSON is flagged inline; an event is not sent, a body still can be, as text', async () => {
  const { page } = await open('?scenario=lab000-pedidos&seed=1');
  await page.fill('#event-detail', '{ "pedidoId": ');
  assert.equal(await page.getAttribute('#event-detail', 'aria-invalid'), 'true');
  assert.ok(await page.isDisabled('#event-send'));
  assert.match(await page.textContent('.field__error'), /not valid JSON/);
  // API Gateway and SQS take any text as a body (the SQS guide walk could not send
  // the guide's malformed message): flagged, and sent as typed when asked.
  await page.fill('#order-json', '<script>alert(1)</script>');
  assert.equal(await page.getAttribute('#order-json', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#order-form .field__warning'), /can still be sent as it is: AWS takes text that is not JSON as a body/);
  assert.ok(!(await page.isDisabled('#order-submit')));
  await page.click('#order-submit');
  await skip(page, '10s');
  // The lab's function answers as its code does: json.loads failed.
  assert.match(await page.textContent('.http-response__label'), /HTTP 400/);
  assert.equal(await page.locator('script:text("alert(1)")').count(), 0, 'text is never markup');
  await page.close();
});

test('diagram nodes work from the keyboard, and the page says what polling does', async () => {
  const { page } = await open('?scenario=lab004-orders&seed=1');
  await page.focus('[data-node="order-processing-queue"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#poll');
  assert.match(await page.textContent('.note--state'), /counts toward maxReceiveCount/);
  assert.match(await page.textContent('.note--look'), /changes nothing/);
  await page.close();
});

test('screenshots of the main views in both languages', async () => {
  for (const [lang, name] of [['en', 'app-en.png'], ['pt-BR', 'app-pt.png']]) {
    const { page, problems } = await open(`?scenario=lab000-pedidos&seed=3&lang=${lang}`);
    await page.click('#many-submit');
    await skip(page, '10s');
    await selectNode(page, 'processa-pedidos-lambda');
    await page.check('#fault-throw');
    await page.click('#order-submit');
    await skip(page, '10s');
    await selectNode(page, 'pedidos-pendentes-queue');
    await page.click('#play');
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  }
});
