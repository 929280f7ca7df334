// Presenter mode at a projector's 1280×720: entered by key, the diagram's labels
// measured as drawn, and lab 000's DLQ demo driven from the keyboard alone — the
// forced error on processa-pedidos-lambda, an order, play at 1,000×, the DLQ
// breakpoint stopping the clock when the message lands in pedidos-pendentes-dlq,
// the redrive — then the `?` list of keys, in English and in Portuguese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { suite, openPage, skip, selectNode, ROOT, SCREENSHOTS } from './harness.mjs';

const ctx = suite();

/** Font sizes of the diagram's text as drawn on screen, in CSS px: the computed
 *  font-size times the SVG's vertical scale at that text (getScreenCTM), and the
 *  glyph box's height (getBoundingClientRect) as a cross-check. */
async function labelSizes(page, selector) {
  return page.evaluate((sel) => [...document.querySelectorAll(sel)].map((el) => {
    const font = parseFloat(getComputedStyle(el).fontSize);
    const scale = Math.abs(el.getScreenCTM().d);
    return { text: el.textContent, px: font * scale, box: el.getBoundingClientRect().height };
  }), selector);
}

/** Every node box inside the window: the whole diagram fills the screen, none is cut. */
async function nodesOutside(page) {
  return page.evaluate(() => [...document.querySelectorAll('.diagram [data-node] .node__box')]
    .filter((b) => {
      const r = b.getBoundingClientRect();
      return r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1;
    })
    .map((b) => b.parentElement.dataset.node));
}

const label = (page, node) => page.getAttribute(`[data-node="${node}"]`, 'aria-label');

async function press(page, ...keys) {
  for (const k of keys) await page.keyboard.press(k);
}

async function enterPresenter(page, byButton = false) {
  if (byButton) {
    await page.click('#presenter-open'); // in the header, in view at any size
  } else {
    await page.locator('body').click({ position: { x: 5, y: 5 } }); // focus the page, not a field
    await press(page, 'p');
  }
  await page.waitForSelector('.app--presenter .diagram--stage');
  await page.waitForTimeout(300); // full screen and layout settle
}

/** Whether the stage bar's title cuts the guide's step: name and step run on over two
 *  clamped lines, so a cut step is content taller than the box. */
function stepIsCut(page) {
  return page.evaluate(() => {
    const lines = document.querySelector('.stage__lines');
    return lines.scrollHeight > lines.clientHeight + 1;
  });
}

function minimum(sizes) {
  return sizes.reduce((m, s) => (s.px < m.px ? s : m), { px: Infinity });
}

const figures = [];

