// The annotation workspace end to end in Chromium: tools driven by the real
// mouse and keyboard on a synthetic CT series, checked through the app's
// state, the screen (pixel read-back) and the saved annotation file, which
// the native CLI must then export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { limnBin, maskBits, openApp, startServer, webRequire } from '../lib/harness.mjs';
import { uiInput } from '../lib/ui_input.mjs';

const fflate = webRequire('fflate');

const SIZE = 96;
const SLICES = 12;

let server, browser, page, consoleErrors, seriesDir, workDir;
let frame, oneFrame, key, drag, click, doubleClick;

before(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'limn-e2e-annotate-'));
  seriesDir = path.join(workDir, 'ct');
  execFileSync(limnBin, ['dicom', 'synth', '--out', seriesDir, '--size', String(SIZE), '--slices', String(SLICES),
    '--spacing', '0.7,0.7,2.5']);
  server = await startServer();
  ({ browser, page, consoleErrors } = await openApp(server, { width: 1280, height: 800 }));
  ({ frame, oneFrame, key, drag, click, doubleClick } = uiInput(page));
  const files = readdirSync(seriesDir).sort().map((f) => path.join(seriesDir, f));
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction(() => {
    const s = window.limn.state();
    return s.loaded && s.load.displayed >= s.load.generation && s.viewports && s.viewports[0].ready;
  }, null, { timeout: 60000 });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

const state = () => page.evaluate(() => window.limn.state());
const annotations = async () => (await state()).annotations;

// Screen position of image point (x, y) on viewport 0.
async function screenOf(x, y) {
  const sc = (await state()).viewports[0].screen;
  return { x: sc.x0 + x * sc.sx, y: sc.y0 + y * sc.sy, sc };
}
// The image point a screen position maps to (what the app computes).
const imageOf = (sc, sx, sy) => [(sx - sc.x0) / sc.sx, (sy - sc.y0) / sc.sy];

async function clearAll() {
  await key('v');
  await key('Control+a');
  await key('Delete');
  assert.equal((await annotations()).annotations.length, 0);
}

// The latest shape of an annotation in a saved file's ops (fold order).
const shapeIn = (file, id) => {
  let shape = null;
  for (const op of file.ops) {
    if (op.kind === 'create' && op.annotation.id === id) shape = op.annotation.shape;
    if (op.kind === 'edit_geometry' && op.annotation === id) shape = op.shape;
  }
  return shape;
};

test('a box drawn with the mouse lands on the image pixels under the cursor, exactly', async () => {
  await key('b');
  assert.equal((await annotations()).tool, 'Box');
  const a = await screenOf(20.25, 30.5);
  const b = await screenOf(60.75, 70);
  const from = { x: Math.round(a.x), y: Math.round(a.y) };
  const to = { x: Math.round(b.x), y: Math.round(b.y) };
  await drag(from, to);
  const s = await annotations();
  assert.equal(s.annotations.length, 1);
  const box = s.annotations[0];
  assert.equal(box.kind, 'box');
  assert.equal(box.label, 'lesion');
  const [x0, y0] = imageOf(a.sc, from.x, from.y);
  const [x1, y1] = imageOf(a.sc, to.x, to.y);
  // Sub-pixel, float64: the corners are where the cursor was, not rounded.
  assert.ok(Math.abs(box.vertices[0][0] - x0) < 1e-3 && Math.abs(box.vertices[0][1] - y0) < 1e-3, JSON.stringify(box.vertices));
  assert.ok(Math.abs(box.vertices[2][0] - x1) < 1e-3 && Math.abs(box.vertices[2][1] - y1) < 1e-3);
  assert.ok(s.overlay_segments >= 4, 'the GPU overlay holds its outline');
  // Undo and redo travel as ops.
  await key('Control+z');
  assert.equal((await annotations()).annotations.length, 0);
  await key('Control+y');
  assert.equal((await annotations()).annotations.length, 1);
  await clearAll();
});

