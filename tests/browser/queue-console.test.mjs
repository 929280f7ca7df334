// A queue's console, where a Delete is refused: on a FIFO queue a polled message's
// receipt handle stops working once its visibility timeout ends, and the refusal is
// said under that message, by its Delete, not at the top of the panel. And a FIFO
// queue's send form, with its message group and deduplication ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, suite, skip, selectNode, SCREENSHOTS } from './harness.mjs';

const ctx = suite();

test('sqs-fifo-pedidos: a Delete with an expired receipt handle is refused next to its message', async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=sqs-fifo-pedidos&seed=1&lang=en`, { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  // An order that fails three receives lands in the DLQ, which nothing reads.
  await selectNode(page, 'processa-pedidos-fifo');
  await page.check('#fault-throw');
  await page.click('#order-submit');
  await skip(page, '5m');
  await selectNode(page, 'pedidos-ecommerce-dlq.fifo');
  await page.click('#poll');
  await page.waitForSelector('#polled-messages .polled__delete');
  // Past the DLQ's 30 s visibility timeout the message is back, and on a FIFO queue
  // the poll's receipt handle has expired (InvalidParameterValue, as SQS says it).
  await skip(page, '1m');
  const available = await page.textContent('#q-available');
  await page.click('#polled-messages .polled__delete');
  const said = page.locator('#polled-messages .polled .inline-notice');
  await said.waitFor();
  assert.match(await said.textContent(), /^Refused, nothing changed: DeleteMessage: InvalidParameterValue: .*The receipt handle has expired\./);
  assert.equal(await page.locator('.panel-head ~ .inline-notice').count(), 0, 'not at the top of the panel');
  assert.equal(await page.textContent('#q-available'), available, 'nothing deleted');
  await said.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'queue-delete-refused.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('sqs-fifo-pedidos: the send form takes a Message group ID and a Message deduplication ID, as the SQS console does', async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=sqs-fifo-pedidos&seed=1&lang=pt-BR`, { width: 1280, height: 720 });
  await page.waitForSelector('#order-dedup-id', { timeout: 15_000 });
  // Empty, they say what is sent: the body's group, and content-based deduplication.
  assert.equal(await page.getAttribute('#order-group-id', 'placeholder'), 'vazio: order-CUST-123, a partir do corpo');
  assert.match(await page.getAttribute('#order-dedup-id', 'placeholder'), /SHA-256 do corpo/);
  // A new id each time is delivered each time; the same id again within 5 minutes
  // is accepted and not delivered. (The scenario's own script sends one duplicate
  // at 2 s: counted first.)
  const duplicates = async () => {
    await page.click('#tab-trace');
    return ((await page.textContent('#trace-list')).match(/mesmo ID de desduplicação em 5 minutos/g) || []).length;
  };
  await skip(page, '10s');
  const before = await duplicates();
  for (const id of ['order-ORD-001-1', 'order-ORD-001-2', 'order-ORD-001-2']) {
    await page.fill('#order-dedup-id', id);
    await page.click('#order-submit');
  }
  await skip(page, '10s');
  assert.equal(await duplicates(), before + 1);
  const trace = await page.textContent('#trace-list');
  await page.screenshot({ path: join(SCREENSHOTS, 'queue-fifo-ids-pt-1280.png') });
  // An id SQS would refuse is refused under the form, and nothing is sent.
  const sent = (trace.match(/message-sent/g) || []).length;
  await page.fill('#order-group-id', 'pedido ção');
  await page.click('#order-submit');
  const said = page.locator('.actions .inline-notice');
  await said.waitFor();
  assert.match(await said.textContent(), /SendMessage: InvalidParameterValue: .*MessageGroupId can only include alphanumeric and punctuation characters/);
  await page.click('#tab-trace');
  assert.equal(((await page.textContent('#trace-list')).match(/message-sent/g) || []).length, sent, 'nothing sent');
  assert.deepEqual(problems, []);
  await page.close();
});

// The instructor walk could change maxReceiveCount only by editing a template, and the
// student walk's refused VisibilityTimeout was said at the panel's top, out of sight.
test('lab000-pedidos: maxReceiveCount changes live, and a setting\'s refusal is said under the settings (pt-BR)', async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab000-pedidos&seed=1&lang=pt-BR`, { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await selectNode(page, 'pedidos-pendentes-queue');
  await page.waitForSelector('#redrive-policy');
  assert.match(await page.textContent('#redrive-policy'), /RedrivePolicy: maxReceiveCount.*→ pedidos-pendentes-dlq.*agora 3/);
  // Not a count: said under the field, nothing sent.
  await page.fill('#max-receive-count', 'cinco');
  await page.click('#max-receive-count-apply');
  assert.match(await page.textContent('#max-receive-count-error'), /número inteiro de 1 a 1000/);
  await page.fill('#max-receive-count', '5');
  await page.click('#max-receive-count-apply');
  await page.waitForFunction(() => /agora 5/.test(document.querySelector('#redrive-policy').textContent));
  assert.equal(await page.locator('#max-receive-count-error').count(), 0);
  const attributes = await page.textContent('.queue-panel details:has(summary:text("GetQueueAttributes (All)"))');
  assert.match(attributes, /\\"maxReceiveCount\\":5/);
  // Out of range: the refusal right under its own row, with the range (the re-walk
  // read a VisibilityTimeout refusal under the maxReceiveCount row).
  await page.fill('#visibility-timeout', '-1');
  await page.click('#visibility-apply');
  const said = page.locator('.queue-panel > .inline-notice');
  await said.waitFor();
  assert.equal(await said.count(), 1);
  assert.match(await said.textContent(), /VisibilityTimeout: -1 is outside 0 to 43200 seconds/);
  const gap = await page.evaluate(() => document.querySelector('.queue-panel > .inline-notice').getBoundingClientRect().top - document.querySelector('#visibility-timeout').closest('.card').getBoundingClientRect().bottom);
  assert.ok(gap >= 0 && gap < 40, `said right under its row (${gap} px)`);
  await said.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'queue-settings-refused.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

// Seed 002's queue statistics: ApproximateNumberOfMessagesDelayed counts messages held
// by the queue's DelaySeconds, which the FIFO walk could not set.
test('sqs-fifo-pedidos: the queue\'s DelaySeconds holds a new message back, counted as delayed, then delivered', async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=sqs-fifo-pedidos&seed=1&lang=en`, { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await skip(page, '1m');
  await selectNode(page, 'pedidos-ecommerce.fifo');
  await page.fill('#delay-seconds', '30');
  await page.click('#delay-seconds-apply');
  await page.waitForFunction(() => /now 30 s/.test(document.querySelector('#delay-seconds').closest('.card').textContent));
  await page.fill('#order-dedup-id', 'delayed-1');
  await page.click('#order-submit');
  await page.waitForFunction(() => document.querySelector('#q-delayed').textContent === '1');
  await skip(page, '1m');
  assert.equal(await page.textContent('#q-delayed'), '0');
  assert.match(await page.textContent('#trace-list').catch(async () => { await page.click('#tab-trace'); return page.textContent('#trace-list'); }), /delayed/i);
  assert.deepEqual(problems, []);
  await page.close();
});
