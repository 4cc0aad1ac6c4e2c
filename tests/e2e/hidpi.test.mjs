// The app on a HiDPI screen (devicePixelRatio 2, as most laptops have):
// the canvas draws one pixel per device pixel, so the browser never scales
// the image up with smoothing; the GPU's window is read back at device
// pixels; the mouse lands on the image pixel under it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, pydicomData, startServer, windowedGrey } from '../lib/harness.mjs';
import { uiInput } from '../lib/ui_input.mjs';

let server, browser, page, consoleErrors;

before(async () => {
  server = await startServer();
  ({ browser, page, consoleErrors } = await openApp(server, { scale: 2 }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const state = () => page.evaluate(() => window.limn.state());

test('the drawing buffer has a pixel per device pixel and the window is drawn at them', async () => {
  await page.setInputFiles('#file-input', path.join(pydicomData, 'test_files', 'CT_small.dcm'));
  await page.waitForFunction(() => window.limn.state().loaded && window.limn.state().texture.ready, null, { timeout: 15000 });
  const canvas = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { width: c.width, height: c.height, css: [c.clientWidth, c.clientHeight], ratio: devicePixelRatio };
  });
  assert.equal(canvas.ratio, 2);
  assert.deepEqual([canvas.width, canvas.height], [canvas.css[0] * 2, canvas.css[1] * 2]);
  await page.evaluate(() => window.limn.setWindow(40, 400));
  const points = [];
  for (const u of [0, 17, 64, 127]) for (const v of [0, 40, 90, 127]) points.push([0, u, v]);
  await page.evaluate((p) => window.limn.requestPixelProbe(p), points);
  await page.waitForFunction(() => window.limn.state().pixel_probe.done, null, { timeout: 10000 });
  const probes = (await state()).pixel_probe.points;
  assert.equal(probes.length, points.length);
  for (const p of probes) {
    assert.ok(p.inside, `probe ${p.u},${p.v} on screen`);
    const grey = windowedGrey(p.modality, 40, 400);
    assert.ok(Math.abs(p.rgba[0] - grey) <= 1, `grey ${p.rgba[0]} vs ${grey} at ${p.u},${p.v}`);
  }
});

test('a click lands on the image pixel under the cursor', async () => {
  const s = await state();
  const screen = s.viewports[0].screen;
  const input = uiInput(page);
  for (const [u, v] of [[10, 20], [100, 70], [64, 120]]) {
    await input.click({ x: screen.x0 + (u + 0.5) * screen.sx, y: screen.y0 + (v + 0.5) * screen.sy });
    const c = (await state()).crosshair;
    assert.deepEqual([c[0], c[1]], [u, v], `clicked image pixel ${u},${v}`);
  }
});

test('no console errors on a HiDPI screen', () => {
  assert.deepEqual(consoleErrors, []);
});
