// Rewind, as an instructor replays the moment: lab 000's order in the DLQ after the
// forced error; the timeline dragged back to 100 s shows it in flight again with
// receive count 2; fixing the function from there forks a new future in which the
// order is processed and the DLQ stays empty. B steps back 10 s from the keyboard.
// The move's teaching moment links to its trace entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { suite, openPage, skip, selectNode, orderStatus, SCREENSHOTS, ROOT } from './harness.mjs';

const ctx = suite();

/** Lab 000 at seed 2, 1280×720, with the forced error on and the lab's order sent. */
async function failingOrder(lang) {
  const opened = await openPage(ctx.browser, ctx.server.url + `?scenario=lab000-pedidos&seed=2&lang=${lang}`, { width: 1280, height: 720 });
  await opened.page.waitForSelector('#timeline', { timeout: 15_000 });
  await selectNode(opened.page, 'processa-pedidos-lambda');
  await opened.page.check('#fault-throw');
  await opened.page.click('#order-submit');
  return opened;
}

test('rewind to before the DLQ move shows the message in flight again; acting from there diverges', async () => {
  const { page, problems } = await failingOrder('en');
  await skip(page, '1m', 4);
  await selectNode(page, 'pedidos-pendentes-dlq');
  assert.equal((await page.textContent('#q-available')).trim(), '1');
  assert.ok(await page.locator('#timeline .timeline__mark--dlq').count() >= 1, 'the move is marked on the timeline');
  // … and the marks say what they mean, for the kinds on the track.
  assert.equal(await page.textContent('#timeline-keys'), 'On the timeline:moved to a DLQinvocation failed');
  // The teaching moment says what happened and links to its trace entry.
  assert.equal(await page.getAttribute('#moment', 'data-moment'), 'MovedToDlq');
  assert.match(await page.textContent('#moment'), /maxReceiveCount/);
  await page.click('#moment-trace');
  await page.waitForSelector('.trace-row.is-focus');
  assert.match(await page.textContent('.trace-row.is-focus'), /moved it to pedidos-pendentes-dlq/);

  // Drag back to 100 s: the second receive, in flight, the DLQ empty. The track keeps
  // its width (what rewinding says goes on a line of its own); the move's moment has
  // not happened yet.
  const trackWidth = () => page.evaluate(() => document.querySelector('#timeline .timeline__track').getBoundingClientRect().width);
  const wide = await trackWidth();
  await page.locator('#timeline-range').fill('100000');
  await page.waitForSelector('#timeline-now');
  assert.ok(Math.abs((await trackWidth()) - wide) < 2, `track ${wide} px wide, then ${await trackWidth()} px rewound`);
  assert.equal(await page.locator('#moment').count(), 0, 'no moment from after 1m 40s');
  assert.match(await page.textContent('#timeline-time'), /^1\smin\s40\ss/);
  await page.click('#tab-resource');
  assert.equal((await page.textContent('#q-available')).trim(), '0');
  await selectNode(page, 'pedidos-pendentes-queue');
  assert.equal((await page.textContent('#queue-messages .tag--rc')).trim(), 'receive count 2');
  // The diagram and the timeline under it, beside the controls.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'timeline-rewound.png') });
  // Forward again is the same world; back once more with B from the keyboard.
  await page.click('#timeline-now');
  await page.waitForSelector('#moment');
  await selectNode(page, 'pedidos-pendentes-dlq');
  assert.equal((await page.textContent('#q-available')).trim(), '1');
  await page.locator('#timeline-range').fill('110000');
  await page.locator('body').focus();
  await page.keyboard.press('b');
  await page.waitForFunction(() => /^1\smin\s40\ss/.test(document.querySelector('#timeline-time')?.textContent ?? ''));

  // Fix the function from 100 s: a new future, in which the third receive succeeds.
  await selectNode(page, 'processa-pedidos-lambda');
  await page.uncheck('#fault-throw');
  assert.equal(await page.locator('#timeline-now').count(), 0, 'acting forked: no later moment is left');
  assert.equal(await page.locator('#moment').count(), 0, 'the erased future\'s moment went with it');
  await skip(page, '1m', 2);
  assert.equal(await orderStatus(page, 'apiP001'), 'PEDIDO_PROCESSADO');
  await selectNode(page, 'pedidos-pendentes-dlq');
  assert.equal((await page.textContent('#q-available')).trim(), '0');
  assert.deepEqual(problems, []);
  await page.close();
});

