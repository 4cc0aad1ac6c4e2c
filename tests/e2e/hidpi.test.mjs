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

test('annotations land under the cursor and show where they are drawn', async () => {
  const input = uiInput(page);
  const screenOf = async (x, y) => {
    const sc = (await state()).viewports[0].screen;
    return { x: sc.x0 + x * sc.sx, y: sc.y0 + y * sc.sy };
  };
  // A box dragged with the mouse: its corners are the image points under it.
  await input.key('b');
  await input.drag(await screenOf(20.25, 30.5), await screenOf(60.75, 70), 6);
  let s = (await state()).annotations;
  assert.equal(s.annotations.length, 1);
  const box = s.annotations[0];
  // Mouse events come in whole CSS pixels: within one of them (in image pixels).
  const tolerance = 1 / (await state()).viewports[0].screen.sx;
  const near = (p, x, y) => Math.abs(p[0] - x) <= tolerance && Math.abs(p[1] - y) <= tolerance;
  assert.ok(near(box.vertices[0], 20.25, 30.5) && near(box.vertices[2], 60.75, 70), JSON.stringify(box.vertices));
  // A painted mask is drawn over its pixels (the overlay's scissor is in device pixels), and nowhere else.
  await page.evaluate(() => {
    window.limn.annotate({ op: 'tool', key: 'W' });
    window.limn.annotate({ op: 'brush', radius: 6, gated: false, sphere: false });
    window.limn.annotate({ op: 'stroke', points: [[80, 100], [115, 100]] });
  });
  s = (await state()).annotations;
  assert.equal(s.annotations.length, 2);
  await page.evaluate(() => window.limn.requestPixelProbe([[0, 100, 100], [0, 100, 80]]));
  await page.waitForFunction(() => window.limn.state().pixel_probe.done, null, { timeout: 10000 });
  const [under, outside] = (await state()).pixel_probe.points;
  assert.ok(under.rgba[0] - under.rgba[2] > 40, `the label colour over the mask: ${under.rgba}`);
  assert.ok(Math.abs(outside.rgba[0] - outside.rgba[2]) < 8, `grey elsewhere: ${outside.rgba}`);
});

test('no console errors on a HiDPI screen', () => {
  assert.deepEqual(consoleErrors, []);
});