test('presenter mode at 1280×720: labels ≥ 18 px and the DLQ demo from the keyboard alone', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab000-pedidos&seed=1&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  const before = minimum(await labelSizes(page, '.diagram text.node__name'));

  // Typing in a field is never a hotkey.
  await page.focus('#order-json');
  await page.keyboard.type('p');
  assert.equal(await page.locator('.app--presenter').count(), 0, 'P typed in the JSON body');
  await page.keyboard.press('Backspace');

  await enterPresenter(page);
  for (const hidden of ['.header', '#controls', '#panels']) {
    assert.equal(await page.isVisible(hidden), false, `${hidden} hidden on the stage`);
  }
  const names = await labelSizes(page, '.diagram text.node__name');
  const stats = await labelSizes(page, '.diagram text.node__stat');
  const smallest = minimum(names);
  figures.push(`1280×720: node names ${smallest.px.toFixed(1)} px (glyph box ${smallest.box.toFixed(1)} px) on the stage, ${before.px.toFixed(1)} px on the page; numbers ${minimum(stats).px.toFixed(1)} px`);
  assert.ok(names.length >= 21, `all of lab 000's names drawn (${names.length})`);
  assert.ok(smallest.px >= 18, `smallest name "${smallest.text}" is ${smallest.px.toFixed(1)} px`);
  assert.deepEqual(await nodesOutside(page), [], 'every resource on screen');
  const explainSize = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.stage__explain')).fontSize));
  assert.ok(explainSize >= 22, `explanation at ${explainSize} px`);

  // The demo: F breaks the demo's function, D arms the DLQ breakpoint, O sends the
  // lab's order, + four times to 1,000×, Space plays.
  await press(page, 'f');
  await page.waitForFunction(() => document.querySelector('[data-node="processa-pedidos-lambda"]').getAttribute('aria-label').includes('⚠'));
  await press(page, 'd');
  assert.equal(await page.getAttribute('#stage-bp-dlq', 'aria-pressed'), 'true');
  // Said in words too, until the next key (the walk saw only the chip's colour).
  assert.equal((await page.textContent('#stage-break')).trim(), 'D: The clock will pause when a message moves to a DLQ');
  await press(page, 'o', '+', '+', '+', '+');
  assert.equal((await page.textContent('#stage-speed')).trim(), '1000×');
  await press(page, 'Space');
  await page.waitForSelector('#stage-explain.is-halted', { timeout: 30_000 });
  const explained = await page.textContent('#stage-explain');
  assert.match(explained, /moved to a DLQ/);
  assert.match(explained, /pedidos-pendentes-queue → pedidos-pendentes-dlq/);
  assert.match(explained, /receive count 3 reached maxReceiveCount 3/);
  // Which order, as the trace says it.
  assert.match(await page.textContent('#stage-explain .explain-line__order'), /^ · apiP\d+$/);
  // Said once, in the explanation's large type: the same move's teaching moment does
  // not take the diagram's room too.
  assert.equal(await page.locator('#moment').count(), 0);
  assert.match(await label(page, 'pedidos-pendentes-dlq'), /1 available/);
  // The clock stopped at that event: it shows the entry's time, and stays there.
  const at = (await page.textContent('#stage-explain .explain-line__when')).trim();
  assert.equal((await page.textContent('#stage-clock')).trim(), at);
  await page.waitForTimeout(500);
  assert.equal((await page.textContent('#stage-clock')).trim(), at, 'the clock is paused');
  // The button says what it does, not time's state ("▶ paused" read as a contradiction).
  assert.match(await page.textContent('#stage-play'), /▶ Play/);
  await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'presenter.png') });
  await page.screenshot({ path: join(SCREENSHOTS, 'presenter-en-1280.png') });
  // One more step is the DLQ message's expiry, 96 h on: it asks first and waits (the
  // instructor walk lost the message it was about to redrive to one key press).
  await press(page, 'n');
  const asked = await page.waitForSelector('#stage-far-step');
  assert.match(await asked.textContent(), /a message in pedidos-pendentes-dlq reaches its MessageRetentionPeriod and SQS deletes it\. Step again/);
  assert.equal((await page.textContent('#stage-clock')).trim(), at, 'nothing ran');
  assert.match(await label(page, 'pedidos-pendentes-dlq'), /1 available/);
  await page.screenshot({ path: join(SCREENSHOTS, 'presenter-far-step-en-1280.png') });

  // Fix the function: the stop's headline gives way to what F did.
  await press(page, 'f');
  await page.waitForFunction(() => !document.querySelector('#stage-explain.is-halted'));
  assert.match(await page.textContent('#stage-explain'), /processa-pedidos-lambda/);
  // Nor does the move's moment box pop up now, while the instructor is on the fix.
  assert.equal(await page.locator('#moment').count(), 0);
  // Redrive, play: the DLQ empties and the order is processed. The redriven message's
  // dot goes back along the DLQ's own arrow, between the two boxes (it went round
  // through cancela-pedido-dlq and altera-pedido-dlq below).
  const band = await page.evaluate(() => {
    const r = (n) => document.querySelector(`[data-node="${n}"] .node__box`).getBoundingClientRect();
    const [q, d] = [r('pedidos-pendentes-queue'), r('pedidos-pendentes-dlq')];
    return { left: q.left, right: d.right, top: Math.min(q.top, d.top), bottom: Math.max(q.bottom, d.bottom) };
  });
  await press(page, 'r', 'Space');
  const dots = await page.evaluate(() => new Promise((done) => {
    const seen = [];
    const start = performance.now();
    const look = () => {
      for (const t of document.querySelectorAll('.token--redrive-moved')) {
        const b = t.getBoundingClientRect();
        seen.push({ x: b.left + b.width / 2, y: b.top + b.height / 2 });
      }
      if (performance.now() - start < 1200) requestAnimationFrame(look); else done(seen);
    };
    look();
  }));
  assert.ok(dots.length > 0, 'the redrive shows a dot');
  for (const { x, y } of dots) {
    assert.ok(x >= band.left - 12 && x <= band.right + 12 && y >= band.top - 12 && y <= band.bottom + 12,
      `redrive dot at (${x.toFixed(0)}, ${y.toFixed(0)}) outside ${JSON.stringify(band)}`);
  }
  await page.waitForFunction(() => document.querySelector('[data-node="pedidos-pendentes-dlq"]').getAttribute('aria-label').endsWith(' empty'), null, { timeout: 30_000 });
  // pedidos-db held s3P003 (day 2's order); apiP001 is now processed too.
  await page.waitForFunction(() => document.querySelector('[data-node="pedidos-db"]').getAttribute('aria-label').includes('2 items'), null, { timeout: 30_000 });
  await press(page, 'Space');
  // The redrive and its processing, over in a blink of the clock, are said in a
  // teaching note (the instructor walks saw only "2 items"). Esc puts it away.
  assert.equal(await page.getAttribute('#moment', 'data-moment'), 'RedriveProcessed');
  assert.match(await page.textContent('#moment'), /A redriven message was processed\..*moved the message from the DLQ back to pedidos-pendentes-queue as a new message.*processa-pedidos-lambda received it and returned without an error, so Lambda deleted it/);
  await press(page, 'Escape');
  await page.waitForSelector('#moment', { state: 'detached' });

  // The ? list: every key, with the function and DLQ it acts on.
  await press(page, '?');
  await page.waitForSelector('#keys-overlay');
  const keys = await page.textContent('#keys-overlay');
  // … and what the dots and chips mean: the stage has no legend under the diagram.
  for (const want of ['Keyboard shortcuts', 'Play or pause', 'processa-pedidos-lambda', 'pedidos-pendentes-dlq', 'Send the lab\'s order', 'Faster or slower', 'moved to a DLQ', 'item written to a table', 'dashed: visible again']) {
    assert.ok(keys.includes(want), `the list says "${want}"`);
  }
  await page.screenshot({ path: join(SCREENSHOTS, 'presenter-keys-en-1280.png') });
  await press(page, 'Escape');
  assert.equal(await page.locator('#keys-overlay').count(), 0, 'Esc closes the list');
  assert.equal(await page.locator('.app--presenter').count(), 1, '… and stays on the stage');
  // Single-key shortcuts can be turned off (WCAG 2.1.4); Esc still listens.
  await page.click('#stage-keys');
  await page.uncheck('#hotkeys-on');
  await press(page, 'Escape');
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await press(page, 'd');
  assert.equal(await page.getAttribute('#stage-bp-dlq', 'aria-pressed'), 'true', 'D is off with the shortcuts');
  await page.click('#stage-keys');
  await page.check('#hotkeys-on');
  await press(page, 'Escape');
  await press(page, 'Escape');
  await page.waitForFunction(() => !document.querySelector('.app--presenter'));
  assert.ok(await page.isVisible('#controls'), 'Esc leaves presenter mode');
  assert.deepEqual(problems, []);
  await page.close();
});

