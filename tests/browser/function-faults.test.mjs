// A function's "Break it" box at 1280×720 in Portuguese: a new fraction typed while
// "fail a fraction" is on takes effect (it used to keep the old one), a decimal comma
// is read as Brazilians write it, and lab 003's payments-processor has the success
// rate its guide asks the learner to set. A stream trigger's failure handling is edited
// beside its GetEventSourceMapping answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, suite, selectNode, skip, orderStatus, SCREENSHOTS } from './harness.mjs';

const ctx = suite();

test('a fraction changed while its switch is on applies, with a decimal comma', async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab003-order-events&seed=1&lang=pt-BR`, { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await selectNode(page, 'payments-processor');
  // A half, as Portuguese writes it.
  assert.equal(await page.inputValue('#fault-fraction-value'), '0,5');
  await page.check('#fault-fraction');
  await page.waitForFunction(() => document.querySelector('.faults .tag')?.textContent === '500‰');
  await page.fill('#fault-fraction-value', '0,9');
  await page.press('#fault-fraction-value', 'Enter');
  await page.locator('#fault-fraction-value').blur();
  await page.waitForFunction(() => document.querySelector('.faults .tag')?.textContent === '900‰');
  assert.equal(await page.getAttribute('#fault-fraction-value', 'aria-invalid'), 'false');
  await page.fill('#fault-fraction-value', '1,5');
  assert.equal(await page.getAttribute('#fault-fraction-value', 'aria-invalid'), 'true');
  assert.match(await page.textContent('.faults'), /Uma fração de 0 a 1/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("lab 003's payments-processor: the success rate is set from its panel, in percent", async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab003-order-events&seed=1&lang=pt-BR`, { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await selectNode(page, 'payments-processor');
  assert.match(await page.textContent('.success-rate'), /Taxa de sucesso \(%\)/);
  // Said beside it: at 0 the function does not fail (its node keeps 0 errors).
  assert.match(await page.textContent('#success-rate-note'), /a função não falha/);
  assert.equal(await page.inputValue('#success-rate'), '90');
  await page.fill('#success-rate', '0');
  await page.locator('#success-rate').blur();
  // SetFunctionConfiguration is in the trace, and the field keeps the new rate.
  await page.click('#tab-trace');
  await page.waitForFunction(() => /UpdateFunctionConfiguration/.test(document.querySelector('.tab-body')?.textContent ?? ''));
  // The filter finds what the rows show: the Portuguese sentence ("aplicado"), not
  // only the core's English line.
  await page.fill('#trace-filter', 'UpdateFunctionConfiguration aplicado');
  await page.waitForFunction(() => document.querySelectorAll('.trace-row').length === 1);
  await page.fill('#trace-filter', '');
  await selectNode(page, 'payments-processor');
  assert.equal(await page.inputValue('#success-rate'), '0');
  // A decimal rate comes back as Portuguese writes it (the walk's "0,5" read "0.5").
  await page.fill('#success-rate', '0,5');
  await page.locator('#success-rate').blur();
  await selectNode(page, 'inventory-processor');
  await selectNode(page, 'payments-processor');
  assert.equal(await page.inputValue('#success-rate'), '0,5');
  await page.fill('#success-rate', '120');
  assert.match(await page.textContent('.success-rate'), /Uma porcentagem de 0 a 100/);
  // A function without a success rate has no such field.
  await selectNode(page, 'inventory-processor');
  assert.equal(await page.locator('#success-rate').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a function's triggers are listed with their settings, under Configuration", async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab003-order-events&seed=1&lang=pt-BR`, { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await selectNode(page, 'payments-processor');
  assert.match(await page.textContent('#function-triggers summary'), /Triggers \(event source mappings\): as configurações/);
  await page.click('#function-triggers summary');
  const trigger = page.locator('#function-triggers .trigger').first();
  assert.match(await trigger.textContent(), /payments-queue/);
  assert.match(await trigger.textContent(), /ReportBatchItemFailures/);
  assert.deepEqual(problems, []);
  await page.close();
});

// The instructor walk could not show a stream unblocked without editing a template:
// the trigger's failure handling is edited where GetEventSourceMapping shows it, and
// MaximumRetryAttempts 1 skips the failing batch so the order behind it goes through.
test("a stream trigger's MaximumRetryAttempts, saved with UpdateEventSourceMapping, lets the shard move on", async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab004-streams&seed=1&lang=pt-BR`, { width: 1280, height: 720 });
  await selectNode(page, 'ProcessOrderFunction');
  await page.check('#fault-throw');
  await page.click('#order-submit');
  await skip(page, '1m');
  await selectNode(page, 'ProcessOrderFunction');
  await page.click('#function-triggers > summary');
  assert.equal(await page.inputValue('#esm-retries'), '-1');
  assert.ok(await page.isDisabled('#esm-save'), 'nothing changed yet');
  await page.fill('#esm-retries', '10001');
  assert.match(await page.textContent('.trigger-edit .field__error'), /Um número inteiro de -1 a 10000/);
  assert.ok(await page.isDisabled('#esm-save'));
  await page.fill('#esm-retries', '1');
  await page.locator('.trigger-edit').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'lab004-streams-trigger-edit-pt-1280.png') });
  await page.click('#esm-save');
  await page.waitForFunction(() => document.querySelector('[data-trigger="Orders stream"] pre.code')?.textContent.includes('"MaximumRetryAttempts": 1'));
  await skip(page, '1m', 2);
  await page.click('#tab-trace');
  assert.match(await page.textContent('.tab-body'), /RetryAttemptsExhausted/);
  assert.deepEqual(problems, []);
  await page.close();
});

// Lab 000 sets each worker's Timeout to 60 s (Configuration > General configuration);
// raised above its queue's visibility timeout, the panel says what that lets happen.
test("lab 000's Timeout is set from the function panel, and one longer than the queue's visibility timeout is explained (pt-BR)", async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab000-pedidos&seed=1&lang=pt-BR`, { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await selectNode(page, 'cancela-pedido-lambda');
  assert.equal(await page.inputValue('#function-timeout'), '60');
  assert.equal(await page.locator('.timeout-warning').count(), 0, '60 s is within the queue\'s 70 s');
  // But under the six times AWS recommends: said, quietly.
  assert.match(await page.textContent('.timeout-advice'), /O visibility timeout de cancela-pedido-queue \(70 s\).*menor que os 360 s que a AWS recomenda/);
  // Not a Timeout Lambda takes: said under the field, and nothing is sent.
  await page.fill('#function-timeout', '901');
  await page.click('#function-timeout-apply');
  assert.match(await page.textContent('#function-timeout-error'), /número inteiro de segundos, de 1 a 900/);
  await page.fill('#function-timeout', '120');
  await page.click('#function-timeout-apply');
  await page.waitForSelector('.timeout-warning');
  assert.equal(await page.locator('#function-timeout-error').count(), 0);
  assert.equal(await page.locator('.timeout-advice').count(), 0, 'the warning says more');
  assert.equal(await page.inputValue('#function-timeout'), '120');
  const panel = await page.textContent('.function-panel');
  assert.match(panel, /agora 120 s/);
  assert.match(await page.textContent('.timeout-warning'), /Maior que o visibility timeout de cancela-pedido-queue \(70 s\).*processá-lo duas vezes/);
  await page.locator('.timeout-warning').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'function-timeout-pt-1280.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

// The slow switch: a handler waiting 10 s on a downstream call times out under a 3 s
// Timeout, and the same call finishes once the Timeout is raised (lab 000's
// "Configure Timeout: 60 s"), at 1280×720 in English.
test('a slow downstream call times out under a short Timeout and finishes under a longer one', async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab000-pedidos&seed=1&lang=en`, { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await selectNode(page, 'processa-pedidos-lambda');
  await page.fill('#function-timeout', '3');
  await page.click('#function-timeout-apply');
  await page.waitForFunction(() => /now 3 s/.test(document.querySelector('.function-panel')?.textContent ?? ''));
  // Out of range: said, and the switch cannot be turned on.
  await page.fill('#fault-slow-seconds', '0');
  assert.match(await page.textContent('.slow-call'), /Whole seconds, from 1 to 900/);
  assert.equal(await page.isDisabled('#fault-slow'), true);
  await page.fill('#fault-slow-seconds', '10');
  await page.check('#fault-slow');
  await page.waitForFunction(() => document.querySelector('.slow-call .tag')?.textContent === '10 s');
  // Said for this function's Timeout (the walk read no warning at 3 s and 10 s).
  assert.match(await page.textContent('#fault-slow-times-out'), /10 s is at least this function's Timeout \(3 s\): every invocation times out/);
  await page.click('#order-submit');
  await skip(page, '10s', 2);
  await selectNode(page, 'processa-pedidos-lambda');
  assert.equal(await page.textContent('#fn-errors'), '1');
  assert.match(await page.textContent('.function-panel'), /Task timed out after 3\.00 seconds/);
  // Raised, the redelivered message (70 s visibility timeout) is processed.
  await page.fill('#function-timeout', '60');
  await page.click('#function-timeout-apply');
  await page.waitForSelector('#fault-slow-times-out', { state: 'detached' });
  await skip(page, '1m');
  await skip(page, '10s', 2);
  assert.equal(await orderStatus(page, 'apiP001'), 'PEDIDO_PROCESSADO');
  await selectNode(page, 'processa-pedidos-lambda');
  assert.equal(await page.textContent('#fn-errors'), '1');
  assert.match(await page.textContent('.function-panel'), /REPORT RequestId: \S+\tDuration: 1\d{4}\.\d\d ms/);
  assert.deepEqual(problems, []);
  await page.close();
});

// Two invocations at once run in two execution environments, each with its own log
// stream (2025/05/13/[$LATEST]…): the log marks each line's stream, as `aws logs
// tail` prints it (two STARTs in a row read as one invocation starting twice).
test("each execution environment's lines are marked with its log stream", async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab003-order-events&seed=1&lang=en`, { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  for (let i = 0; i < 3; i++) await page.click('#order-submit');
  await skip(page, '10s');
  await selectNode(page, 'payments-processor');
  const names = await page.locator('#log-streams code').allTextContents();
  assert.equal(names.length, 2, names.join(' '));
  for (const n of names) assert.match(n, /^2025\/05\/13\/\[\$LATEST\][0-9a-f]{32}$/);
  const marks = await page.locator('#function-logs .log__stream').allTextContents();
  assert.deepEqual([...new Set(marks)].sort(), ['#1', '#2']);
  assert.equal(marks.length, await page.locator('#function-logs .log').count(), 'every line marked');
  assert.deepEqual(problems, []);
  await page.close();
});
