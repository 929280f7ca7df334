// Guided labs, followed as a learner does. Lab 000 in Portuguese at 1280×720: steps
// 1 and 4–9 done with the app's own controls (the API form, Send events, the fault
// switch, the DLQ's redrive), each checked on the simulation; the role (2–3) and the
// S3 file (10) with "Mostre-me"; progress survives a reload. Lab 004 in English with "Show me". The SQS
// FIFO guide in Portuguese with the order form's own fields (its deduplication id).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { suite, openPage, skip, selectNode, orderStatus, SCREENSHOTS, ROOT } from './harness.mjs';

const ctx = suite();

async function atStep(page, n) {
  await page.waitForFunction((k) => document.querySelector('#guide-step')?.dataset.step === String(k), n, { timeout: 5_000 });
}

test('lab 000 in Portuguese, step by step through the checks to the redrive and beyond', async () => {
  const { page, problems } = await openPage(
    ctx.browser,
    ctx.server.url + '?scenario=lab000-pedidos&seed=1&lang=pt-BR',
    { width: 1280, height: 720 },
  );
  await page.waitForSelector('#guide', { timeout: 15_000 });
  assert.equal((await page.textContent('#guide-progress')).trim(), 'Passo 1 de 10');
  assert.match(await page.textContent('#guide-heading'), /^1\. Envie um pedido pela API$/);
  await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'guide-lab000-pt.png') });
  // "↓ Enviar um pedido" scrolls the column to the form: the step's name stays in view,
  // in the sticky bar (the walk saw only "Passo 1 de 10" left, the step scrolled away).
  await page.click('#guide-to-form');
  await page.waitForTimeout(100);
  const named = await page.evaluate(() => {
    const column = document.querySelector('#controls').getBoundingClientRect();
    const heading = document.querySelector('#guide-heading').getBoundingClientRect();
    const form = document.querySelector('#order-submit').getBoundingClientRect();
    return { headingTop: heading.top, columnTop: column.top, formBottom: form.bottom, scrolled: document.querySelector('#controls').scrollTop };
  });
  assert.ok(named.scrolled > 0, 'the column scrolled to the form');
  assert.ok(named.headingTop >= named.columnTop - 1 && named.formBottom <= 720, JSON.stringify(named));
  await page.evaluate(() => { document.querySelector('#controls').scrollTop = 0; });

  // 1. The API form, as it starts. At 1280×720 it is below the window; the step's
  // link brings it into the column's view (both walks of lab 000 had to find it).
  const formTop = () => page.evaluate(() => document.querySelector('#order-form').getBoundingClientRect().top);
  assert.ok(await formTop() > 720, 'the form starts below the window');
  await page.click('#guide-to-form');
  const top = await formTop();
  assert.ok(top >= 0 && top < 720 - 150, `the form's top part is on screen: ${top}`);
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the window did not move');
  await page.click('#order-submit');
  assert.match(await page.textContent('#guide-step'), /se marca sozinho quando a simulação mostrar/);
  // Down at the form when the step ticks: the next step comes into the column's view
  // (the lab 000 walk saw only the end of step 2 and nothing saying the step changed).
  await page.evaluate(() => { document.querySelector('#controls').scrollTop = 10_000; });
  await skip(page, '10s');
  await atStep(page, 2);
  assert.doesNotMatch(await page.textContent('#guide-step'), /se marca sozinho/, 'said once, on step 1');
  await page.waitForTimeout(100);
  const inView = await page.evaluate(() => {
    const column = document.querySelector('#controls').getBoundingClientRect();
    const step = document.querySelector('#guide-step').getBoundingClientRect();
    return step.top >= column.top - 1 && step.top <= column.bottom - 40;
  });
  assert.ok(inView, 'step 2 shows in the controls column');
  // Step 2 is done with Send events: that form comes first, under the clock (the
  // walk found it 1,220 px down, never on screen with the step).
  const eventsFirst = () => page.evaluate(() => document.querySelector('#send-events').getBoundingClientRect().top
    < document.querySelector('#order-submit').getBoundingClientRect().top);
  assert.ok(await eventsFirst(), 'step 2: Send events before the order form');
  // Its "↓ Enviar eventos" scrolls to that form and keeps the sticky bar whole, its
  // step number and two-line heading (a far form took the guide's card away).
  await page.click('#guide-to-form');
  await page.waitForTimeout(100);
  const kept = await page.evaluate(() => {
    const column = document.querySelector('#controls').getBoundingClientRect();
    const bar = document.querySelector('#guide .guide__progress').getBoundingClientRect();
    const form = document.querySelector('#send-events').getBoundingClientRect();
    return { barTop: bar.top, columnTop: column.top, formTop: form.top };
  });
  assert.ok(kept.barTop >= kept.columnTop - 13 && kept.formTop <= 720 - 120, JSON.stringify(kept));
  await page.evaluate(() => { document.querySelector('#controls').scrollTop = 0; });
  // 2–3 (section 5) with "Mostre-me": the broken role, the fixed role. The form moves
  // back below the order form at step 3, keeping what was typed in it.
  await page.fill('#event-source', 'typed-before-the-step-ticks');
  for (const next of [3, 4]) {
    await page.click('#guide-show-me');
    await atStep(page, next);
  }
  assert.equal(await page.inputValue('#event-source'), 'typed-before-the-step-ticks');
  assert.equal(
    (await page.textContent('#guide .guide__done')).trim().replace(/\u00a0/g, ' '),
    '✓ Passo 3 concluído pelo Mostre-me: PutRolePolicy lambda-altera-cancela-role ReadCancelAlterDynamoUpdate · 1 min 20 s passados',
  );
  // 4. Cancel apiP001 with the Send events preset.
  await page.click('button.preset:has-text("Cancelar pedido apiP001")');
  await page.click('#event-send');
  await skip(page, '10s');
  await atStep(page, 5);
  assert.equal((await page.textContent('#guide .guide__done')).trim(), '✓ Passo 4 concluído', 'done by hand: the tick alone');
  // 5. AlterarPedido for the same order, as the lab does (CANCELADO → ALTERADO).
  await page.click('button.preset:has-text("Alterar pedido apiP001")');
  await page.click('#event-send');
  await skip(page, '10s');
  await atStep(page, 6);
  // 6. The forced error.
  await selectNode(page, 'processa-pedidos-lambda');
  await page.check('#fault-throw');
  await atStep(page, 7);
  // 7. A new order goes to the DLQ after 3 receives, 70 s apart: not "almost immediate".
  assert.match(await page.textContent('#guide'), /3 × 70 s/);
  assert.ok(!(await eventsFirst()), 'step 7 posts an order: its form first');
  await page.fill('#order-json', (await page.inputValue('#order-json')).replace('apiP001', 'apiP0043-TESTE-FLUXO-AULA-4'));
  await page.click('#order-submit');
  await skip(page, '1m', 3);
  assert.equal((await page.getAttribute('#guide-step', 'data-step')), '7', 'still in flight after 3 minutes');
  await skip(page, '1m');
  await atStep(page, 8);
  // 8. Fix it; 9. redrive the DLQ.
  await selectNode(page, 'processa-pedidos-lambda');
  await page.uncheck('#fault-throw');
  await atStep(page, 9);
  await selectNode(page, 'pedidos-pendentes-dlq');
  await page.click('#redrive');
  await skip(page, '10s');
  await atStep(page, 10);
  await page.screenshot({ path: join(SCREENSHOTS, 'guide-lab000-step10-pt-1280.png') });

  // Progress survives a reload (the session replays; the marks are kept with the
  // sim time each step was done, so rewinding after a reload undoes only later ones).
  const marksKept = () => page.evaluate(() => localStorage.getItem('eventlab.guide.lab000-pedidos.1'));
  const before = await marksKept();
  const times = before.replace(/^at:/, '').split(',').map(Number);
  assert.equal(times.length, 9, before);
  assert.ok(times[0] > 0 && times[8] > 240_000 && times.every((t, i) => i === 0 || t >= times[i - 1]), before);
  await page.reload();
  await page.waitForSelector('#guide');
  await atStep(page, 10);
  assert.equal(await marksKept(), before, 'the restored marks keep their times');

  // 10 with "Mostre-me": the S3 file.
  await page.click('#guide-show-me');
  await page.waitForFunction(() => document.querySelector('#guide-progress')?.textContent.includes('Laboratório concluído'));
  const marks = await page.locator('#guide .guide__all li[data-done="true"]').count();
  assert.equal(marks, 10);
  // A done step keeps its task and its why within reach (they went with the step).
  await page.click('#guide .guide__all > summary');
  await page.click('#guide .guide__all li[data-done="true"] >> nth=0 >> summary');
  assert.match(await page.locator('#guide .guide__all li[data-done="true"]').first().textContent(), /Por quê:/);
  assert.equal(await page.locator('#guide-next').count(), 0, 'lab 000 continues nowhere');
  assert.deepEqual(problems, []);
  await page.close();
});