test('on the page at 1280×720, a breakpoint\'s stop says why beside the clock', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab000-pedidos&seed=1&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await page.check('#bp-dlq');
  await selectNode(page, 'processa-pedidos-lambda');
  await page.check('#fault-throw');
  await page.click('#order-submit');
  await skip(page, '5m');
  // The skip stopped at the move; the reason sits where the clock is, not a screen down.
  const why = page.locator('#time-halted');
  await why.waitFor();
  assert.match(await why.textContent(), /Paused: a message moved to a DLQ/);
  await page.locator('#sim-clock').scrollIntoViewIfNeeded();
  const box = await why.boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 720, JSON.stringify(box));
  assert.deepEqual(problems, []);
  await page.close();
});

test('on the stage, a box clicked to pick it for F or R leaves Space to play and pause; the speed has buttons', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab000-pedidos&seed=1&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await enterPresenter(page);
  // The instructor walk: the DLQ clicked, then Space did nothing (the box had the focus).
  await page.click('[data-node="pedidos-pendentes-dlq"]');
  assert.equal(await page.getAttribute('[data-node="pedidos-pendentes-dlq"]', 'aria-pressed'), 'true');
  await press(page, 'Space');
  assert.match(await page.textContent('#stage-play'), /Pause/, 'Space played');
  await press(page, 'Space');
  assert.match(await page.textContent('#stage-play'), /Play/, 'and paused');
  // The speed has buttons too (a mouse or a clicker): 10× → 30× → 10×.
  assert.equal((await page.textContent('#stage-speed')).trim(), '10×');
  await page.click('#stage-faster');
  assert.equal((await page.textContent('#stage-speed')).trim(), '30×');
  await page.click('#stage-slower');
  assert.equal((await page.textContent('#stage-speed')).trim(), '10×');
  // The click left the focus where it was: Space plays, not "−" again.
  await press(page, 'Space');
  assert.equal((await page.textContent('#stage-speed')).trim(), '10×');
  assert.match(await page.textContent('#stage-play'), /Pause/);
  await press(page, 'Space');
  // Enter still picks a box from the keyboard.
  await page.focus('[data-node="processa-pedidos-lambda"]');
  await press(page, 'Enter');
  assert.equal(await page.getAttribute('[data-node="processa-pedidos-lambda"]', 'aria-pressed'), 'true');
  assert.deepEqual(problems, []);
  await page.close();
});

