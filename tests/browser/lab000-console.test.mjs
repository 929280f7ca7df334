// Lab 000's console as the lab uses it, at 1280×720 in both languages: a queue's URL
// ("Anote o ARN e a URL"), a function's environment variables (DYNAMODB_TABLE_NAME),
// and a message received by "Poll for messages" deleted on its own (DeleteMessage). A
// Delete with the handle of an earlier poll, once the trigger has received the message
// since, succeeds and deletes nothing, and says so: "If you use an old ReceiptHandle, the
// request will succeed, but the message might not be deleted"
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, suite, skip, selectNode, SCREENSHOTS } from './harness.mjs';

const ctx = suite();

for (const [lang, del, kept] of [['en', 'deleted', 'not deleted'], ['pt-BR', 'excluída', 'não foi excluída']]) {
  test(`lab 000 (${lang}): queue URL, environment variables, Delete of a polled message`, async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab000-pedidos&seed=1&lang=${lang}`, { width: 1280, height: 720 });
    await page.waitForSelector('.diagram', { timeout: 15_000 });
    await selectNode(page, 'cancela-pedido-lambda');
    assert.match(await page.textContent('#function-env'), /DYNAMODB_TABLE_NAME\s*pedidos-db/);
    await selectNode(page, 'pedidos-pendentes-dlq');
    assert.equal((await page.textContent('#queue-url')).trim(), 'https://sqs.us-east-1.amazonaws.com/123456789012/pedidos-pendentes-dlq');
    await selectNode(page, 'processa-pedidos-lambda');
    await page.check('#fault-throw');
    await page.click('#order-submit');
    // Time is paused: step until the order's message waits in the trigger's queue, and
    // poll it before the trigger does.
    await selectNode(page, 'pedidos-pendentes-queue');
    for (let i = 0; i < 200 && (await page.textContent('#q-available')) !== '1'; i++) await page.click('#step');
    await page.click('#poll');
    await page.waitForSelector('#polled-messages .polled__delete');
    // Its 70 s visibility timeout runs out, the trigger receives it (and throws).
    await skip(page, '1m');
    await skip(page, '10s', 2);
    assert.equal(await page.textContent('#q-inflight'), '1');
    await page.click('#polled-messages .polled__delete');
    // Said under the message whose Delete was clicked.
    const notice = page.locator('#polled-messages .polled .inline-notice');
    await notice.waitFor();
    assert.match(await notice.textContent(), new RegExp(`^DeleteMessage: .*${kept}`));
    assert.equal(await page.textContent('#q-inflight'), '1', 'not deleted');
    await skip(page, '5m');
    await selectNode(page, 'pedidos-pendentes-dlq');
    await page.click('#poll');
    await page.waitForSelector('#polled-messages .polled__delete');
    await page.locator('#polled-messages').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, `lab000-polled-${lang}.png`) });
    await page.click('#polled-messages .polled__delete');
    await page.waitForFunction((t) => document.querySelector('#polled-messages .polled .tag')?.textContent.trim() === t, del);
    assert.equal(await page.textContent('#q-available'), '0');
    assert.equal(await page.textContent('#q-inflight'), '0');
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("lab 000 (pt-BR): with the message in the DLQ, the next-event line says the next event is its retention's end", async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab000-pedidos&seed=1&lang=pt-BR`, { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await selectNode(page, 'processa-pedidos-lambda');
  await page.check('#fault-throw');
  await page.click('#order-submit');
  await skip(page, '5m');
  // "96 h" alone puzzled the Portuguese walk: the line says what that event is.
  assert.match(await page.textContent('.time__next'), /próximo evento às 96\sh\s.*: uma mensagem em pedidos-pendentes-dlq atinge o MessageRetentionPeriod e o SQS a apaga/);
  assert.deepEqual(problems, []);
  await page.close();
});

// The walk of session 35 left step 7's form as it was and sent apiP001 again: the
// pipeline wrote over the order steps 4 and 5 had altered, and nothing had said so.
test('lab 000 (pt-BR): the order form says when its pedidoId is already in pedidos-db', async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab000-pedidos&seed=1&lang=pt-BR`, { width: 1280, height: 720 });
  await page.waitForSelector('#order-submit', { timeout: 15_000 });
  assert.equal(await page.locator('#order-already').count(), 0);
  await page.click('#order-submit');
  await skip(page, '10s');
  await page.waitForSelector('#order-already');
  assert.equal((await page.textContent('#order-already')).trim(), 'apiP001 já está em pedidos-db. Se você enviá-lo de novo, ele passa pelo pipeline outra vez e as funções podem sobrescrever esse item.');
  const body = await page.inputValue('#order-json');
  await page.fill('#order-json', body.replace('apiP001', 'apiP0043-TESTE-FLUXO-AULA-4'));
  assert.equal(await page.locator('#order-already').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});
