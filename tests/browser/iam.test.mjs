// Lab 000's IAM, as a learner breaks and fixes it, in Portuguese at 1280×720: with
// ReadCancelAlterDynamoUpdate deleted from lambda-altera-cancela-role the cancel
// fails with AccessDenied in cancela-pedido-lambda's log; the lab's policy pasted
// with its placeholder ARN is refused as IAM refuses it; the policy with the table's
// ARN fixes it, and the message's next receive cancels the order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { suite, openPage, skip, selectNode, orderStatus, SCREENSHOTS, ROOT } from './harness.mjs';

const ctx = suite();

const labPolicy = (resource) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['dynamodb:UpdateItem', 'dynamodb:GetItem'], Resource: resource }],
}, null, 2);

test('lab 000: deleting ReadCancelAlterDynamoUpdate makes the cancel fail with AccessDenied; restoring it fixes it', async () => {
  const { page, problems } = await openPage(
    ctx.browser,
    ctx.server.url + '?scenario=lab000-pedidos&seed=3&lang=pt-BR',
    { width: 1280, height: 720 },
  );
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await page.click('#order-submit'); // apiP001
  await skip(page, '10s');
  assert.equal(await orderStatus(page, 'apiP001'), 'PEDIDO_PROCESSADO');

  await selectNode(page, 'cancela-pedido-lambda');
  assert.equal(await page.locator('#fault-deny').count(), 0, 'the role is modelled: no generic switch');
  const names = await page.locator('#role-policies [data-policy-name]').evaluateAll(
    (els) => els.map((e) => e.getAttribute('data-policy-name')),
  );
  assert.deepEqual(names, ['SQSReadCancelaTrigger', 'SQSReadAlterarTrigger', 'ReadCancelAlterDynamoUpdate']);
  await page.click('[data-policy-name="ReadCancelAlterDynamoUpdate"] summary');
  await page.click('#policy-delete-ReadCancelAlterDynamoUpdate');
  await page.waitForFunction(() => !document.querySelector('[data-policy-name="ReadCancelAlterDynamoUpdate"]'));
  // The card is gone; the role says what went, where it was.
  const deleted = await page.textContent('#role-policies .inline-notice');
  assert.match(deleted, /ReadCancelAlterDynamoUpdate · lambda-altera-cancela-role: excluída \(DeleteRolePolicy\)/);

  await page.click('button.preset:has-text("Cancelar pedido apiP001")');
  await page.click('#event-send');
  await skip(page, '10s');
  assert.equal(await orderStatus(page, 'apiP001'), 'PEDIDO_PROCESSADO', 'the cancel did not happen');
  await selectNode(page, 'cancela-pedido-lambda');
  const log = await page.textContent('#function-logs');
  assert.match(log, /AccessDeniedException\) when calling the UpdateItem operation: User: arn:aws:sts::123456789012:assumed-role\/lambda-altera-cancela-role\/cancela-pedido-lambda is not authorized to perform: dynamodb:UpdateItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table\/pedidos-db because no identity-based policy allows the dynamodb:UpdateItem action/);

  // The lab's policy pasted as written, placeholder and all: IAM refuses it.
  await page.click('#role-policies .policy--new summary');
  await page.fill('#policy-new-name', 'ReadCancelAlterDynamoUpdate');
  await page.fill('#policy-json-new', labPolicy('COLE AQUI O ARN DA SUA TABELA pedidos-db-seu-nome'));
  await page.click('#policy-save-new');
  // IAM's refusal under the Save that was clicked, whole on the screen.
  const refusal = page.locator('#role-policies .policy--new .inline-notice[role="alert"]');
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /Resource COLE AQUI O ARN DA SUA TABELA pedidos-db-seu-nome must be in ARN format or "\*"/);
  const box = await refusal.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 720 - 20, `the refusal is on screen, clear of its bottom edge: ${JSON.stringify(box)}`);
  await page.locator('#role-policies').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'lab000-iam-pt-1280.png') });

  // The ARN to paste is on the table's panel, as the console shows it.
  await selectNode(page, 'pedidos-db');
  const arn = (await page.textContent('#table-arn')).trim();
  assert.equal(arn, 'arn:aws:dynamodb:us-east-1:123456789012:table/pedidos-db');
  await selectNode(page, 'cancela-pedido-lambda');
  await page.click('#role-policies .policy--new summary');
  await page.fill('#policy-new-name', 'ReadCancelAlterDynamoUpdate');
  await page.fill('#policy-json-new', labPolicy(arn));
  await page.click('#policy-save-new');
  await page.waitForSelector('[data-policy-name="ReadCancelAlterDynamoUpdate"]');
  assert.match(await page.textContent('#role-policies .policy--new .inline-notice'), /salva \(PutRolePolicy\)/);
  // The failed message is visible again 70 s after its receive; this time it works.
  await skip(page, '1m');
  await skip(page, '10s');
  assert.equal(await orderStatus(page, 'apiP001'), 'CANCELADO');
  await selectNode(page, 'cancela-pedido-lambda');
  await page.click('[data-policy-name="ReadCancelAlterDynamoUpdate"] summary');
  await page.locator('[data-policy-name="ReadCancelAlterDynamoUpdate"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'lab000-policy-editor.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('lab 000: a policy saved with a typo in its ARN is kept, as IAM keeps it, and the role says it names nothing here', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab000-pedidos&seed=6&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await selectNode(page, 'cancela-pedido-lambda');
  await page.click('[data-policy-name="ReadCancelAlterDynamoUpdate"] summary');
  const editor = '[data-policy-name="ReadCancelAlterDynamoUpdate"]';
  assert.equal(await page.locator(`${editor} .policy__nowhere`).count(), 0, "the lab's own policy names its table");
  const typo = 'arn:aws:dynamodb:us-east-1:123456789012:table/pedido-db';
  await page.fill('#policy-json-ReadCancelAlterDynamoUpdate', labPolicy(typo));
  await page.click('#policy-save-ReadCancelAlterDynamoUpdate');
  // Saved (IAM does not check that a resource exists), and said under the editor.
  const warning = page.locator(`${editor} .policy__nowhere`);
  await warning.waitFor();
  assert.match(await page.textContent(`${editor} .inline-notice`), /saved \(PutRolePolicy\)/);
  assert.equal(
    await warning.textContent(),
    `No resource in this lab has the ARN ${typo}. IAM saves a policy as written, without checking that its resources exist, so calls on the resource you meant stay denied. Did you mean arn:aws:dynamodb:us-east-1:123456789012:table/pedidos-db?`,
  );
  // The closed card says it too.
  await page.click(`${editor} summary`);
  assert.equal((await page.textContent(`${editor} .policy__flag`)).trim(), '⚠ ARN');
  await page.click(`${editor} summary`);
  await warning.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'lab000-policy-typo-en-1280.png') });
  // The ARN it offers, pasted and saved, names the table: the warning goes.
  await page.fill('#policy-json-ReadCancelAlterDynamoUpdate', labPolicy('arn:aws:dynamodb:us-east-1:123456789012:table/pedidos-db'));
  await page.click('#policy-save-ReadCancelAlterDynamoUpdate');
  await page.waitForFunction(() => !document.querySelector('.policy__nowhere'));
  assert.equal(await page.locator(`${editor} .policy__flag`).count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('lab 000: a trigger whose role cannot receive says so, and the message waits in the queue', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab000-pedidos&seed=4&lang=en');
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await selectNode(page, 'cancela-pedido-lambda');
  await page.click('[data-policy-name="SQSReadCancelaTrigger"] summary');
  await page.click('#policy-delete-SQSReadCancelaTrigger');
  await page.waitForFunction(() => !document.querySelector('[data-policy-name="SQSReadCancelaTrigger"]'));
  // The next policy does not open in its place, its Delete under the pointer.
  assert.equal(await page.locator('#role-policies details.policy[open]').count(), 0);
  await page.click('button.preset:has-text("Cancel order")');
  await page.click('#event-send');
  await skip(page, '1m');
  await selectNode(page, 'cancela-pedido-lambda');
  const problem = await page.textContent('.trigger-problem');
  assert.match(problem, /not authorized to perform: sqs:receivemessage on resource: arn:aws:sqs:us-east-1:123456789012:cancela-pedido-queue/);
  await selectNode(page, 'cancela-pedido-queue');
  assert.equal((await page.textContent('#q-available')).trim(), '1', 'visible, never received');
  assert.deepEqual(problems, []);
  await page.close();
});

