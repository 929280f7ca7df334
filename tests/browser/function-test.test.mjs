// The Lambda console's Test tab on a function's panel, at 1280×720 in both
// languages: edit the event, invoke synchronously, read the status, the response and
// the invocation's log lines; invalid JSON is refused where it is typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, suite, skip, selectNode, SCREENSHOTS } from './harness.mjs';

const ctx = suite();

const RAISED = { en: /Lambda's Python runtime answers on AWS.*nothing is retried or sent to a dead-letter queue/, 'pt-BR': /runtime Python do Lambda responde na AWS.*nada é tentado de novo nem vai para uma fila de mensagens mortas/ };
const TIMED_OUT = { en: /ran past its Timeout and Lambda stopped it \(Sandbox\.Timedout\): the code raised nothing/, 'pt-BR': /passou do seu Timeout e o Lambda a interrompeu \(Sandbox\.Timedout\): o código não lançou nada/ };
const HTTP_400 = { en: /400 is the HTTP answer it returned/, 'pt-BR': /400 é a resposta HTTP que ela devolveu/ };

for (const [lang, ok, bad] of [['en', 'Succeeded', 'Failed'], ['pt-BR', 'Sucesso', 'Falhou']]) {
  test(`a function's Test (${lang}): the response and the log lines, an error object, bad JSON refused`, async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.server.url}?scenario=lab004-orders&seed=1&lang=${lang}`, { width: 1280, height: 720 });
    await page.waitForSelector('.diagram', { timeout: 15_000 });
    await selectNode(page, 'CreateOrderFunction');
    await page.click('#function-test summary');
    // The API Gateway proxy template, with the lab's order as its body.
    assert.match(await page.inputValue('#test-event'), /"httpMethod": "POST"/);
    await page.click('#test-invoke');
    await page.waitForSelector('#test-running');
    await skip(page, '10s');
    await page.waitForSelector('#test-status');
    assert.equal((await page.textContent('#test-status')).trim(), ok);
    assert.match(await page.textContent('#test-response'), /"statusCode": 201/);
    const logs = await page.textContent('#test-logs');
    assert.match(logs, /START RequestId: .*Order created: 1234-5678.*REPORT RequestId:/s);
    await page.locator('#function-test').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, `function-test-${lang}.png`) });
    // An unhandled error: the runtime's error object.
    await page.check('#fault-throw');
    await page.click('#test-invoke');
    await skip(page, '10s');
    await page.waitForFunction((t) => document.querySelector('#test-status')?.textContent.trim() === t, bad);
    assert.match(await page.textContent('#test-response'), /"errorType": "Exception"/);
    assert.match(await page.textContent('#test-response'), /"errorMessage": "Forced error \(Throw fault switch\)"/);
    // Said for a learner: an exception is Python's answer on AWS.
    assert.match(await page.textContent('#test-result'), RAISED[lang]);
    await page.uncheck('#fault-throw');
    // A timeout is the sandbox's error: no stackTrace, and not said as an exception.
    await page.check('#fault-timeout');
    await page.click('#test-invoke');
    await skip(page, '10s');
    await page.waitForFunction((t) => document.querySelector('#test-status')?.textContent.trim() === t, bad);
    assert.match(await page.textContent('#test-response'), /"errorType": "Sandbox.Timedout"/);
    assert.match(await page.textContent('#test-response'), /"errorMessage": "RequestId: [0-9a-f-]+ Error: Task timed out after 3\.00 seconds"/);
    assert.doesNotMatch(await page.textContent('#test-response'), /stackTrace/);
    assert.match(await page.textContent('#test-result'), TIMED_OUT[lang]);
    assert.doesNotMatch(await page.textContent('#test-result'), RAISED[lang]);
    await page.uncheck('#fault-timeout');
    // A function that succeeds with a 400 answered it; it did not fail.
    await page.fill('#test-event', JSON.stringify({ httpMethod: 'POST', path: '/orders', body: '[1]' }));
    await page.click('#test-invoke');
    await skip(page, '10s');
    await page.waitForFunction((t) => document.querySelector('#test-status')?.textContent.trim() === t, ok);
    assert.match(await page.textContent('#test-response'), /Request body must be a JSON object/);
    assert.match(await page.textContent('#test-result'), HTTP_400[lang]);
    assert.doesNotMatch(await page.textContent('#test-result'), RAISED[lang]);
    // Invalid JSON: said under the box, and the button does nothing.
    await page.fill('#test-event', '{"broken": ');
    assert.equal(await page.isDisabled('#test-invoke'), true);
    assert.equal(await page.getAttribute('#test-event', 'aria-invalid'), 'true');
    assert.deepEqual(problems, []);
    await page.close();
  });
}
