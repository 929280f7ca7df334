// CloudFormation in the page, as a learner meets it: a template file opened
// through the CloudFormation card becomes the diagram and runs (an event sent to
// its bus reaches the inventory function through the rule and the queue); a
// broken template pasted is refused with CloudFormation's message and nothing
// changes; its order entry starts with an order its API accepts; the scenario
// downloads as a template. axe-core finds no serious or
// critical violations with the template loaded and the card open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, openPage, skip, selectNode, SCREENSHOTS, ROOT } from './harness.mjs';

const ctx = suite();
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

async function violations(page) {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} — ${v.nodes[0].html.slice(0, 100)}`);
}

test('a template file opened in the page draws its diagram and runs; a broken one is refused; the scenario downloads as a template', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab000-pedidos&seed=1&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });

  // A broken template: refused next to the control, the diagram unchanged.
  await page.click('#template-paste summary');
  await page.fill('#template-text', 'Resources:\n  A:\n    Type: AWS::SQS::Queue\n    DependsOn: B\n  B:\n    Type: AWS::SQS::Queue\n    DependsOn: A\n');
  await page.click('#template-load');
  await page.waitForSelector('#template-error');
  assert.match(await page.textContent('#template-error'), /Circular dependency between resources: \[A, B\]/);
  assert.equal(await page.locator('[data-node="pedidos-db"]').count(), 1, 'lab 000 still on show');

  // The hand-written lab 003 template, picked from disk.
  await page.setInputFiles('#template-open', join(ROOT, 'tests', 'templates', 'lab003-order-events.yaml'));
  await page.waitForSelector('[data-node="payments-queue"]', { timeout: 15_000 });
  for (const n of ['order-events', 'order-placed-rule', 'inventory-queue', 'notifications', 'payments-dlq-alarm']) {
    assert.equal(await page.locator(`[data-node="${n}"]`).count(), 1, n);
  }
  assert.equal(await page.locator('[data-node="pedidos-db"]').count(), 0);
  assert.match(await page.textContent('#template-behaviours'), /payments-processor: charge-payment \(EventLab's behaviour of that name, as Metadata: EventLab says\)/);
  assert.equal(await page.locator('#template-generic-how').count(), 0, 'every function has its Metadata');
  assert.match(await page.inputValue('#scenario-picker'), /^template$/);
  // The lab's guide is not in a template: said, not silently gone (student walk).
  assert.equal(await page.locator('#guide').count(), 0);
  assert.match(await page.textContent('#template-no-guide'), /the guided lab comes with the built-in scenarios/);

  // Run it: an order.placed event on the bus reaches inventory-processor.
  await page.fill('#event-detail', '{"orderId": "ord-b1", "amount": 50, "items": [{"sku": "SKU-1", "qty": 1}]}');
  await page.click('#event-send');
  await skip(page, '10s', 2);
  await selectNode(page, 'inventory-processor');
  const stats = await page.locator('.function-panel .stat__n').first().textContent();
  assert.equal(stats.trim(), '1', 'one invocation');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'cloudformation-lab003.png') });
  await page.locator('#cloudformation').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'cloudformation-card.png') });

  assert.deepEqual(await violations(page), []);

  // The template says nothing of the console: the order entry starts with an order
  // its API's function (publish-order: a numeric amount) accepts, not {}.
  const first = JSON.parse(await page.inputValue('#order-json'));
  assert.equal(typeof first.amount, 'number', JSON.stringify(first));
  await page.click('#order-submit');
  await skip(page, '10s');
  await selectNode(page, 'orders-api');
  assert.match(await page.textContent('.resource table.grid tbody'), /POST \/orders201/);

  // Download the scenario on show as a template.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#template-download')]);
  assert.equal(download.suggestedFilename(), 'lab003-order-events.cloudformation.yaml');
  // How to deploy it: its named roles need CAPABILITY_NAMED_IAM (nothing said so: the
  // lab 003 walk), and its Outputs hold the test's ids.
  await page.click('#template-deploy summary');
  const deploy = await page.textContent('#template-deploy');
  assert.match(deploy, /aws cloudformation deploy --template-file lab003-order-events\.cloudformation\.yaml --stack-name eventlab/);
  assert.match(deploy, /--capabilities CAPABILITY_NAMED_IAM/);
  const file = join(SCREENSHOTS, 'lab003-download.yaml');
  await download.saveAs(file);
  const yaml = readFileSync(file, 'utf8');
  assert.match(yaml, /^AWSTemplateFormatVersion: "2010-09-09"/);
  assert.match(yaml, /Type: AWS::SQS::QueuePolicy/);
  assert.match(yaml, /\nOutputs:\n  PaymentsDlqQueueUrl:/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a built-in lab's template, opened again, brings its guide and says nothing of guides missing", async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab003-order-events&seed=1&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('#guide', { timeout: 15_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#template-download')]);
  const file = join(SCREENSHOTS, 'lab003-export.yaml');
  await download.saveAs(file);
  await page.setInputFiles('#template-open', file);
  await page.waitForSelector('#template-summary', { timeout: 15_000 });
  assert.match(await page.inputValue('#scenario-picker'), /^template$/);
  // The export carries the guide (Metadata: EventLab); the card said "a template declares
  // resources only" beside it (the English walk).
  await page.waitForSelector('#guide');
  assert.equal(await page.locator('#template-no-guide').count(), 0);
  // The rule's test event is lab 003's order, not lab 000's pedidoId.
  await selectNode(page, 'order-placed-rule');
  assert.match(await page.inputValue('#rule-test-event'), /"order_id": "order-1"/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a template's function without Metadata says how to give it one of EventLab's behaviours", async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab003-order-events&seed=1&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await page.click('#template-paste summary');
  await page.fill('#template-text', 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: my-fn\n      Runtime: python3.12\n      Handler: index.handler\n      Role: arn:aws:iam::123456789012:role/my-role\n      Code: {ZipFile: "def handler(e, c): pass"}\n');
  await page.click('#template-load');
  await page.waitForSelector('[data-node="my-fn"]', { timeout: 15_000 });
  assert.match(await page.textContent('#template-behaviours'), /my-fn: generic/);
  // The student's own template ran its functions as loggers, with no word on why.
  const how = await page.textContent('#template-generic-how');
  assert.match(how, /MyFunction:\s+Type: AWS::Lambda::Function\s+Metadata:\s+EventLab:\s+Behavior:\s+Type: charge-payment\s+SuccessPerMille: 900\s+Properties:/);
  assert.match(how, /charge-payment, reserve-inventory/);
  await page.locator('#template-generic-how').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'cloudformation-generic-how.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