// The instructor walk went back before the DLQ move, pressed a key to play it again,
// and lost the fix and the redrive it had made later; clicked, the slider also kept
// Space from playing. Playing on from an earlier moment replays what was recorded.
test('played on from an earlier moment, the recorded fix comes back at its time; Space plays from the slider', async () => {
  const { page, problems } = await failingOrder('en');
  await skip(page, '1m', 4);
  // The fix at 4 min, with the message in the DLQ, and a minute more.
  await selectNode(page, 'processa-pedidos-lambda');
  await page.uncheck('#fault-throw');
  await skip(page, '1m', 1);
  await page.selectOption('#speed', '1000');
  await page.locator('#timeline-range').fill('100000');
  await page.waitForSelector('#timeline-now');
  assert.equal(await page.isChecked('#fault-throw'), true, 'at 1 min 40 s the fault is on');
  // The slider has the focus: Space plays.
  await page.locator('#timeline-range').focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => !document.querySelector('#timeline-now'), null, { timeout: 15_000 });
  await page.click('#pause').catch(() => {});
  assert.equal(await page.isChecked('#fault-throw'), false, 'the fix came back at 4 min');
  await selectNode(page, 'pedidos-pendentes-dlq');
  assert.equal((await page.textContent('#q-available')).trim(), '1', 'the move to the DLQ happened again');
  assert.deepEqual(problems, []);
  await page.close();
});

// The student walk opened a moment's entry in the trace, let time run, and read the
// list from that old entry down: the newer ones had arrived above it, out of view.
test('after "See in trace", newer entries are announced above the list and one click shows them', async () => {
  const { page, problems } = await failingOrder('pt-BR');
  await skip(page, '1m', 2);
  await page.waitForSelector('#moment');
  await page.click('#moment-trace');
  await page.waitForSelector('.trace-row.is-focus');
  // The skip ran on past the redelivery, and one more minute adds more.
  await skip(page, '1m', 1);
  await page.waitForSelector('#trace-newer');
  assert.match(await page.textContent('#trace-newer'), /^↑ \d+ entradas? mais novas? acima$/);
  const before = await page.evaluate(() => document.querySelector('#trace-list').scrollTop);
  assert.ok(before > 0, 'the list was scrolled down to the moment\'s entry');
  await page.click('#trace-newer');
  const after = await page.evaluate(() => document.querySelector('#trace-list').scrollTop);
  assert.equal(after, 0, `the list at its newest entry (it was scrolled ${before} px)`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('an hour back on the timeline (figure printed, not asserted)', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab004-orders&seed=3', { width: 1280, height: 720 });
  await page.waitForSelector('#timeline', { timeout: 15_000 });
  await page.fill('#many-count', '50').catch(() => {});
  await page.click('#many-submit');
  await skip(page, '5m', 12);
  const ms = await page.evaluate(async () => {
    const range = document.querySelector('#timeline-range');
    const t0 = performance.now();
    range.value = '60000';
    range.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  });
  assert.match(await page.textContent('#timeline-time'), /^1\smin\s0\ss/);
  console.log(`rewind: 1 h of lab 004 back to 1 min in ${ms.toFixed(0)} ms (two frames included)`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the timeline knob stands at the exact time, not the whole second before it, and its keys move it', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab000-pedidos&seed=2&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('#timeline', { timeout: 15_000 });
  await page.click('#order-submit');
  for (let i = 0; i < 6; i++) await page.click('#step');
  const range = page.locator('#timeline-range');
  const [value, max] = await range.evaluate((r) => [r.valueAsNumber, Number(r.max)]);
  assert.ok(max % 1000 !== 0, `the steps end between whole seconds (${max} ms)`);
  assert.equal(value, max, 'at the latest moment the knob is at the end of the track');
  // Home goes back to the start, End to the latest moment again.
  await range.focus();
  await page.keyboard.press('Home');
  await page.waitForSelector('#timeline-now');
  assert.equal(await range.evaluate((r) => r.valueAsNumber), 0);
  await page.keyboard.press('End');
  await page.waitForFunction(() => !document.querySelector('#timeline-now'));
  assert.equal(await range.evaluate((r) => r.valueAsNumber), max);
  assert.deepEqual(problems, []);
  await page.close();
});