// Lab 004 with its pipe ends by sending the learner to the fixed architecture: the
// finished guide says where (the student walk read "Laboratório concluído" as if the
// second half were optional).
test('lab 004 pipes, finished, names the fixed architecture that continues it', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab004-pipes&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('#guide', { timeout: 15_000 });
  for (let n = 1; n <= 5; n++) {
    await page.click('#guide-show-me');
    if (n < 5) await atStep(page, n + 1);
  }
  await page.waitForFunction(() => document.querySelector('#guide-progress')?.textContent.includes('Laboratório concluído'));
  assert.match(await page.textContent('#guide-next'), /A seguir: a arquitetura corrigida, lab004-pipes-fanout, tem o próprio guia/);
  await page.locator('#guide').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'guide-lab004-pipes-next-pt-1280.png') });
  // The card's button opens it (the instructor walk looked for it in the menu).
  await page.click('#guide-open-next');
  await page.click('#confirm-wipe-yes');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('scenario') === 'lab004-pipes-fanout');
  await page.waitForFunction(() => document.querySelector('#guide-progress')?.textContent.trim() === 'Passo 1 de 5');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the SQS FIFO guide in Portuguese, done with the order form and its Message deduplication ID', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=sqs-fifo-pedidos&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('#guide', { timeout: 15_000 });
  const step = () => page.getAttribute('#guide-step', 'data-step');
  // As the steps say: 10 s, then a minute more for each simulated failure.
  const until = async (n) => {
    await skip(page, '10s');
    for (let i = 0; i < 6 && (await step()) !== String(n); i++) await skip(page, '1m');
    await atStep(page, n);
  };
  const body = async (from, to) => page.fill('#order-json', (await page.inputValue('#order-json')).replaceAll(from, to));
  // No table here: no Orders tab saying so, the trace is shown (the student walk
  // opened on "Este cenário não tem tabela DynamoDB.").
  assert.equal(await page.$('#tab-orders'), null);
  assert.equal(await page.getAttribute('#tab-trace', 'aria-selected'), 'true');
  // A hint opened on one step is closed on the next (it stayed open, unasked).
  await page.click('#guide-step .guide__hint summary');
  assert.equal(await page.getAttribute('#guide-step .guide__hint', 'open'), '');
  // 1–2. ORD-001, then ORD-002 and ORD-003 from the same form. The empty group field
  // says what it sends (its grey text read as an example).
  assert.equal(await page.getAttribute('#order-group-id', 'placeholder'), 'vazio: order-CUST-123, a partir do corpo');
  await page.click('#order-submit');
  await until(2);
  assert.equal(await page.getAttribute('#guide-step .guide__hint', 'open'), null, "step 2's hint starts closed");
  await body('ORD-001', 'ORD-002');
  await body('CUST-123', 'CUST-456');
  await page.click('#order-submit');
  await body('ORD-002', 'ORD-003');
  await body('CUST-456', 'CUST-789');
  await page.click('#order-submit');
  await until(3);
  // 3. One SendMessageBatch from the batch form. A dict as MessageBody is refused
  // where it is typed, as boto3 refuses it, and sends nothing.
  const entries = await page.inputValue('#batch-json');
  assert.match(entries, /"MessageBody": "\{\\"order_id\\": \\"ORD-BATCH-000\\"/);
  await page.fill('#batch-json', entries.replace(/"MessageBody": "[^\n]*",\n/, '"MessageBody": {"order_id": "ORD-BATCH-000"},\n'));
  assert.match(await page.textContent('#batch-form .field__error'), /Entries\[0\]\.MessageBody deve ser texto/);
  assert.equal(await page.isDisabled('#batch-submit'), true);
  await page.screenshot({ path: join(SCREENSHOTS, 'guide-sqs-fifo-batch-error-pt-1280.png') });
  await page.fill('#batch-json', entries);
  await page.click('#guide-to-form');
  await page.click('#batch-submit');
  // SQS's answer per entry, said under the form (a walk read only "Sent").
  assert.match(await page.textContent('#batch-form ~ .inline-notice'), /SendMessageBatch: Successful 5, Failed 0/);
  await until(4);
  // 4. ORD-001 again, with new ids, then the same id: accepted, not delivered.
  await body('ORD-003', 'ORD-001');
  await body('CUST-789', 'CUST-123');
  for (const id of ['order-ORD-001-1', 'order-ORD-001-2', 'order-ORD-001-2']) {
    await page.fill('#order-dedup-id', id);
    await page.click('#order-submit');
  }
  // The duplicate is a success that delivers nothing, and the form says so.
  assert.match(await page.textContent('#order-form ~ .inline-notice'), /SendMessage: aceita, mas este ID de desduplicação já foi enviado nos últimos 5 minutos: não será entregue de novo/);
  await until(5);
  // 5. The field emptied, the forced error on: ORD-005 waits behind ORD-004 in its group.
  await page.fill('#order-dedup-id', '');
  await selectNode(page, 'processa-pedidos-fifo');
  await page.check('#fault-throw');
  await body('ORD-001', 'ORD-004');
  await body('CUST-123', 'CUST-999');
  await page.click('#order-submit');
  await skip(page, '10s');
  await body('ORD-004', 'ORD-005');
  await page.click('#order-submit');
  await selectNode(page, 'pedidos-ecommerce.fifo');
  const row = (order) => page.locator('li.message', { has: page.locator('.message__order', { hasText: order }) });
  await row('ORD-005').waitFor();
  assert.equal(await row('ORD-004').getAttribute('class'), 'message message--in-flight');
  assert.equal(await row('ORD-005').getAttribute('class'), 'message message--available');
  assert.equal((await row('ORD-005').locator('.tag--held').textContent()).trim(), 'espera: o grupo order-CUST-999 tem uma mensagem em trânsito');
  assert.equal((await row('ORD-004').locator('.message__group').textContent()).trim(), 'order-CUST-999');
  await page.screenshot({ path: join(SCREENSHOTS, 'guide-sqs-fifo-step5-pt-1280.png') });
  await skip(page, '1m', 4);
  await atStep(page, 6);
  // 6. Fixed, redriven, processed.
  await selectNode(page, 'processa-pedidos-fifo');
  await page.uncheck('#fault-throw');
  await selectNode(page, 'pedidos-ecommerce-dlq.fifo');
  await page.click('#redrive');
  await skip(page, '10s');
  for (let i = 0; i < 4 && !(await page.textContent('#guide-progress')).includes('Laboratório concluído'); i++) await skip(page, '1m');
  assert.match(await page.textContent('#guide-progress'), /Laboratório concluído/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('lab 004 in English with Show me, through the alarm and back to OK', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab004-orders&seed=2&lang=en', { width: 1440, height: 900 });
  await page.waitForSelector('#guide', { timeout: 15_000 });
  assert.equal((await page.textContent('#guide-progress')).trim(), 'Step 1 of 5');
  // G shows the current step, from the keyboard (as an instructor would).
  await page.locator('body').focus();
  await page.keyboard.press('g');
  await atStep(page, 2);
  // The tick says what Show me did for the step (it did it in one jump).
  assert.match((await page.textContent('#guide .guide__done')).replace(/\u00a0/g, ' '), /^✓ Step 1 done by Show me: HttpRequest POST \/orders · 10 s passed$/);
  for (let n = 3; n <= 5; n++) {
    await page.click('#guide-show-me');
    await atStep(page, n);
    if (n === 3) {
      assert.match(await page.getAttribute('[data-node="order-processing-alarm"]', 'aria-label'), /ALARM/);
    }
  }
  await page.click('#guide-show-me');
  await page.waitForFunction(() => document.querySelector('#guide-progress')?.textContent.includes('Lab complete'));
  // Stage 2 done: the card names stage 3 (the English walk was told of nothing after a stage).
  assert.match(await page.textContent('#guide-next'), /^Next: the lab's next stage, "Lab 004, stage 3: EventBridge Pipes", has its own guide/);
  assert.equal((await page.textContent('#guide-open-next')).trim(), 'Open “Lab 004, stage 3: EventBridge Pipes”');
  // "Next:" starts below the bar's 22 px fade (the walk of session 35 saw its first
  // line half faded under it).
  const gap = await page.evaluate(() => document.querySelector('#guide-next').getBoundingClientRect().top - document.querySelector('#guide .guide__progress').getBoundingClientRect().bottom);
  assert.ok(gap >= 20, `"Next:" is ${gap} px below the bar`);
  // And the card is in the controls column's view, "Lab complete" with it.
  const guideTop = await page.evaluate(() => document.querySelector('#guide').getBoundingClientRect().top - document.querySelector('#controls').getBoundingClientRect().top);
  assert.ok(guideTop > -2, `the guide's top is in view (${guideTop} px)`);
  await page.screenshot({ path: join(SCREENSHOTS, 'guide-lab004-en.png') });
  // A reset wipes the session, and the marks with it.
  await page.click('#reset');
  await page.click('#confirm-wipe-yes');
  await page.waitForFunction(() => document.querySelector('#guide-progress')?.textContent.trim() === 'Step 1 of 5');
  assert.deepEqual(problems, []);
  await page.close();
});

test("lab 003's guide in Portuguese: its translation, and the scenario's name in the menu; English as written", async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab003-order-events&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('#guide', { timeout: 15_000 });
  assert.match(await page.textContent('#guide-heading'), /Faça um pedido/);
  assert.match(await page.textContent('#guide-do'), /Em "Enviar um pedido", envie o pedido \(order-1, ou um pedido seu\)/);
  assert.equal(await page.getAttribute('#guide-step', 'lang'), 'pt-BR');
  assert.match(await page.textContent('#guide .guide__title'), /um pipeline de pedidos orientado a eventos/);
  assert.match(await page.textContent('option[value="lab003-order-events"]'), /Lab 003: pipeline orientado a eventos com EventBridge/);
  // Its table holds inventory reservations, and the tab says so (it said "Pedidos").
  assert.equal((await page.textContent('#tab-orders')).trim(), 'Reservas');
  await page.screenshot({ path: join(SCREENSHOTS, 'guide-lab003-pt.png') });
  // 1. The order as it is. Seed 1 has a DeleteMessage miss a stored copy of it in
  // inventory-queue: the "at least once" moment shows under the diagram, on screen
  // (under the legend it was below the window, beside a queue with 1 in flight).
  await page.click('#order-submit');
  await skip(page, '10s');
  await atStep(page, 2);
  // The tick is said on the next step (it only swapped the text).
  assert.equal((await page.textContent('#guide .guide__done')).trim(), '✓ Passo 1 concluído');
  await page.waitForSelector('#moment', { timeout: 5_000 });
  const momentBottom = await page.evaluate(() => document.querySelector('#moment').getBoundingClientRect().bottom);
  assert.ok(momentBottom <= 720, `the moment is on screen: its bottom at ${momentBottom}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'guide-lab003-pt-moment.png') });
  // 2. "Use Enviar 10 pedidos": the step's button finds that form, not the one-order form.
  assert.equal((await page.textContent('#guide-to-form')).trim(), '↓ Enviar pedidos');
  await page.click('#guide-to-form');
  const manyTop = await page.evaluate(() => document.querySelector('#submit-many').getBoundingClientRect().top);
  assert.ok(manyTop >= 0 && manyTop < 720 - 60, `the many-orders form is on screen: ${manyTop}`);
  // Another lab, asked by its name, opens at the top of the controls column (the
  // walk saw lab 004 open with its first step scrolled away).
  await page.selectOption('#scenario-picker', 'lab004-orders');
  assert.match(await page.textContent('#confirm-wipe-text'), /^Abrir “Lab 004, etapa 2: worker SQS e DLQ”\?/);
  await page.click('#confirm-wipe-yes');
  await page.waitForFunction(() => /Passo 1 de 5/.test(document.querySelector('#guide-progress')?.textContent ?? ''));
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => document.querySelector('#controls').scrollTop), 0);
  await page.selectOption('#scenario-picker', 'lab003-order-events');
  await page.waitForFunction(() => /Faça um pedido/.test(document.querySelector('#guide-heading')?.textContent ?? ''));
  // Switched to English: the guide as the file writes it.
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => /Place an order/.test(document.querySelector('#guide-heading')?.textContent ?? ''));
  assert.equal(await page.getAttribute('#guide-step', 'lang'), 'en');
  assert.deepEqual(problems, []);
  await page.close();
});

// Lab 004 stage 1's first "Why" is about 1,000 characters in Portuguese: whole, it
// pushed the clock's Play to 920 px on a 1280×720 screen, out of sight while the
// student did the step. A long "Why" shows its first lines and a button for the rest.
test('a long "Por quê" shows its first lines and keeps Play on a 1280×720 screen', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab004-streams&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('#guide-why');
  const bottom = await page.evaluate(() => document.querySelector('#play').getBoundingClientRect().bottom);
  assert.ok(bottom <= 720, `Play's bottom at ${bottom} px`);
  const height = () => page.evaluate(() => document.querySelector('#guide-why').getBoundingClientRect().height);
  const short = await height();
  assert.match(await page.textContent('#guide-why-more'), /Ler o porquê inteiro/);
  await page.click('#guide-why-more');
  assert.equal(await page.getAttribute('#guide-why-more', 'aria-expanded'), 'true');
  const whole = await height();
  assert.ok(whole > short * 2, `the whole "Por quê" is ${whole} px against ${short} px`);
  // A short "Why" has no button (lab 000's first step).
  await page.goto(ctx.server.url + '?scenario=lab000-pedidos&seed=1&lang=pt-BR');
  await page.waitForSelector('#guide-why');
  assert.equal(await page.locator('#guide-why-more').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

// Lab 003's step 2 sends ten orders from the batch form, below the single order's:
// "↓ Enviar pedidos" gave up the guide's bar, and the bar, squeezed into the card's last
// 79 px, showed its heading cut in half (the walk of session 35). Now the card goes
// whole, or the bar stays whole.
test("lab 003 at 1280×720 (pt-BR): step 2's button to the batch form leaves no half-cut heading", async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab003-order-events&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('#guide-show-me', { timeout: 15_000 });
  await page.click('#guide-show-me');
  await atStep(page, 2);
  await page.click('#guide-to-form');
  const at = await page.evaluate(() => {
    const top = (q) => document.querySelector(q).getBoundingClientRect();
    return { column: top('#controls').top, card: top('#guide').bottom, heading: top('#guide-heading').top, button: top('#many-submit').bottom };
  });
  assert.ok(at.card <= at.column + 1 || at.heading >= at.column, `the card ends at ${at.card}, its heading at ${at.heading}, the column starts at ${at.column}`);
  assert.ok(at.button <= 720, `the batch button is on screen: ${at.button}`);
  assert.deepEqual(problems, []);
  await page.close();
});

// Show me on lab 003's step 2 sends ten orders: the line that says what it did listed
// each (ten lines) and pushed step 3's task below a 1280×720 screen (the walk of
// session 35). A run of the same request reads as one part.
test("lab 003 at 1280×720 (pt-BR): Show me's ten requests read as one line, and step 3's task stays on screen", async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab003-order-events&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('#guide-show-me', { timeout: 15_000 });
  await page.click('#guide-show-me');
  await atStep(page, 2);
  await page.click('#guide-show-me');
  await atStep(page, 3);
  await page.evaluate(() => document.querySelector('#controls').scrollTo(0, 0));
  const done = (await page.textContent('#guide .guide__done')).replace(/\u00a0/g, ' ');
  assert.match(done, /^✓ Passo 2 concluído pelo Mostre-me: 10 × HttpRequest POST \/orders order-2 … order-11 · 2 min 0 s passados$/);
  const doBottom = await page.evaluate(() => document.querySelector('#guide-do').getBoundingClientRect().bottom);
  assert.ok(doBottom <= 720, `step 3's task is on screen: its bottom at ${doBottom}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'guide-lab003-pt-shown.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

// The FIFO walk: "↓ Enviar em lote" scrolled the controls just enough to keep the
// guide's bar, which the far form had taken away anyway, and showed the heading alone.
test('sqs-fifo-pedidos at 1280×720 (pt-BR): the batch step\'s button shows the batch form\'s entries', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=sqs-fifo-pedidos&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('#guide-show-me', { timeout: 15_000 });
  for (const step of [1, 2]) {
    await atStep(page, step);
    await page.click('#guide-show-me');
  }
  await atStep(page, 3);
  assert.equal((await page.textContent('#guide-to-form')).trim(), '↓ Enviar em lote');
  await page.click('#guide-to-form');
  const entries = await page.evaluate(() => document.querySelector('#batch-form textarea').getBoundingClientRect());
  assert.ok(entries.top >= 0 && entries.top + 100 <= 720, `the entries are on screen: ${entries.top}`);
  assert.deepEqual(problems, []);
  await page.close();
});