test('on the stage the diagram keeps its size from step to step (the line below has room for three lines; a teaching moment covers no box)', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab000-pedidos&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await enterPresenter(page);
  const measure = () => page.evaluate(() => ({
    height: Math.round(document.querySelector('.diagram--stage').getBoundingClientRect().height),
    lines: Math.round(document.querySelector('.stage__line').getBoundingClientRect().height / parseFloat(getComputedStyle(document.querySelector('.stage__line')).lineHeight)),
    aside: !!document.querySelector('.stage__headline'),
    moment: !!document.querySelector('.app--presenter .moment'),
    // The boxes a teaching moment covers: none (over the diagram it hid the very
    // boxes it was about; it lies over the timeline and the line below instead).
    boxesUnderMoment: (() => {
      const m = document.querySelector('.app--presenter .moment');
      if (!m) return [];
      const r = m.getBoundingClientRect();
      return [...document.querySelectorAll('.diagram--stage [data-node]')].filter((n) => {
        const b = n.getBoundingClientRect();
        return b.bottom > r.top && b.top < r.bottom && b.right > r.left && b.left < r.right;
      }).map((n) => n.getAttribute('data-node'));
    })(),
  }));
  const sizes = new Map();
  let moments = 0;
  // A headline (a stop, a step G did) rides on the same rows: counted too.
  const note = (m) => sizes.set(m.height, [...(sizes.get(m.height) || []), m.lines]);
  note(await measure()); // "Nothing happened yet.": one line
  await press(page, 'f', 'o');
  // Step by step through the order's first receives: the explanation is one, two or
  // three lines long; with no teaching moment or headline in between, the diagram's
  // height must not change (it was 544, 516, then 435 px: every box resized at a step).
  for (let i = 0; i < 24; i++) {
    await press(page, 'n');
    // A teaching moment's box lies over the timeline and the line: it takes no room
    // either.
    const m = await measure();
    if (m.moment) moments += 1;
    assert.deepEqual(m.boxesUnderMoment, [], `step ${i}: the moment covers boxes`);
    note(m);
  }
  assert.ok(moments > 0, 'a teaching moment showed on some step, so it was measured too');
  // Back 10 s with B: the way back to now stays on the timeline's row.
  await press(page, 'b');
  await page.waitForSelector('#timeline-now');
  const back = await measure();
  assert.equal(back.aside, false);
  assert.deepEqual([back.height], [...sizes.keys()], 'rewound, the diagram keeps its size');
  const lineCounts = new Set([...sizes.values()].flat());
  assert.ok(lineCounts.size >= 2, `the steps showed lines of different lengths (${[...lineCounts]}), so the check is not vacuous`);
  assert.equal(sizes.size, 1, `one diagram height for every step: ${JSON.stringify([...sizes])}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('orders scheduled on the paused page: the stage says they wait for Space, not "press O"', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab003-order-events&seed=1&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await page.click('#many-submit');
  await page.click('#presenter-enter');
  await page.waitForSelector('.app--presenter .diagram--stage');
  assert.match(await page.textContent('#stage-explain'), /^10 actions scheduled: press Space to play and see them go out\.$/);
  // G says which step Show me did, until the next key (not as the
  // guide's current step: the walk read "Guided lab: 1." as where the guide was).
  await press(page, 'g');
  await page.waitForSelector('#stage-step');
  assert.match(await page.textContent('#stage-step'), /^Show me \(G\) did: 1\. /);
  await press(page, 'Space');
  await page.waitForSelector('#stage-step', { state: 'detached' });
  assert.deepEqual(problems, []);
  await page.close();
});

// The instructor walk typed FAIL in lab 004's notes, entered the stage and pressed
// O: the form's defaults went out, a COMPLETED order. O sends what the form holds.
test('lab 004 on the stage: O sends the order as the form holds it, FAIL and all', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab004-orders&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await page.fill('#order-customer', 'Turma');
  await page.fill('#order-notes', 'please FAIL');
  await enterPresenter(page);
  await press(page, 'o', 'n', 'n', 'n');
  await press(page, 'Escape');
  await page.waitForSelector('#tab-orders');
  await page.click('#tab-orders');
  const row = page.locator('#orders-table tbody tr', { hasText: 'Turma' });
  assert.equal(await row.count(), 1, 'the order the form held');
  assert.match(await row.textContent(), /please FAIL/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('presenter mode in Portuguese, at 1280×720 and 1920×1080', async () => {
  for (const [width, height] of [[1280, 720], [1920, 1080]]) {
    const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab000-pedidos&seed=1&lang=pt-BR', { width, height });
    await page.waitForSelector('.diagram', { timeout: 15_000 });
    assert.ok(await page.isVisible('#presenter-open'), 'the button is in view');
    await enterPresenter(page, width > 1280);
    const smallest = minimum(await labelSizes(page, '.diagram text.node__name'));
    figures.push(`${width}×${height} pt-BR: node names ${smallest.px.toFixed(1)} px`);
    assert.ok(smallest.px >= 18, `${width}×${height}: ${smallest.px.toFixed(1)} px`);
    assert.deepEqual(await nodesOutside(page), []);
    assert.match(await page.textContent('.stage__bar'), /Pausar quando/);
    assert.match(await page.textContent('#stage-explain'), /Nada aconteceu ainda/);
    const diagramHeight = () => page.evaluate(() => Math.round(document.querySelector('.diagram--stage').getBoundingClientRect().height));
    const before = await diagramHeight();
    await press(page, 'f', 'd', 'o', '+', '+', '+', '+', 'Space');
    await page.waitForSelector('#stage-explain.is-halted', { timeout: 30_000 });
    // The stop's headline rides on the line's rows: the diagram keeps its size at the
    // moment the instructor points at the DLQ (it shrank 26 px at 1280×720).
    assert.equal(await diagramHeight(), before, `${width}×${height}: the diagram resized at the stop`);
    assert.match(await page.textContent('#stage-explain'), /Pausado: uma mensagem foi movida para uma DLQ/);
    assert.match(await page.textContent('#stage-explain'), /o recebimento seguinte moveu a mensagem para pedidos-pendentes-dlq/);
    // The key sentence whole, to its last word (two lines cut it at both sizes).
    const cut = await page.evaluate(() => {
      const box = document.querySelector('#stage-explain');
      return box.scrollHeight - box.clientHeight;
    });
    assert.ok(cut <= 1, `${width}×${height}: the explanation is cut by ${cut} px`);
    await page.screenshot({ path: join(SCREENSHOTS, `presenter-pt-${width}.png`) });
    await press(page, '?');
    await page.waitForSelector('#keys-overlay');
    assert.match(await page.textContent('#keys-overlay'), /Atalhos de teclado/);
    assert.match(await page.textContent('#keys-overlay'), /Espaço/);
    // G names the step it shows (the stage hides the guide).
    assert.match(await page.textContent('#keys-overlay'), /passo atual do laboratório guiado: 1\. Envie um pedido pela API/);
    await page.screenshot({ path: join(SCREENSHOTS, `presenter-keys-pt-${width}.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  }
  // The other labs on the stage at 1280×720: every name ≥ 18 px, every box on screen.
  for (const [scenario, lang, width, height] of [['lab003-order-events', 'en', 1280, 720], ['lab004-orders', 'pt-BR', 1280, 720], ['lab004-pipes', 'en', 1280, 720], ['lab004-pipes-fanout', 'pt-BR', 1280, 720], ['sqs-fifo-pedidos', 'en', 1280, 720], ['lab004-pipes-fanout', 'pt-BR', 1920, 1080]]) {
    const { page, problems } = await openPage(ctx.browser, ctx.server.url + `?scenario=${scenario}&seed=1&lang=${lang}`, { width, height });
    await page.waitForSelector('.diagram', { timeout: 15_000 });
    await enterPresenter(page);
    // The bar is one row, playing at 1000× too: a second row took 36 px from the
    // diagram (the instructor walk, lab 004 in Portuguese).
    await press(page, '+', '+', '+', '+', 'Space');
    const below = await page.evaluate(() => {
      const [first, ...rest] = document.querySelectorAll('.stage__bar > *');
      const bottom = first.getBoundingClientRect().bottom;
      return rest.filter((el) => el.getBoundingClientRect().top >= bottom).map((el) => el.className);
    });
    await press(page, 'Space');
    assert.deepEqual(below, [], `${scenario} ${lang} ${width}: the stage bar wrapped`);
    const smallest = minimum(await labelSizes(page, '.diagram text.node__name'));
    figures.push(`${width}×${height} ${scenario}: node names ${smallest.px.toFixed(1)} px`);
    assert.ok(smallest.px >= 18, `${scenario}: ${smallest.px.toFixed(1)} px`);
    assert.deepEqual(await nodesOutside(page), [], scenario);
    await page.screenshot({ path: join(SCREENSHOTS, `presenter-${scenario}-${width}.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  }
  // English at 1920×1080 too, for the screenshots.
  const { page } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab000-pedidos&seed=1&lang=en', { width: 1920, height: 1080 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await page.screenshot({ path: join(SCREENSHOTS, 'page-en-1920.png') });
  await enterPresenter(page);
  const smallest = minimum(await labelSizes(page, '.diagram text.node__name'));
  figures.push(`1920×1080 en: node names ${smallest.px.toFixed(1)} px`);
  await page.screenshot({ path: join(SCREENSHOTS, 'presenter-en-1920.png') });
  await page.close();
  console.log(figures.join('\n'));
});

test('the stage bar keeps still: a short title shown whole, Play and the speed in the same place as they change', async () => {
  for (const [lang, width, height, short] of [['pt-BR', 1920, 1080, 'Aula 4'], ['en', 1280, 720, 'Lesson 4']]) {
    const { page, problems } = await openPage(ctx.browser, ctx.server.url + `?scenario=lab000-pedidos&seed=1&lang=${lang}`, { width, height });
    await page.waitForSelector('.diagram', { timeout: 15_000 });
    await enterPresenter(page);
    const bar = () => page.evaluate(() => ({
      title: document.querySelector('.stage__name').textContent,
      // The name starts the title's first line, before the guide's step: cut means an
      // ellipsis, or the lines that hold it clamped.
      cut: (() => {
        const lines = document.querySelector('.stage__lines');
        const name = document.querySelector('.stage__name');
        return name.scrollWidth > name.clientWidth + 1 || lines.scrollHeight > lines.clientHeight + 1;
      })(),
      play: Math.round(document.querySelector('#stage-play').getBoundingClientRect().left),
      faster: Math.round(document.querySelector('#stage-faster').getBoundingClientRect().left),
    }));
    const paused = await bar();
    assert.equal(paused.title, short);
    assert.equal(paused.cut, false, `${lang} ${width}: the title is shown whole`);
    await press(page, 'Space', '+', '+', '+', '+');
    const playing = await bar();
    assert.deepEqual([playing.play, playing.faster], [paused.play, paused.faster], `${lang} ${width}: Pause and 1000× moved nothing`);
    await press(page, 'Space');
    // A new step under the name moves nothing either (Play moved 340 px, the rehearsal).
    const before = (await bar()).play;
    for (let i = 0; i < 3; i++) {
      const step = await page.textContent('#stage-guide');
      await press(page, 'g');
      await page.waitForFunction((s) => document.querySelector('#stage-guide')?.textContent !== s, step);
      assert.equal((await bar()).play, before, `${lang} ${width}: Play stays put at "${await page.textContent('#stage-guide')}"`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  }
});

/** Lab 000 on the stage, stopped by the DLQ breakpoint: F breaks the consumer, D
 *  turns the stop on, O sends the order, + to 1000×, Space plays. */
async function atTheDlqStop(lang, width, height) {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + `?scenario=lab000-pedidos&seed=1&lang=${lang}`, { width, height });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await enterPresenter(page);
  await press(page, 'f', 'd', 'o', '+', '+', '+', '+', 'Space');
  await page.waitForSelector('#stage-explain.is-halted', { timeout: 30_000 });
  return { page, problems };
}

/** The redrive's row (Poll, Purge, Start DLQ redrive) is not under the inspector's
 *  sticky head: each button is what a click at its centre reaches. */
async function assertRedriveRowOnTop(page) {
  const covered = await page.evaluate(() => ['#poll', '#purge', '#redrive'].filter((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest(sel) === null;
  }));
  assert.deepEqual(covered, [], 'buttons under the sticky head');
}

// In English the redrive's row is one line, and the inspector scrolled it under its
// own sticky head: no button showed (the instructor walk of session 36).
test('on the stage, I at the DLQ stop shows the redrive\'s buttons in English at 1280×720 and 1920×1080', async () => {
  for (const [width, height] of [[1280, 720], [1920, 1080]]) {
    const { page, problems } = await atTheDlqStop('en', width, height);
    await press(page, 'i');
    await page.waitForSelector('.app--inspecting #panels');
    await page.waitForFunction(() => document.querySelector('#panels').scrollTop > 0);
    await page.waitForTimeout(200);
    await assertRedriveRowOnTop(page);
    await page.screenshot({ path: join(SCREENSHOTS, `presenter-inspect-dlq-en-${width}.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  }
});

// Dragging the timeline's knob back on the stage: "Back to the latest moment" came
// up beside the track mid-drag and shrank it under the pointer, which then read a
// later moment; at the live end the button went, the track grew, and the knob jumped
// to and fro or stayed at the end (the instructor walk of session 36).
test('on the stage, dragging the timeline back follows the pointer (1280×720)', async () => {
  const { page, problems } = await atTheDlqStop('en', 1280, 720);
  const range = page.locator('#timeline-range');
  const box = await range.boundingBox();
  const max = await range.evaluate((r) => Number(r.max));
  // Chromium's range thumb is about 16 px wide: its centre runs from 8 px to width - 8.
  const xAt = (f) => box.x + 8 + f * (box.width - 16);
  await page.mouse.move(xAt(1), box.y + box.height / 2);
  await page.mouse.down();
  const seen = [];
  for (const f of [0.95, 0.9, 0.85, 0.8]) {
    await page.mouse.move(xAt(f), box.y + box.height / 2, { steps: 4 });
    await page.waitForTimeout(300);
    seen.push(await range.evaluate((r) => r.valueAsNumber / Number(r.max)));
  }
  await page.mouse.up();
  const after = await range.boundingBox();
  assert.equal(Math.round(after.width), Math.round(box.width), 'the track kept its width');
  for (const [i, f] of [0.95, 0.9, 0.85, 0.8].entries()) {
    assert.ok(Math.abs(seen[i] - f) < 0.02, `at ${f} of the track the knob reads ${seen[i].toFixed(3)}: ${seen.map((v) => v.toFixed(3))}`);
  }
  assert.ok(await page.isVisible('#timeline-now'), 'the way back to the latest moment shows');
  // The bar's clock says an earlier moment too (only the timeline's small time did).
  const clockRewound = () => page.evaluate(() => document.querySelector('#stage-clock').classList.contains('is-rewound'));
  const playLeft = () => page.evaluate(() => document.querySelector('#stage-play').getBoundingClientRect().left);
  assert.equal(await clockRewound(), true, 'the clock says an earlier moment');
  const rewoundPlay = await playLeft();
  await page.click('#timeline-now');
  await page.waitForFunction(() => !document.querySelector('#stage-clock').classList.contains('is-rewound'));
  assert.equal(await playLeft(), rewoundPlay, 'the rewound clock moved nothing in the bar');
  assert.ok(max > 0);
  assert.deepEqual(problems, []);
  await page.close();
});

// Lab 004's pipes labs route orders into order-processing-queue along the drawing's
// left edge: on the stage its dots were cut in half there (the instructor walk).
test('on the stage, a dot on a route along the left edge is drawn whole (lab 004 pipes, 1280×720)', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab004-pipes&seed=1&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await enterPresenter(page);
  await press(page, 'o', 'o', 'o', 'Space');
  // The leftmost any dot gets over three seconds of play, beside the stage's clip.
  let leftmost = null;
  for (let i = 0; i < 150; i++) {
    const seen = await page.evaluate(() => {
      const wrap = document.querySelector('.diagram--stage').parentElement.getBoundingClientRect();
      const dots = [...document.querySelectorAll('.diagram--stage .tokens circle')].map((c) => c.getBoundingClientRect().left);
      return dots.length ? { dot: Math.min(...dots), wrap: wrap.left } : null;
    });
    if (seen && (!leftmost || seen.dot < leftmost.dot)) leftmost = seen;
    await page.waitForTimeout(20);
  }
  assert.ok(leftmost && leftmost.dot < leftmost.wrap + 20, `a dot travelled the left route: ${JSON.stringify(leftmost)}`);
  assert.ok(leftmost.dot >= leftmost.wrap, `the dot starts at ${leftmost.dot}, the stage's clip at ${leftmost.wrap}`);
  assert.deepEqual(problems, []);
  await page.close();
});

// The instructor could not show the room a DLQ message's body or receive count, nor
// the alarm's e-mail: the stage hid the inspector. I (or a double click on a box)
// lays it over the stage, enlarged; Esc goes back to the diagram, not off the stage.
test('on the stage, I at the DLQ stop shows the DLQ\'s message over the diagram, legible at 1280×720 (pt-BR)', async () => {
  const { page, problems } = await atTheDlqStop('pt-BR', 1280, 720);
  await press(page, 'i');
  await page.waitForSelector('.app--inspecting #panels');
  assert.ok(await page.isVisible('#panels'), 'the inspector shows over the stage');
  assert.equal((await page.textContent('#panel-title')).trim(), 'pedidos-pendentes-dlq', 'on the DLQ that stopped the clock');
  for (const hidden of ['#panel-back', '#panel-close']) {
    assert.equal(await page.isVisible(hidden), false, `no ${hidden}: I and Esc go back (its "Close" emptied the tab under the overlay)`);
  }
  const message = page.locator('#panels .message').first();
  // Opened at the redrive with the message under it (from the top the message was
  // under the fold at 1280×720; opened at the message, the redrive was above it), and
  // the bar's clock and play button still show above it.
  await page.waitForFunction(() => {
    const head = document.querySelector('.stage-inspect__head').getBoundingClientRect();
    const row = document.querySelector('#poll').getBoundingClientRect();
    const redrive = document.querySelector('#redrive').getBoundingClientRect();
    const r = document.querySelector('#panels .message').getBoundingClientRect();
    return row.top >= head.bottom && r.top > redrive.bottom && r.top < innerHeight * 0.8;
  });
  await assertRedriveRowOnTop(page);
  const onTop = await page.evaluate(() => ['#stage-clock', '#stage-play'].map((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest(sel) !== null;
  }));
  assert.deepEqual(onTop, [true, true], 'the clock and play button above the shade');
  // Scrolled to the redrive, the panel's own heading is out of view: the sticky head
  // names the queue.
  assert.equal((await page.textContent('#stage-inspect-title')).trim(), 'Inspecionar · pedidos-pendentes-dlq');
  assert.match(await message.textContent(), /apiP001/);
  assert.match(await message.textContent(), /contagem de recebimentos 3/);
  // Legible from the back of the room: the smallest tag on the message is ≥ 16 px as
  // drawn (the panel is in rem; the overlay zooms it).
  const tagPx = await page.evaluate(() => Math.min(...[...document.querySelectorAll('#panels .message .tag')]
    .map((t) => t.getBoundingClientRect().height)));
  assert.ok(tagPx >= 18, `a tag's box is ${tagPx.toFixed(1)} px high`);
  const body = message.locator('details:has(summary:text-is("Corpo"))');
  await body.locator('summary').click();
  assert.match(await body.textContent(), /pedidoId/, 'the body, as the function got it');
  await message.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'presenter-inspect-pt-BR-1280.png') });
  // A tab or a summary clicked in it leaves Space to play and pause (a clicked tab
  // took Space as its own).
  await page.click('#tab-trace');
  await press(page, 'Space');
  await page.waitForFunction(() => document.querySelector('#stage-play').textContent.includes('Pausar'));
  await press(page, 'Space');
  await page.waitForFunction(() => document.querySelector('#stage-play').textContent.includes('Executar'));
  // Esc closes it and stays on the stage.
  await press(page, 'Escape');
  await page.waitForFunction(() => !document.querySelector('.app--inspecting'));
  assert.equal(await page.isVisible('#panels'), false);
  assert.equal(await page.locator('.app--presenter').count(), 1, 'still on the stage');
  // A double click on a box opens its panel: the e-mail box, the inbox.
  await page.dblclick('[data-node="equipe-pedidos@example.com"]');
  await page.waitForSelector('.app--inspecting #panels');
  assert.match(await page.textContent('#panels .tab-body'), /e-mail/i);
  await press(page, 'i');
  await page.waitForFunction(() => !document.querySelector('.app--inspecting'));
  await press(page, 'Escape');
  await page.waitForFunction(() => !document.querySelector('.app--presenter'));
  assert.deepEqual(problems, []);
  await page.close();
});