test("lab 000: a policy change made by the guide's Show me is said at the top of the role's policies", async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab000-pedidos&seed=5&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('#guide', { timeout: 15_000 });
  await selectNode(page, 'cancela-pedido-lambda');
  // A click first: its notice shows under that editor.
  await page.click('[data-policy-name="SQSReadCancelaTrigger"] summary');
  // Invalid JSON is said where it is typed, and cannot be saved (lab 000 walk: IAM's
  // English parser error in the Portuguese page).
  await page.fill('#policy-json-SQSReadCancelaTrigger', '{');
  await page.waitForSelector('[data-policy-name="SQSReadCancelaTrigger"] .field__error');
  assert.equal(await page.isDisabled('#policy-save-SQSReadCancelaTrigger'), true);
  await page.fill('#policy-json-SQSReadCancelaTrigger', '{"Statement": [{"Effect": "Allow", "Action": "UpdateItem", "Resource": "*"}]}');
  await page.click('#policy-save-SQSReadCancelaTrigger');
  await page.waitForSelector('[data-policy-name="SQSReadCancelaTrigger"] .inline-notice');
  // Then steps 1–3 with Show me: step 3 puts ReadCancelAlterDynamoUpdate back. No
  // editor was clicked for it: the notice is at the top, not inside a closed card.
  for (let i = 0; i < 3; i++) await page.click('#guide-show-me');
  await page.waitForFunction(() => document.querySelector('#guide-step')?.dataset.step === '4');
  const top = page.locator('#role-policies > .inline-notice');
  await top.waitFor();
  assert.match(await top.textContent(), /ReadCancelAlterDynamoUpdate · lambda-altera-cancela-role: saved \(PutRolePolicy\)/);
  assert.equal(await page.locator('#role-policies details .inline-notice').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});
