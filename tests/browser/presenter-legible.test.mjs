// Presenter mode read from the back of a room: every text on the stage (the bar and
// its key hints, the diagram's kinds, names, numbers and message chips, the timeline,
// the explanation) measured as drawn at 1280×720, in English and in Portuguese, and
// larger again on a 1920×1080 projector; every box on screen, every line of a box
// inside it, and the bar cut nowhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, suite, SCREENSHOTS } from './harness.mjs';

const ctx = suite();

/** The smallest size as drawn (CSS px) of each kind of text on the stage: SVG text
 *  times the diagram's scale at it (getScreenCTM), HTML text at its computed size. */
function smallestTexts() {
  const out = {};
  const walker = document.createTreeWalker(document.querySelector('#diagram'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode;
    if (!t.textContent.trim()) continue;
    const el = t.parentElement;
    if (!el.getClientRects().length || !el.getBoundingClientRect().width) continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) px *= Math.abs(el.getScreenCTM().d);
    const what = el.closest('.chip') ? 'chip' : (el.getAttribute('class') || el.tagName.toLowerCase()).split(' ').pop();
    if (!out[what] || out[what].px > px) out[what] = { px: Math.round(px * 10) / 10, text: t.textContent.trim().slice(0, 30) };
  }
  return out;
}

/** What is cut or spills: a box off screen, a box's line outside its box, the bar
 *  wider than the screen. */
function spills() {
  const found = [];
  for (const g of document.querySelectorAll('.diagram--stage [data-node]')) {
    const box = g.querySelector('.node__box').getBoundingClientRect();
    if (box.left < -1 || box.top < -1 || box.right > innerWidth + 1 || box.bottom > innerHeight + 1) found.push(`${g.dataset.node} off screen`);
    for (const line of g.querySelectorAll(':scope > text')) {
      const r = line.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 2 || r.bottom > box.bottom + 2) {
        found.push(`${g.dataset.node}: "${line.textContent}" outside its box`);
      }
    }
  }
  const bar = document.querySelector('.stage__bar');
  for (const el of bar.querySelectorAll('button, span')) {
    const r = el.getBoundingClientRect();
    if (r.right > innerWidth + 1 || r.left < -1) found.push(`bar: "${el.textContent.trim()}" cut`);
  }
  const explain = document.querySelector('.stage__explain').getBoundingClientRect();
  if (explain.bottom > innerHeight + 1) found.push('the explanation is cut');
  return found;
}

async function stage(scenario, lang, width, height) {
  const { page, problems } = await openPage(ctx.browser, ctx.server.url + `?scenario=${scenario}&seed=1&lang=${lang}`, { width, height });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await page.click('#presenter-enter');
  await page.waitForSelector('.app--presenter .diagram--stage');
  // Something moving: the lab's order, two steps (a message in flight, its chip).
  await page.keyboard.press('o');
  await page.keyboard.press('n');
  await page.keyboard.press('n');
  await page.waitForTimeout(300);
  return { page, problems };
}

const SCENARIOS = ['lab000-pedidos', 'lab003-order-events', 'lab004-streams', 'lab004-orders', 'lab004-pipes', 'lab004-pipes-fanout', 'sqs-fifo-pedidos'];
// lab 000 has 21 resources in six rows: at 1280×720 its stage is drawn at about 0.75
// of its size and its boxes hold four lines, so its kinds, numbers and chips reach
// 13–15 px there (11–13 px before; its chips 15.9 px), and 21 px and more at 1920×1080.
const DENSE = { 'lab000-pedidos': 13 };
const BOX_TEXT = new Set(['node__kind', 'node__stat', 'chip']);

for (const lang of ['en', 'pt-BR']) {
  test(`every text on the presenter stage is legible at 1280×720 and larger at 1920×1080 (${lang})`, async () => {
    const report = [];
    for (const scenario of SCENARIOS) {
      const sizes = {};
      for (const [width, height] of [[1280, 720], [1920, 1080]]) {
        const { page, problems } = await stage(scenario, lang, width, height);
        sizes[width] = await page.evaluate(smallestTexts);
        assert.deepEqual(await page.evaluate(spills), [], `${scenario} ${lang} ${width}×${height}`);
        if (scenario === 'lab000-pedidos') {
          await page.screenshot({ path: join(SCREENSHOTS, `presenter-legible-${lang}-${width}.png`) });
          // The ? list of keys, on the stage too.
          await page.keyboard.press('?');
          await page.waitForSelector('#keys-overlay');
          const small = await page.$$eval('#keys-overlay *', (els) => els
            .filter((el) => [...el.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim()))
            .map((el) => [el.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(el).fontSize)])
            .filter(([, px]) => px < 16));
          assert.deepEqual(small, [], `${lang} ${width}×${height}: the list of keys`);
        }
        assert.deepEqual(problems, []);
        await page.close();
      }
      for (const [what, { px, text }] of Object.entries(sizes[1280])) {
        // Names: 18 px before anything moves (presenter.test.mjs); a line more under
        // the diagram once the order moves takes a little of that.
        const least = what === 'node__name' ? 17.5 : BOX_TEXT.has(what) && DENSE[scenario] ? DENSE[scenario] : 16;
        assert.ok(px >= least, `${scenario} ${lang} 1280×720: ${what} "${text}" is ${px} px (at least ${least})`);
        const big = sizes[1920][what];
        if (big) assert.ok(big.px > px * 1.15, `${scenario} ${lang}: ${what} grows on 1920×1080 (${px} → ${big.px} px)`);
      }
      report.push(`${scenario}: ${Object.entries(sizes[1280]).map(([w, s]) => `${w} ${s.px}`).join(', ')}`);
    }
    console.log(report.join('\n'));
  });
}

// An alarm watches a metric: its arrows are dotted, not a message's solid line, and
// the page's legend says so (the walks read lab 003's DLQ → alarm lines, crossing the
// queues' arrows, as message flows).
test('the arrows into alarms are dotted and the legend says why', async () => {
  const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab003-order-events&seed=1&lang=pt-BR`, { width: 1280, height: 720 });
  await page.waitForSelector('[data-node]');
  assert.equal(await page.locator('.diagram path.edge--watch').count(), 2);
  const dash = await page.$eval('.diagram path.edge--watch', (p) => getComputedStyle(p).strokeDasharray);
  assert.notEqual(dash, 'none');
  assert.match(await page.innerText('.diagram__legend'), /um alarme observa uma métrica/);
  await page.goto(`${ctx.server.url}?scenario=lab004-streams&seed=1&lang=en`);
  await page.waitForSelector('[data-node]');
  assert.equal(await page.locator('.diagram path.edge--watch').count(), 0);
  assert.doesNotMatch(await page.innerText('.diagram__legend'), /alarm watches/);
  assert.deepEqual(problems, []);
  await page.close();
});