// The instructor walk broke lab 003's payments-processor and its box said "0 errors"
// all through the demo: it returns batchItemFailures, which are no function error.
test('lab 003 on the stage: the broken payments-processor counts its failed batch items (pt-BR)', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab003-order-events&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await enterPresenter(page);
  // F says what it did, in the room's words (it read "UpdateFunctionConfiguration aplicado").
  await press(page, 'f');
  assert.equal((await page.textContent('#stage-fault')).trim(), 'F: payments-processor agora recusa toda cobrança (taxa de sucesso 0%)');
  await press(page, 'o', '+', '+', 'Space');
  const label = () => page.getAttribute('[data-node="payments-processor"]', 'aria-label');
  await page.waitForFunction(() => /\d+ ite(m|ns) com falha/.test(document.querySelector('[data-node="payments-processor"]').getAttribute('aria-label')), null, { timeout: 30_000 });
  assert.match(await label(), /0 erros · \d+ ite(m|ns) com falha/, 'Errors stays 0 beside the failed items');
  await press(page, 'Space', 'f');
  assert.equal((await page.textContent('#stage-fault')).trim(), 'F: payments-processor volta a cobrar (taxa de sucesso 100%)');
  assert.deepEqual(problems, []);
  await page.close();
});

// R with nothing in the DLQ says so and starts nothing: pressed twice, it started a
// second, empty redrive ("0 messages to move").
test('R on an empty DLQ says there is nothing to redrive (pt-BR)', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab000-pedidos&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await enterPresenter(page);
  await press(page, 'r');
  assert.equal((await page.textContent('#stage-redrive-empty')).trim(), 'R: pedidos-pendentes-dlq não tem mensagem para o redrive, então nenhum redrive foi iniciado');
  await press(page, 'Space');
  await page.waitForFunction(() => !document.querySelector('#stage-redrive-empty'));
  assert.deepEqual(problems, []);
  await page.close();
});

