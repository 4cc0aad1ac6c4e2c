// The browser app end to end: real limn-server over TLS, headless Chromium
// (Debian's), a real DICOM file opened through the file picker and by drag
// and drop, and the pixels on the canvas read back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { artifactsDir, openApp, pydicomData, startServer } from '../lib/harness.mjs';
import { uiInput } from '../lib/ui_input.mjs';

const testFiles = path.join(pydicomData, 'test_files');

let server, browser, page, consoleErrors;

before(async () => {
  server = await startServer();
  ({ browser, page, consoleErrors } = await openApp(server));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const state = () => page.evaluate(() => window.limn.state());

async function probe() {
  await page.evaluate(() => window.limn.requestCanvasProbe());
  await page.waitForFunction(() => window.limn.state().probe.done, null, { timeout: 10000 });
  return (await state()).probe;
}

test('the page is cross-origin isolated and boots without errors', async () => {
  assert.equal(await page.evaluate(() => window.crossOriginIsolated), true);
  assert.equal((await state()).loaded, false);
  assert.deepEqual(consoleErrors.filter((e) => /Content Security Policy|Refused/.test(e)), []);
});

test('a CT slice opened through the file picker is shown', async () => {
  await page.setInputFiles('#file-input', path.join(testFiles, 'CT_small.dcm'));
  await page.waitForFunction(() => window.limn.state().loaded, null, { timeout: 15000 });
  const s = await state();
  assert.equal(s.rows, 128);
  assert.equal(s.columns, 128);
  assert.equal(s.modality, 'CT');
  assert.equal(s.texture.ready, true);
  const p = await probe();
  assert.ok(p.pixels > 128 * 128, `image drawn at least 1:1, got ${p.pixels} px`);
  assert.ok(p.distinct_levels > 32, `a CT slice shows many grey levels, got ${p.distinct_levels}`);
  assert.ok(p.non_black > p.pixels * 0.2, `image mostly visible, got ${p.non_black}/${p.pixels}`);
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, 'e2e-ct_small.png') });
});

test('the window changes what is drawn (windowing happens on the GPU)', async () => {
  const before = await probe();
  // Right-drag: widen the window a lot, which flattens contrast.
  const box = await page.locator('#canvas').boundingBox();
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await uiInput(page).drag(centre, { x: centre.x + 300, y: centre.y }, 10, 'right');
  const s = await state();
  assert.ok(s.view.window_width > 0);
  const after = await probe();
  assert.notEqual(after.distinct_levels, before.distinct_levels);
});

test('a file dropped on the page opens, and a corrupt one is refused without losing it', async () => {
  const bytes = [...readFileSync(path.join(testFiles, 'MR_small.dcm'))];
  const drop = async (name, data) => {
    const dt = await page.evaluateHandle(({ name, data }) => {
      const t = new DataTransfer();
      t.items.add(new File([new Uint8Array(data)], name));
      return t;
    }, { name, data });
    await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
  };
  await drop('MR_small.dcm', bytes);
  await page.waitForFunction(() => window.limn.state().name === 'MR_small.dcm', null, { timeout: 15000 });
  assert.equal((await state()).rows, 64);
  await drop('broken.dcm', bytes.slice(0, 400));
  await page.waitForFunction(() => window.limn.state().error !== '', null, { timeout: 15000 });
  const s = await state();
  assert.equal(s.name, 'MR_small.dcm', 'the open image stays');
  assert.ok(s.error.length > 0);
  await page.screenshot({ path: path.join(artifactsDir, 'e2e-mr_small-after-corrupt.png') });
});

test('no console errors during the session', () => {
  assert.deepEqual(consoleErrors, []);
});
