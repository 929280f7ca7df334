// A queue's console, where a Delete is refused: on a FIFO queue a polled message's
// receipt handle stops working once its visibility timeout ends, and the refusal is
// said under that message, by its Delete, not at the top of the panel.
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