test('polygon: clicks make vertices, Enter closes; select, drag a vertex, insert and delete vertices', async () => {
  await key('p');
  const corners = [[20, 20], [70, 22], [65, 70], [25, 60]];
  const screen = [];
  for (const [x, y] of corners) {
    const p = await screenOf(x, y);
    screen.push({ x: Math.round(p.x), y: Math.round(p.y) });
    await click(screen.at(-1));
  }
  await key('Enter');
  let s = await annotations();
  assert.equal(s.annotations.length, 1);
  const poly = s.annotations[0];
  assert.equal(poly.kind, 'polygon');
  assert.equal(poly.vertices.length, 4);
  // Select tool: drag the second vertex somewhere else.
  await key('v');
  await click({ x: (screen[0].x + screen[2].x) / 2, y: (screen[0].y + screen[2].y) / 2 });  // inside: selects
  assert.deepEqual((await annotations()).selected, [poly.id]);
  const target = await screenOf(80, 10);
  await drag(screen[1], { x: Math.round(target.x), y: Math.round(target.y) });
  s = await annotations();
  const moved = s.annotations[0].vertices[1];
  const sc = (await state()).viewports[0].screen;
  const want = imageOf(sc, Math.round(target.x), Math.round(target.y));
  assert.ok(Math.abs(moved[0] - want[0]) < 1e-3 && Math.abs(moved[1] - want[1]) < 1e-3, `${moved} vs ${want}`);
  // Double-click on the first edge inserts a vertex; Ctrl+click removes it again.
  const mid = { x: Math.round((screen[0].x + target.x) / 2), y: Math.round((screen[0].y + target.y) / 2) };
  await doubleClick(mid);
  assert.equal((await annotations()).annotations[0].vertices.length, 5);
  await page.keyboard.down('Control');
  await click(mid);
  await page.keyboard.up('Control');
  assert.equal((await annotations()).annotations[0].vertices.length, 4);
  // Hide and lock: a locked annotation survives Delete.
  await key('u');
  assert.equal((await annotations()).annotations[0].locked, true);
  await key('Delete');
  assert.equal((await annotations()).annotations.length, 1);
  await key('u');
  await clearAll();
});

test('freehand, landmark, ruler and angle tools make their shapes', async () => {
  await key('d');
  const c = await screenOf(48, 48);
  await page.mouse.move(c.x + 60, c.y);
  await frame();
  await page.mouse.down();
  for (let i = 1; i <= 36; i++) {
    const t = (i / 36) * 2 * Math.PI;
    await page.mouse.move(c.x + 60 * Math.cos(t), c.y + 60 * Math.sin(t));
    await frame();
  }
  await page.mouse.up();
  await frame();
  await key('k');
  await page.evaluate(() => window.limn.annotate({ op: 'label', id: 'landmark' }));
  await click({ x: c.x, y: c.y });
  await key('l');
  const r0 = await screenOf(10, 80);
  const r1 = await screenOf(50, 80);
  await drag({ x: r0.x, y: r0.y }, { x: r1.x, y: r1.y });
  await key('g');
  for (const [x, y] of [[80, 10], [80, 40], [50, 40]]) {
    const p = await screenOf(x, y);
    await click({ x: p.x, y: p.y });
  }
  const s = await annotations();
  const kinds = s.annotations.map((a) => `${a.kind}:${a.label}`).sort();
  assert.deepEqual(kinds, ['points:landmark', 'polygon:lesion', 'polyline:measurement', 'polyline:measurement']);
  const freehand = s.annotations.find((a) => a.kind === 'polygon');
  assert.ok(freehand.vertices.length >= 8, `freehand kept ${freehand.vertices.length} vertices`);
  const ruler = s.annotations.find((a) => a.kind === 'polyline' && a.vertices.length === 2);
  assert.ok(Math.abs(ruler.vertices[1][0] - ruler.vertices[0][0] - 40) < 0.05, 'a 40-pixel ruler (28 mm)');
  await clearAll();
});

