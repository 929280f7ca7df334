// Portuguese everywhere: lab 000 walked in pt-BR at 1280×720, every visible word
// checked against the translation tables (src/i18n/mod.rs, src/i18n/sim_text.rs) and
// the lab's own names (scenarios/lab000-pedidos.json). AWS's names stay as AWS writes
// them; data (JSON, logs, ids) is marked translate="no" or shown as code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launchChromium, openPage, ROOT, SCREENSHOTS } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const STR = '"((?:[^"\\\\]|\\\\.)*)"';
const words = (text) => text.toLowerCase().match(/\p{L}+/gu) || [];
// JSON inside a sentence (an HTTP response's body) is data, as the lab's code wrote it.
const shownWords = (text) => words(text.replace(/\{.*\}/g, ' '));

/** Every word the Portuguese side of the tables uses. */
function portugueseWords() {
  const table = readFileSync(join(ROOT, 'src/i18n/mod.rs'), 'utf8');
  const sim = readFileSync(join(ROOT, 'src/i18n/sim_text.rs'), 'utf8');
  const pt = [];
  for (const m of table.matchAll(new RegExp(`=>\\s*${STR},\\s*${STR};`, 'g'))) pt.push(m[2]);
  for (const m of table.matchAll(new RegExp(`\\[${STR},\\s*${STR}\\],\\s*\\[${STR},\\s*${STR}\\];`, 'g'))) pt.push(m[3], m[4]);
  // One template a line: ("English", "Portuguese"),
  for (const line of sim.split('\n')) {
    const m = line.match(/^\s*\(("(?:[^"\\]|\\.)*"),\s*("(?:[^"\\]|\\.)*")\),?\s*$/);
    if (m) pt.push(JSON.parse(m[2]));
  }
  assert.ok(pt.length > 200, `read ${pt.length} Portuguese strings from the tables`);
  return new Set(pt.flatMap(words));
}

/** The lab's own names: every key and text in its scenario file. */
function labWords() {
  const out = [];
  const walk = (v, key, portuguese = false) => {
    // The English technical notes (shown marked lang="en") and the other languages'
    // words are left out; the notes' Portuguese translation is the lab's own text.
    if (key === 'Description' && !portuguese) return;
    if (key === 'Translations') {
      if (v?.['pt-BR']) walk(v['pt-BR'], 'pt-BR', true);
      return;
    }
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, undefined, portuguese));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.push(k); walk(x, k, portuguese); }
  };
  walk(JSON.parse(readFileSync(join(ROOT, 'scenarios/lab000-pedidos.json'), 'utf8')));
  return new Set(out.flatMap(words));
}

// AWS's own names (services, APIs, attributes, states), units and the product's name.
const AWS = `AWS API Gateway Lambda SQS DLQ DynamoDB EventBridge SNS Pipe Pipes CloudWatch JSON HTTP REST POST GET
  PutEvents SendMessage ReceiveMessage PurgeQueue SetQueueAttributes GetQueueAttributes All VisibilityTimeout
  maxReceiveCount MessageMovedToDlq ENABLED DISABLED ON OFF redrive Invoke URL E mail e mails ms s m min h MB rc
  MatchedEvents Invocations FailedInvocations InvocationsSentToDlq arn aws us east events rule event bus python
  Status String Logs lab timeout throttles ValueError Teste Forçado para EventLab English Português Brasil
  Init Duration cold start LATEST ReportBatchItemFailures OnFailure NO_PERMISSIONS THROTTLING Accepted Explode
  role visibility id ids RUNNING COMPLETED CANCELLED FAILED
  Sum Average Minimum Maximum SampleCount Errors ApproximateNumberOfMessagesVisible ApproximateNumberOfMessagesNotVisible`;

async function visibleText(page) {
  return page.evaluate(() => {
    const skip = 'script,style,pre,code,textarea,select,[translate="no"],[lang="en"],svg text.node__name';
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent.trim();
      if (!text || !el || el.closest(skip)) continue;
      if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
      out.push(text);
    }
    for (const el of document.querySelectorAll('input[placeholder]')) out.push(el.placeholder);
    return out;
  });
}

// The node's own panel, scrolled into view (the page scrolls once it renders: a click
// aimed at the diagram before that could land elsewhere).
async function panelShown(page, node) {
  await page.waitForFunction((n) => {
    const top = document.querySelector('#panels').getBoundingClientRect().top;
    return document.querySelector('.panel-head h3')?.textContent.includes(n) && top > -2 && top < innerHeight * 0.6;
  }, node, { timeout: 10_000 }).catch(async (e) => {
    const state = await page.evaluate(() => [document.querySelector('.panel-head h3')?.textContent, document.querySelector('#panels').getBoundingClientRect().top, innerHeight, scrollY]);
    throw new Error(`the panel of ${node} is not shown in view: ${JSON.stringify(state)}: ${e.message}`);
  });
  await page.waitForTimeout(50);
}