// The instructor walk pressed Esc to put away a teaching note over the diagram, and
// left the stage with the note still up: Esc closes the note first.
// Lab 004's later stages have the longest names and the most switches: the step showed
// "1." at 1280 px when it took the room the bar had left.
test('lab 004 stage 3 on the stage at 1280×720 (pt-BR): the guide\'s step shown whole under the name', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab004-pipes-fanout&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await enterPresenter(page);
  const step = (await page.textContent('#stage-guide')).trim();
  assert.match(step, /^1\. Envie um pedido/);
  assert.equal(await stepIsCut(page), false, `the step is shown whole: ${step}`);
  // Every step shown with G: the bar says so and keeps its height (it shrank and the
  // diagram moved, the re-walk).
  const height = () => page.evaluate(() => document.querySelector('.stage__bar').getBoundingClientRect().height);
  const before = await height();
  for (let i = 0; i < 5; i++) await press(page, 'g');
  await page.waitForFunction(() => /^✓ Laboratório concluído/.test(document.querySelector('#stage-guide')?.textContent ?? ''));
  assert.equal(await height(), before);
  assert.deepEqual(problems, []);
  await page.close();
});

// The instructor walk: on a line of its own under the lab's name, the step was cut with
// "…" at 1920 px (four of lab 003's five steps) and at 1280 (lab 000's steps 2 and 6).
test('every step of the guide is shown whole on the stage: lab 003 at 1920×1080, lab 000 at 1280×720 (pt-BR)', async () => {
  for (const [scenario, width, height, steps] of [['lab003-order-events', 1920, 1080, 5], ['lab000-pedidos', 1280, 720, 10]]) {
    const { page, problems } = await openPage(ctx.browser, ctx.server.url + `?scenario=${scenario}&seed=1&lang=pt-BR`, { width, height });
    await page.waitForSelector('.diagram', { timeout: 15_000 });
    await enterPresenter(page);
    for (let i = 1; i <= steps; i++) {
      const step = (await page.textContent('#stage-guide')).trim();
      assert.ok(step.startsWith(`${i}. `), `${scenario}: step ${i} on show (${step})`);
      assert.equal(await stepIsCut(page), false, `${scenario} ${width}: "${step}" shown whole`);
      await press(page, 'g');
      await page.waitForFunction((s) => document.querySelector('#stage-guide')?.textContent.trim() !== s, step);
    }
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('lab 003 on the stage: Esc closes the teaching note first, then leaves', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab003-order-events&seed=1&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await enterPresenter(page);
  // The guide's step, whole, under the lab's name, and the bar still one row: in the
  // bar's spare room it read "1." at 1280 px in lab 004's later stages.
  assert.equal((await page.textContent('#stage-guide')).trim(), '1. Place an order');
  const bar = await page.evaluate(() => {
    const middle = (sel) => { const r = document.querySelector(sel).getBoundingClientRect(); return (r.top + r.bottom) / 2; };
    return { play: middle('#stage-play'), leave: middle('#presenter-leave') };
  });
  assert.equal(await stepIsCut(page), false, 'the step is shown whole');
  assert.ok(Math.abs(bar.play - bar.leave) < 2, `Play and Esc on one row (${bar.play}, ${bar.leave})`);
  // F breaks payments-processor as the lab's guide does, declining every charge.
  await press(page, '?');
  assert.match(await page.textContent('#keys-overlay'), /Decline every charge \(success rate 0%\), or accept them all \(100%\): payments-processor/);
  await press(page, 'Escape');
  // Seed 1: a DeleteMessage misses a stored copy of order-1 in inventory-queue.
  await press(page, 'o', 'Space');
  await page.waitForSelector('#moment', { timeout: 15_000 });
  await press(page, 'Space');
  await press(page, 'Escape');
  await page.waitForSelector('#moment', { state: 'detached' });
  assert.equal(await page.locator('.app--presenter').count(), 1, 'still on the stage');
  await press(page, 'Escape');
  await page.waitForFunction(() => !document.querySelector('.app--presenter'));
  assert.deepEqual(problems, []);
  await page.close();
});

// At the error stop, I opened on the function's counts and switches: the exception
// itself was a screen down, at the foot of its log.
test('on the stage, I at the error stop opens at the function\'s latest error, its traceback in view (1280×720)', async () => {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + '?scenario=lab004-orders&seed=1&lang=en', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await enterPresenter(page);
  await press(page, 'f', 'e', 'o', '+', '+', 'Space');
  await page.waitForSelector('#stage-explain.is-halted', { timeout: 30_000 });
  await press(page, 'i');
  await page.waitForSelector('.app--inspecting #function-logs');
  await page.waitForFunction(() => {
    const head = document.querySelector('.stage-inspect__head').getBoundingClientRect();
    const errors = document.querySelectorAll('#function-logs .log--error');
    const error = errors[errors.length - 1];
    const traceback = error?.nextElementSibling?.getBoundingClientRect();
    const r = error?.getBoundingClientRect();
    return r && r.top >= head.bottom && traceback.bottom <= innerHeight;
  });
  assert.match(await page.textContent('#function-logs'), /\[ERROR\] Exception: Forced error[\s\S]*Traceback/);
  assert.deepEqual(problems, []);
  await page.close();
});

// Lab 004's stream stage has no DLQ and no alarm: the page and the stage offer only
// the stop that can happen there (the student walk looked for what "DLQ" meant).
test('pause-when offers only the stops the lab can reach', async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab004-streams&seed=1&lang=en`, { width: 1280, height: 720 });
  await page.waitForSelector('#bp-error');
  assert.equal(await page.locator('#bp-dlq, #bp-alarm').count(), 0);
  await page.keyboard.press('p');
  await page.waitForSelector('#stage-bp-error');
  assert.equal(await page.locator('#stage-bp-dlq, #stage-bp-alarm').count(), 0);
  // The ? list names only those keys too (it listed A in a lab with no alarm).
  await page.keyboard.press('?');
  const keys = await page.textContent('#keys-overlay .keys__table');
  assert.match(keys, /a function fails/);
  assert.doesNotMatch(keys, /an alarm goes into ALARM|a message moves to a DLQ/);
  await page.keyboard.press('Escape');
  await page.goto(`${ctx.server.url}?scenario=lab004-orders&seed=1&lang=en`);
  await page.waitForSelector('#bp-dlq');
  assert.equal(await page.locator('#bp-dlq, #bp-alarm, #bp-error').count(), 3);
  assert.deepEqual(problems, []);
  await page.close();
});
