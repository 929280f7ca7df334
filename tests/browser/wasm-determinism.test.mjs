// Same scenario, seed and actions give the same trace in WebAssembly as natively:
// the golden runs, compiled to wasm32 (crates/sim_wasm_check), run in V8 and must
// reproduce the hashes recorded by the native golden traces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

const WASM = join(ROOT, 'target/wasm32-unknown-unknown/release/sim_wasm_check.wasm');
const GOLDEN = join(ROOT, 'crates/sim_core/tests/golden');

function goldenHash(name) {
  const last = readFileSync(join(GOLDEN, name), 'utf8').trimEnd().split('\n').pop();
  return BigInt('0x' + last.replace('hash ', ''));
}

test('wasm32 reproduces the native golden trace hashes', async () => {
  assert.ok(existsSync(WASM), `${WASM} is missing: cargo build --release --target wasm32-unknown-unknown -p sim_wasm_check`);
  const { instance } = await WebAssembly.instantiate(readFileSync(WASM), {});
  const asU64 = (x) => BigInt.asUintN(64, x);
  assert.equal(asU64(instance.exports.lab004_three_orders_trace_hash(1n)), goldenHash('lab004-orders.seed1.trace'));
  assert.equal(asU64(instance.exports.sqs_fifo_trace_hash(1n)), goldenHash('sqs-fifo-pedidos.seed1.trace'));
  // Another seed gives another trace: the export really runs the simulation.
  assert.notEqual(asU64(instance.exports.lab004_three_orders_trace_hash(2n)), goldenHash('lab004-orders.seed1.trace'));
});
