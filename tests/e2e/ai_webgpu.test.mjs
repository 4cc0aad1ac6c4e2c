// The model worker's WebGPU path in Chromium. With --enable-unsafe-webgpu,
// headless Chromium offers WebGPU on SwiftShader, its software Vulkan: a
// fallback adapter. The app must not pick it by itself (a segmentation
// takes seconds there, milliseconds in WebAssembly) and must say why; asked
// for WebGPU by name (?ai-backend=webgpu) it runs both demo models on it
// and gives PyTorch's outputs, as on a physician's hardware GPU.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, startServer } from '../lib/harness.mjs';
import { compareWithPyTorch, modelCards, modelFixture } from '../lib/model_fixtures.mjs';

const webgpu = ['--enable-unsafe-webgpu'];
let server = null;
const browsers = [];
after(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

// The app on `path`, its model worker started and every model settled.
async function appWithModels(path) {
  server ??= await startServer();
  const { browser, page, consoleErrors } = await openApp(server, { path, args: webgpu });
  browsers.push(browser);
  await page.evaluate(() => window.limn.annotate({ op: 'ai_start' }));
  await page.waitForFunction(() => window.limn.ai?.status?.models &&
    Object.values(window.limn.ai.status.models).every((m) => m.ready || m.error), null, { timeout: 300000 });
  const status = await page.evaluate(() => window.limn.ai.status);
  for (const [name, m] of Object.entries(status.models)) assert.equal(m.ready, true, `${name}: ${m.error}`);
  return { page, status, consoleErrors };
}

// What the page's own WebGPU adapter says of itself.
const adapterOf = (page) => page.evaluate(async () => {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) return null;
  const info = adapter.info || {};
  return { architecture: info.architecture || '', fallback: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) };
});

test('left to choose, the worker passes over a software WebGPU adapter for WebAssembly and says why', async () => {
  const { page, status, consoleErrors } = await appWithModels('/');
  const adapter = await adapterOf(page);
  assert.ok(adapter, 'Chromium with --enable-unsafe-webgpu offers an adapter');
  if (adapter.fallback) {
    assert.match(status.backend, /^wasm, \d+ threads?$/);
    assert.match(status.note, /software fallback/);
    assert.ok(status.note.includes(adapter.architecture), status.note);
  } else {
    assert.equal(status.backend, 'webgpu');
  }
  // The person sees the choice in the AI panel too.
  assert.equal(await page.evaluate(() => window.limn.state().ai.backend), status.backend);
  assert.deepEqual(consoleErrors, []);
});

test('asked for WebGPU by name, both models run on it and give PyTorch\'s outputs', async () => {
  const { page, status, consoleErrors } = await appWithModels('/?ai-backend=webgpu');
  assert.equal(status.backend, 'webgpu');
  assert.match(status.note, /^WebGPU adapter: /);
  for (const { name } of modelCards()) {
    const { dims, input, reference } = modelFixture(name);
    const { output, times } = await page.evaluate(({ name, data, dims }) =>
      window.limn.ai.bench(name, new Float32Array(data), dims, 1), { name, data: [...input], dims });
    const { worst, disagree } = compareWithPyTorch(output.data, reference);
    console.log(`${name} on WebGPU (${status.note}): max |ORT Web - PyTorch| = ${worst.toExponential(2)}, ${Math.round(times[0])} ms`);
    assert.ok(worst < 1e-3, `${name}: ${worst}`);
    assert.ok(disagree <= 2, `${name}: thresholded masks differ in ${disagree} pixels`);
  }
  assert.deepEqual(consoleErrors, []);
});
