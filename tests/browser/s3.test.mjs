// Lab 000's day-2 ingestion (reconstructed), as a learner meets it: the bucket's
// panel says where its notifications go; the sample CSV uploaded becomes orders in
// pedidos-db through ingere-pedidos-s3-lambda and the API's path; a JSON file picked
// from disk does too; an empty key is refused next to the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, openPage, skip, selectNode, orderStatus, SCREENSHOTS, ROOT } from './harness.mjs';

const ctx = suite();

test('lab 000: a CSV uploaded to pedidos-upload-bucket becomes orders in pedidos-db; a picked JSON file too', async () => {
  const { page, problems } = await openPage(
    ctx.browser,
    ctx.server.url + '?scenario=lab000-pedidos&seed=6&lang=pt-BR',
    { width: 1280, height: 720 },
  );
  await page.waitForSelector('.diagram', { timeout: 15_000 });
  await selectNode(page, 'pedidos-upload-bucket');
  const where = await page.textContent('.bucket-panel .notifications');
  assert.match(where, /s3:ObjectCreated:\* · suffix \.csv → Lambda ingere-pedidos-s3-lambda/);
  assert.equal(await page.inputValue('#bucket-key'), 'entrada/pedidos-dia2.csv');

  // An empty key is refused where the learner is looking.
  await page.fill('#bucket-key', '');
  await page.click('#bucket-put');
  await page.waitForSelector('.inline-notice');
  assert.match(await page.textContent('.inline-notice'), /key must be 1 to 1,024 bytes/);
  await page.fill('#bucket-key', 'entrada/pedidos-dia2.csv');
  await page.click('#bucket-put');
  await page.waitForSelector('#bucket-objects tr[data-key="entrada/pedidos-dia2.csv"]');
  await page.locator('#bucket-upload').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'lab000-s3-upload.png') });
  await skip(page, '10s', 2);
  assert.equal(await orderStatus(page, 's3P004'), 'PEDIDO_PROCESSADO');
  assert.equal(await orderStatus(page, 's3P005'), 'PEDIDO_PROCESSADO');
  assert.equal(await orderStatus(page, 's3P006'), null, 'no clienteId: refused by valida-pedidos-lambda');

  // A file from disk: its name becomes the key.
  const file = join(SCREENSHOTS, 'pedidos-s3P020.json');
  writeFileSync(file, JSON.stringify([{ pedidoId: 's3P020', clienteId: 'clienteS3-020', itens: [{ item: 'Produto S3', qtd: 1 }] }]));
  await selectNode(page, 'pedidos-upload-bucket');
  await page.setInputFiles('#bucket-file', file);
  await page.waitForFunction(() => document.querySelector('#bucket-key').value === 'pedidos-s3P020.json');
  assert.match(await page.inputValue('#bucket-body'), /s3P020/);
  await page.click('#bucket-put');
  assert.equal(await page.locator('#bucket-unnoticed').count(), 0, 'a .json notifies ingere-pedidos-s3-lambda');
  await skip(page, '10s', 2);
  assert.equal(await orderStatus(page, 's3P020'), 'PEDIDO_PROCESSADO');

  // A .txt matches no notification's suffix: stored, and the page says nothing runs.
  await selectNode(page, 'pedidos-upload-bucket');
  await page.fill('#bucket-key', 'entrada/notas.txt');
  await page.click('#bucket-put');
  await page.waitForSelector('#bucket-objects tr[data-key="entrada/notas.txt"]');
  assert.match(await page.textContent('#bucket-unnoticed'), /nenhuma notificação de evento corresponde a entrada\/notas\.txt/);
  assert.deepEqual(problems, []);
  await page.close();
});