test('lab 000 in pt-BR shows no English outside AWS\'s names (checked against the translation tables)', async () => {
  const known = new Set([...portugueseWords(), ...labWords(), ...words(AWS)]);
  const { page, problems } = await openPage(browser, server.url + '?scenario=lab000-pedidos&seed=1&lang=pt-BR', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  const seen = new Map();
  const look = async (where) => {
    for (const text of await visibleText(page)) {
      for (const w of shownWords(text)) if (!known.has(w) && !seen.has(w)) seen.set(w, `${where}: "${text}"`);
    }
  };
  await look('start');
  await page.click('[data-node="processa-pedidos-lambda"]');
  await page.check('#fault-throw');
  await page.click('#order-submit');
  await look('sent while paused');
  for (const skip of ['10s', '1m', '1m', '1m', '1m']) await page.click(`#skip-${skip}`);
  // (pedidos-db opens the Orders tab, looked at below.)
  for (const node of ['processa-pedidos-lambda', 'pedidos-pendentes-queue', 'pedidos-pendentes-dlq', 'cancela-pedido-rule', 'pedidos-event-bus', 'pedidos-api']) {
    // From the keyboard: the page scrolls to the panel after each choice.
    await page.focus(`[data-node="${node}"]`);
    // Under load a render can land between focus and key: press Enter only on the node.
    await page.waitForFunction((n) => document.activeElement?.getAttribute('data-node') === n, node);
    await page.keyboard.press('Enter');
    await panelShown(page, node);
    await look(node);
  }
  // Poll the DLQ, then redrive: 0 of 0, and why.
  await page.focus('[data-node="pedidos-pendentes-dlq"]');
  await page.keyboard.press('Enter');
  await panelShown(page, 'pedidos-pendentes-dlq');
  await page.click('#poll');
  await page.click('#redrive');
  await page.waitForSelector('#redrive-why');
  assert.match(await page.textContent('#redrive-why'), /em trânsito/);
  await look('redrive after poll');
  await page.screenshot({ path: join(SCREENSHOTS, 'pt-redrive-why.png') });
  for (const tab of ['#tab-trace', '#tab-orders', '#tab-about']) {
    await page.click(tab);
    await look(tab);
  }
  // The lab by its own title, not by the seed file's name ("000_0b4bd5a1fa06e62c.txt").
  assert.equal((await page.textContent('#about-lab')).trim(),
    'Reproduz o laboratório: Semana do Desenvolvedor – Dia 4, Aula 4: Fluxos Adicionais de Pedidos, DLQs e Lambda Layers');
  await page.click('#tab-orders');
  await page.click('#orders-table tbody tr button');
  await look('order timeline');
  await page.click('#reset');
  await look('reset asks');
  await page.click('#confirm-wipe-no');
  await page.screenshot({ path: join(SCREENSHOTS, 'app-pt-1280.png') });
  const english = [...seen.entries()].map(([w, where]) => `${w}  (${where})`);
  assert.deepEqual(english, [], 'words in no translation table');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a browser set to Portuguese opens in Portuguese when the link does not say', async () => {
  const context = await browser.newContext({ locale: 'pt-BR', viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(server.url + '?scenario=lab000-pedidos&seed=1');
  await page.waitForSelector('.diagram');
  assert.equal(await page.getAttribute('html', 'lang'), 'pt-BR');
  assert.match(await page.textContent('#controls-heading'), /Controles/);
  // The tab's name too (the Portuguese walk read it in English).
  assert.equal(await page.title(), 'EventLab · simulador de arquitetura orientada a eventos na AWS');
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => document.title === 'EventLab · AWS event-driven architecture simulator');
  await context.close();
});

test('at 1280×720 a panel opened from the diagram is scrolled into view', async () => {
  const { page } = await openPage(browser, server.url + '?scenario=lab000-pedidos&seed=1', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram');
  await page.click('[data-node="pedidos-pendentes-queue"]');
  await page.waitForSelector('#poll');
  await page.waitForFunction(() => {
    const top = document.querySelector('#panels').getBoundingClientRect().top;
    return top > -2 && top < innerHeight * 0.6;
  });
  await page.screenshot({ path: join(SCREENSHOTS, 'panel-in-view-1280.png') });
  await page.close();
});

test('a send while paused says that time is paused, next to the form', async () => {
  const { page } = await openPage(browser, server.url + '?scenario=lab000-pedidos&seed=1', { width: 1280, height: 720 });
  await page.waitForSelector('.diagram');
  await page.click('#order-submit');
  assert.match(await page.textContent('.actions .inline-notice'), /time is paused/);
  // True until the learner edits the form, or time moves.
  await page.locator('#order-json').press('End');
  await page.keyboard.type(' ');
  await page.waitForFunction(() => !document.querySelector('.actions .inline-notice'));
  await page.click('#order-submit');
  assert.match(await page.textContent('.actions .inline-notice'), /time is paused/);
  await page.click('#skip-10s');
  await page.waitForFunction(() => !document.querySelector('.actions .inline-notice'));
  await page.click('#play');
  await page.click('#event-send');
  assert.equal(await page.locator('.actions .inline-notice').count(), 0, 'nothing to add while time runs');
  await page.close();
});
