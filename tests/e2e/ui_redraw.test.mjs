// Partial redraw (client/app/ui_damage.h): the canvas keeps its pixels and a
// frame draws again only where the UI changed. After each thing a person
// does (scroll, window drag, hover over the panel, a menu opened and closed,
// MPR, the panel hidden and shown) the screen must be exactly what a frame
// drawn whole shows: the page is captured, the app is told to draw the next
// frame whole, and the two captures must be identical to the byte.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactsDir, limnBin, openApp, startServer } from '../lib/harness.mjs';
import { uiInput } from '../lib/ui_input.mjs';

let server, browser, page, consoleErrors, workDir, input, box;

before(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'limn-e2e-redraw-'));
  const dir = path.join(workDir, 'ct');
  execFileSync(limnBin, ['dicom', 'synth', '--out', dir, '--size', '128', '--slices', '30']);
  server = await startServer();
  ({ browser, page, consoleErrors } = await openApp(server, { width: 1280, height: 800 }));
  await page.evaluate(() => { window.limn.lastLoad = null; });
  await page.setInputFiles('#file-input', readdirSync(dir).sort().map((f) => path.join(dir, f)));
  await page.waitForFunction(() => window.limn.lastLoad, null, { timeout: 60000 });
  input = uiInput(page);
  box = await page.locator('#canvas').boundingBox();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

const stats = () => page.evaluate(() => window.limn.redrawStats());
// Long enough for the app to stop drawing after input (it draws for half a
// second after the last event, then rests).
const settle = () => page.waitForTimeout(800);

// The page as drawn in part, then as drawn whole: identical, or both are
// kept as artifacts.
async function sameAsWhole(label) {
  await settle();
  const partial = await page.screenshot();
  const before = await stats();
  await page.evaluate(() => window.limn.redrawAll());
  await page.waitForFunction((n) => window.limn.redrawStats().full_frames > n, before.full_frames, { timeout: 5000 });
  await settle();
  const whole = await page.screenshot();
  if (!partial.equals(whole)) {
    const dir = path.join(artifactsDir, 'ui-redraw');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${label}-partial.png`), partial);
    writeFileSync(path.join(dir, `${label}-whole.png`), whole);
  }
  assert.ok(partial.equals(whole), `${label}: the frames drawn in part differ from one drawn whole (artifacts ui-redraw/)`);
}

const nextFrames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

// Steps `viewport` one slice at a time, `count` times, a frame drawn after each.
async function scroll(viewport, count) {
  for (let i = 0; i < count; i++) {
    await page.evaluate((v) => window.limn.stepSlice(v, 1), viewport);
    await nextFrames();
  }
}

// Frames drawn while `act` runs: how many in part, and the pixels the last
// one drew.
async function framesDuring(act) {
  const before = await stats();
  await act();
  const after = await stats();
  return { partial: after.partial_frames - before.partial_frames, lastPixels: after.last_frame_pixels };
}

test('scrolling draws only the viewer and the status bar, and shows what a whole frame does', async () => {
  const f = await framesDuring(() => scroll(0, 8));
  assert.ok(f.partial >= 8, `frames drawn in part while scrolling: ${f.partial}`);
  assert.ok(f.lastPixels > 0 && f.lastPixels < 0.85 * 1280 * 800, `pixels drawn by a scrolled frame: ${f.lastPixels}`);
  await sameAsWhole('scroll');
});

test('a window drag, hovering the panel and a menu opened then closed leave no stale pixels', async () => {
  const centre = { x: box.x + 400, y: box.y + 400 };
  await input.drag(centre, { x: centre.x + 60, y: centre.y - 30 }, 6, 'right');
  await sameAsWhole('window-drag');
  // Over the panel's tool buttons (hover highlights), then back to the image.
  await page.mouse.move(box.x + 1000, box.y + 57);
  await nextFrames();
  await page.mouse.move(box.x + 1010, box.y + 80);
  await sameAsWhole('hover-panel');
  await page.mouse.move(box.x + 400, box.y + 400);
  await sameAsWhole('hover-away');
  await input.click({ x: box.x + 140, y: box.y + 9 });  // the View menu
  await sameAsWhole('menu-open');
  await input.key('Escape');
  await input.click({ x: box.x + 400, y: box.y + 400 });
  await sameAsWhole('menu-closed');
});

test('MPR scrolling and the panel hidden and shown again draw the same as whole frames', async () => {
  await page.evaluate(() => window.limn.setLayout(true));
  await sameAsWhole('mpr');
  const f = await framesDuring(() => scroll(1, 6));
  assert.ok(f.partial >= 6, `frames drawn in part while scrolling MPR: ${f.partial}`);
  await sameAsWhole('mpr-scroll');
  await page.evaluate(() => window.limn.setLayout(false));
  await page.evaluate(() => window.limn.annotate({ op: 'panel', show: false }));
  await sameAsWhole('panel-hidden');
  await page.evaluate(() => window.limn.annotate({ op: 'panel', show: true }));
  await sameAsWhole('panel-shown');
});

test('with a brush mask on screen (a drawing callback), scrolling still shows what a whole frame does', async () => {
  await page.evaluate(() => window.limn.annotate({ op: 'tool', key: 'W' }));
  await page.evaluate(() => window.limn.annotate({ op: 'brush', radius: 20 }));
  await page.evaluate(() => window.limn.annotate({ op: 'stroke', points: [[40, 60], [80, 70]] }));
  const masks = (await page.evaluate(() => window.limn.state())).annotations.annotations.filter((a) => a.kind === 'mask');
  assert.ok(masks.length === 1 && masks[0].area > 0, JSON.stringify(masks));
  await sameAsWhole('mask');
  await scroll(0, 3);
  await sameAsWhole('mask-scroll');
  await page.evaluate(() => window.limn.stepSlice(0, -3));
  await sameAsWhole('mask-back');
});

test('no console errors during the session', () => {
  assert.deepEqual(consoleErrors, []);
});

// Twice as many device pixels as CSS pixels: the clip arithmetic in
// framebuffer pixels must still match the backend's to the pixel.
test('on a HiDPI screen (device pixel ratio 2) frames drawn in part match whole ones', async () => {
  const hidpi = await openApp(server, { width: 900, height: 600, scale: 2 });
  const saved = { page, box };
  try {
    page = hidpi.page;
    const dir = path.join(workDir, 'ct');
    await page.evaluate(() => { window.limn.lastLoad = null; });
    await page.setInputFiles('#file-input', readdirSync(dir).sort().map((f) => path.join(dir, f)));
    await page.waitForFunction(() => window.limn.lastLoad, null, { timeout: 60000 });
    const f = await framesDuring(() => scroll(0, 5));
    assert.ok(f.partial >= 5, `frames drawn in part: ${f.partial}`);
    await sameAsWhole('hidpi-scroll');
    assert.deepEqual(hidpi.consoleErrors, []);
  } finally {
    ({ page, box } = saved);
    await hidpi.browser.close();
  }
});
