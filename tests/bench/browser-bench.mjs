// Browser benchmark: time to first render, frame times with ~1,000 messages in flight
// at 100×, and the simulation events per second the page sustains. Prints figures;
// asserts nothing about time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launchChromium, ROOT } from '../browser/harness.mjs';

const server = await serveDist();
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });

// 1. First render of the default scenario.
const renders = [];
for (let i = 0; i < 5; i++) {
  await page.goto(server.url, { waitUntil: 'commit' });
  await page.waitForSelector('.diagram .node');
  renders.push(await page.evaluate(() => performance.now()));
}
renders.sort((a, b) => a - b);
console.log(`first render (default scenario, 5 loads): median ${renders[2].toFixed(0)} ms, worst ${renders[4].toFixed(0)} ms`);

// 2. ~1,000 messages in flight at 100×: 1,000 orders into lab 004 with the worker
//    throttled, so every batch it receives stays in flight for the visibility timeout.
await page.goto(server.url + '?scenario=lab004-orders&seed=1', { waitUntil: 'load' });
await page.waitForSelector('.diagram');
await page.click('[data-node="order-processing-queue"]');
await page.fill('#visibility-timeout', '43200');
await page.click('#visibility-apply');
await page.click('[data-node="OrderWorkerFunction"]');
await page.check('#fault-throttle');
await page.fill('#many-count', '1000');
await page.click('#many-submit');
await page.selectOption('#speed', '100');
await page.click('#play');
await page.click('[data-node="order-processing-queue"]');
await page.waitForTimeout(4000);
const inFlight = async () => page.evaluate(() => Number(document.querySelector('#q-inflight')?.textContent || 0));
const before = await inFlight();
const frames = await page.evaluate(() => new Promise((done) => {
  const deltas = [];
  let last = performance.now();
  const end = last + 5000;
  function frame(now) {
    deltas.push(now - last);
    last = now;
    if (now < end) requestAnimationFrame(frame); else done(deltas);
  }
  requestAnimationFrame(frame);
}));
const after = await inFlight();
frames.sort((a, b) => a - b);
const pct = (p) => frames[Math.min(frames.length - 1, Math.floor(frames.length * p))];
console.log(`frames at 100× with ${before}–${after} messages in flight: median ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms, ${frames.length} frames in 5 s`);

// 3. A heavy demo: 5,000 orders at 1,000× with the orders table open.
await page.goto(server.url + '?scenario=lab004-orders&seed=3', { waitUntil: 'load' });
await page.waitForSelector('.diagram');
await page.fill('#many-count', '1000');
for (let i = 0; i < 5; i++) await page.click('#many-submit');
await page.selectOption('#speed', '1000');
await page.click('#play');
const heavy = await page.evaluate(() => new Promise((done) => {
  const d = [];
  let last = performance.now();
  const end = last + 5000;
  function f(now) { d.push(now - last); last = now; if (now < end) requestAnimationFrame(f); else done(d); }
  requestAnimationFrame(f);
}));
heavy.sort((a, b) => a - b);
const hp = (p) => heavy[Math.min(heavy.length - 1, Math.floor(heavy.length * p))];
console.log(`frames at 1000× with 5,000 orders submitted: median ${hp(0.5).toFixed(1)} ms, p95 ${hp(0.95).toFixed(1)} ms, worst ${hp(1).toFixed(1)} ms; sim clock reached ${await page.textContent('#sim-clock')} in 5 s`);

// 4. Sim events per second in the page: 1,000 orders (10% FAIL) into lab 004, then
//    "+5 min" runs them to the end in one go; events over wall time, render included.
await page.goto(server.url + '?scenario=lab004-orders&seed=2', { waitUntil: 'load' });
await page.waitForSelector('.diagram');
await page.fill('#many-count', '1000');
await page.click('#many-submit');
const readEvents = () => page.evaluate(() => Number((document.querySelector('.time__next')?.textContent.match(/(\d+) (events|eventos)/) || [0, 0])[1]));
const e0 = await readEvents();
const wall = await page.evaluate(() => new Promise((done) => {
  const clock = document.querySelector('#sim-clock');
  const before = clock.textContent;
  const t0 = performance.now();
  document.querySelector('#skip-5m').click();
  const check = () => (clock.textContent !== before ? done(performance.now() - t0) : setTimeout(check, 1));
  check();
}));
const e1 = await readEvents();
console.log(`sim events in the page (wasm): ${Math.round((e1 - e0) / (wall / 1000))} events/s (${e1 - e0} events for 5 simulated minutes in ${wall.toFixed(0)} ms of wall time)`);

// 5. The command line's lab 004 benchmark (`sim_cli bench`), run in the page: the
//    simulation core compiled as the site ships it (profile wasm-release, opt-level z,
//    then wasm-opt: scripts/bench-browser.sh builds target/bench/sim_wasm_check.wasm),
//    timed by the page's clock. The script compares it with the native run.
const ORDERS = Number(process.env.BENCH_ORDERS || 100000);
const wasmPath = join(ROOT, 'target/bench/sim_wasm_check.wasm');
const wasmBase64 = readFileSync(wasmPath).toString('base64');
const engine = await page.evaluate(async ({ bytes, orders }) => {
  const raw = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
  const { instance } = await WebAssembly.instantiate(raw, {});
  const t0 = performance.now();
  const events = instance.exports.bench_lab004_orders(BigInt(orders));
  return { ms: performance.now() - t0, events: Number(events) };
}, { bytes: wasmBase64, orders: ORDERS });
console.log(`lab 004, ${ORDERS} orders in the page (wasm): ${(engine.ms / 1000).toFixed(3)} s, ${engine.events} sim events (${Math.round(engine.events / (engine.ms / 1000))} events/s)`);

await browser.close();
await server.close();