test('brush paints a mask the screen shows; the eraser takes it back; the value-gated brush respects the range', async () => {
  await key('w');
  await page.evaluate(() => window.limn.annotate({ op: 'brush', radius: 6, gated: false, sphere: false }));
  const a = await screenOf(30, 48);
  const b = await screenOf(66, 48);
  // Seen while the button is still down: each dab reaches the screen at once.
  await page.mouse.move(a.x, a.y);
  await frame();
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(a.x + (b.x - a.x) * i / 12, a.y);
    await frame();
  }
  await page.evaluate(() => window.limn.requestPixelProbe([[0, 40, 48]]));
  await page.waitForFunction(() => window.limn.state().pixel_probe.done);
  const during = (await state()).pixel_probe.points[0];
  assert.ok(during.rgba[0] - during.rgba[2] > 40, `red under the stroke while painting: ${during.rgba}`);
  assert.equal((await annotations()).annotations.length, 0, 'no op before the stroke ends');
  await page.mouse.up();
  await frame();
  let s = await annotations();
  assert.equal(s.annotations.length, 1);
  const painted = s.annotations[0];
  assert.equal(painted.kind, 'mask');
  // A 36-pixel stroke of radius 6: about 36*12 + pi*36 pixels.
  assert.ok(painted.area > 400 && painted.area < 650, `area ${painted.area}`);
  // The screen shows the lesion colour (red) blended over the image under the stroke.
  await page.evaluate(() => window.limn.requestPixelProbe([[0, 48, 48], [0, 48, 20]]));
  await page.waitForFunction(() => window.limn.state().pixel_probe.done);
  const [under, outside] = (await state()).pixel_probe.points;
  assert.ok(under.rgba[0] - under.rgba[2] > 40, `red over the mask: ${under.rgba}`);
  assert.ok(Math.abs(outside.rgba[0] - outside.rgba[2]) < 8, `grey elsewhere: ${outside.rgba}`);
  await key('e');
  await drag(await screenOf(30, 48), await screenOf(48, 48), 6);
  s = await annotations();
  assert.ok(s.annotations[0].area < painted.area - 150, `erased to ${s.annotations[0].area}`);
  await clearAll();

  // Gated: paint only 0..120 HU, across the phantom's edges.
  await key('w');
  await page.evaluate(() => window.limn.annotate({ op: 'brush', radius: 20, gated: true, low: 0, high: 120 }));
  await drag(await screenOf(5, 48), await screenOf(90, 48), 10);
  const gated = await annotations();
  assert.equal(gated.annotations.length, 1, gated.message);
  const slice = gated.slice;
  const file = await page.evaluate(() => window.limn.annotationsJson());
  const mask = shapeIn(file, gated.annotations[0].id);
  const raw = path.join(workDir, 'raw');
  execFileSync(limnBin, ['dicom', 'pixels', path.join(seriesDir, `slice_${String(slice).padStart(4, '0')}.dcm`), '--out', raw]);
  const b16 = readFileSync(raw);
  const stored = new Int16Array(b16.buffer, b16.byteOffset, b16.length / 2);
  const bits = maskBits(mask);
  let inRange = 0;
  for (let i = 0; i < bits.length; i++) {
    if (!bits[i]) continue;
    const hu = stored[i] - 1024;
    assert.ok(hu >= 0 && hu <= 120, `pixel ${i} painted at ${hu} HU`);
    inRange++;
  }
  assert.ok(inRange > 50, `painted ${inRange} pixels inside the range`);
  await page.evaluate(() => window.limn.annotate({ op: 'brush', gated: false }));
  await clearAll();
});

test('3D brush paints neighbouring slices; fill between slices interpolates the gap', async () => {
  await key('w');
  await page.evaluate(() => window.limn.annotate({ op: 'brush', radius: 6, sphere: true }));
  await drag(await screenOf(48, 48), await screenOf(49, 48), 2);
  let s = await annotations();
  // Radius 6 px at 0.7 mm = 4.2 mm; slices 2.5 mm apart: this slice and one each side.
  assert.equal(s.annotations.length, 3);
  await page.evaluate(() => window.limn.annotate({ op: 'brush', sphere: false }));
  await key('Control+z');
  assert.equal((await annotations()).annotations.length, 0);

  // Disks on slices 2 and 8 (radius 5 and 11), then Shift+F.
  await page.evaluate(() => window.limn.stepSlice(0, -(1 << 30)));
  await page.evaluate(() => window.limn.stepSlice(0, 2));
  await page.evaluate(() => window.limn.annotate({ op: 'brush', radius: 5 }));
  await page.evaluate(() => window.limn.annotate({ op: 'stroke', points: [[48, 48]] }));
  await page.evaluate(() => window.limn.annotate({ op: 'brush', radius: 11 }));
  await page.evaluate(() => window.limn.stepSlice(0, 6));
  await page.evaluate(() => window.limn.annotate({ op: 'stroke', points: [[48, 48]] }));
  await frame();
  await key('Shift+F');
  s = await annotations();
  const areas = s.annotations.filter((a) => a.kind === 'mask').map((a) => a.area);
  assert.equal(areas.length, 7, `slices 2..8 hold masks: ${areas}`);
  const byImage = new Map(s.annotations.map((a) => [a.image, a.area]));
  assert.equal(byImage.size, 7);
  assert.match(s.message, /filled 5 slice/);
  // The interpolated masks grow from the small disk to the large one.
  const ordered = s.annotations.filter((a) => a.kind === 'mask').map((a) => a.area).sort((x, y) => x - y);
  assert.ok(ordered[0] < 100 && ordered[6] > 350, `${ordered}`);
  // The fill is one step for undo; then the two strokes.
  await key('Control+z');
  assert.equal((await annotations()).annotations.length, 2);
  await key('Control+z');
  await key('Control+z');
  assert.equal((await annotations()).annotations.length, 0);
  await page.evaluate(() => window.limn.annotate({ op: 'brush', radius: 6 }));
});

test('the saved annotation file exports with the native CLI (COCO) and copies to the next slice', async () => {
  await page.evaluate(() => window.limn.stepSlice(0, -(1 << 30)));
  await frame();
  await key('b');
  await drag(await screenOf(10, 10), await screenOf(40, 30));
  await key('n');  // copy to the next slice, which is then shown
  let s = await annotations();
  assert.equal(s.annotations.length, 2);
  assert.equal(s.slice, 1);
  await key('w');
  await drag(await screenOf(50, 50), await screenOf(60, 60));
  const file = await page.evaluate(() => window.limn.annotationsJson());
  assert.equal(file.format, 'limn-annotations');
  assert.equal(file.images.length, 2);
  assert.ok(file.images.every((i) => i.rows === SIZE && i.columns === SIZE && /^slice_\d{4}\.dcm$/.test(i.file)));
  const saved = path.join(workDir, 'annotations.json');
  writeFileSync(saved, JSON.stringify(file));
  const out = path.join(workDir, 'coco');
  execFileSync(limnBin, ['export', '--annotations', saved, '--images', seriesDir, '--format', 'coco', '--out', out]);
  const coco = JSON.parse(readFileSync(path.join(out, 'annotations.json'), 'utf8'));
  assert.equal(coco.annotations.length, 3);
  assert.equal(coco.images.length, 2);
  // The browser's own export (File > Export annotations > COCO) is the same
  // code: the zip holds the same bytes the CLI wrote.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.evaluate(() => window.limn.annotate({ op: 'export', format: 'coco' })),
  ]);
  assert.equal(download.suggestedFilename(), 'annotations-coco.zip');
  const zip = fflate.unzipSync(new Uint8Array(readFileSync(await download.path())));
  assert.deepEqual(Object.keys(zip), ['annotations.json']);
  assert.ok(Buffer.from(zip['annotations.json']).equals(readFileSync(path.join(out, 'annotations.json'))));
  assert.match((await annotations()).message, /exported 3 annotation/);
  // Opening the same file again adds nothing: its ops are already held.
  await page.evaluate((text) => window.limn.annotate({ op: 'load', kind: 'annotations', text }), JSON.stringify(file));
  s = await annotations();
  assert.equal(s.annotations.length, 3);
  assert.equal(s.message, 'annotations opened');
  assert.equal(consoleErrors.length, 0, consoleErrors.join('\n'));
});
