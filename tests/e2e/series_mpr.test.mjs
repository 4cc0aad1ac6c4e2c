// Series, MPR, tiling and photographs end to end: a synthetic CT series
// written by GDCM (`limn dicom synth`) opened as many files in Chromium;
// what the screen shows at chosen pixels is read back and compared with the
// stored values decoded natively (`limn dicom pixels`) through the DICOM
// window formula. Real pydicom series check gap reporting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactsDir, limnBin, openApp, pydicomData, startServer, windowedGrey } from '../lib/harness.mjs';

const SIZE = 64;
const SLICES = 24;
const INTERCEPT = -1024;

let server, browser, page, consoleErrors, seriesDir, workDir;

before(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'limn-e2e-series-'));
  seriesDir = path.join(workDir, 'ct');
  execFileSync(limnBin, ['dicom', 'synth', '--out', seriesDir, '--size', String(SIZE), '--slices', String(SLICES),
    '--spacing', '0.8,0.8,2.0']);
  server = await startServer();
  ({ browser, page, consoleErrors } = await openApp(server));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

const state = () => page.evaluate(() => window.limn.state());
const sliceFile = (z) => path.join(seriesDir, `slice_${String(z).padStart(4, '0')}.dcm`);

// Stored values of slice z, decoded natively (independent of the browser).
const rawSlices = new Map();
function storedSlice(z) {
  if (!rawSlices.has(z)) {
    const out = path.join(workDir, `raw_${z}`);
    execFileSync(limnBin, ['dicom', 'pixels', sliceFile(z), '--out', out]);
    const b = readFileSync(out);
    rawSlices.set(z, new Int16Array(b.buffer, b.byteOffset, b.length / 2));
  }
  return rawSlices.get(z);
}
const storedAt = (x, y, z) => storedSlice(z)[y * SIZE + x];

async function pixelProbe(points) {
  await page.evaluate((p) => window.limn.requestPixelProbe(p), points);
  await page.waitForFunction(() => window.limn.state().pixel_probe.done, null, { timeout: 10000 });
  return (await state()).pixel_probe.points;
}

async function waitForLoad(generationBefore) {
  await page.waitForFunction((g) => {
    const s = window.limn.state();
    return s.load.generation > g && s.load.displayed >= s.load.generation;
  }, generationBefore, { timeout: 30000 });
  return state();
}

// Checks probes against the expected voxel (x, y, z) for each point.
function assertShows(probes, voxelOf, window) {
  for (const p of probes) {
    assert.ok(p.inside, `probe ${JSON.stringify(p)} is on screen`);
    const [x, y, z] = voxelOf(p);
    const stored = storedAt(x, y, z);
    assert.equal(p.stored, stored, `stored value at voxel ${x},${y},${z} (viewport ${p.viewport} ${p.u},${p.v})`);
    const grey = windowedGrey(stored + INTERCEPT, window.center, window.width);
    assert.ok(Math.abs(p.rgba[0] - grey) <= 1, `grey ${p.rgba[0]} vs ${grey} at ${x},${y},${z}`);
  }
}

test('many files of one series open as one volume, sorted along the normal', async () => {
  const files = readdirSync(seriesDir).map((f) => path.join(seriesDir, f));
  files.sort(() => 0.5 - Math.random());  // drop order must not matter
  const before = (await state()).load.generation;
  await page.setInputFiles('#file-input', files);
  const s = await waitForLoad(before);
  assert.equal(s.series.length, 1);
  assert.equal(s.series[0].slices, SLICES);
  assert.equal(s.series[0].regular, true);
  assert.deepEqual(s.series[0].issues, []);
  assert.deepEqual(s.spacing.map((v) => Math.round(v * 100) / 100), [0.8, 0.8, 2]);
  assert.equal(s.mpr_unavailable, '');
  assert.equal(s.frame, SLICES / 2, 'a volume opens at its middle slice');
  assert.equal(s.load.failed, 0);
});

test('axial pixels on screen are the stored values, windowed on the GPU at full precision', async () => {
  await page.evaluate(() => window.limn.setWindow(40, 400));
  const z = (await state()).frame;
  const points = [];
  for (const u of [0, 9, 31, 50, 63]) for (const v of [0, 17, 32, 63]) points.push([0, u, v]);
  assertShows(await pixelProbe(points), (p) => [p.u, p.v, z], { center: 40, width: 400 });
  // A window two levels wide separates neighbouring 16-bit values: nothing
  // was quantised to 8 bits before windowing.
  const hu = storedAt(20, 20, z) + INTERCEPT;
  await page.evaluate((c) => window.limn.setWindow(c, 2), hu);
  const probes = await pixelProbe([[0, 20, 20], [0, 21, 20], [0, 22, 20], [0, 23, 20]]);
  assertShows(probes, (p) => [p.u, p.v, z], { center: hu, width: 2 });
  assert.equal(probes[0].rgba[0], 255);
});

test('scrolling shows the next slice', async () => {
  await page.evaluate(() => window.limn.setWindow(40, 400));
  const z0 = (await state()).frame;
  await page.evaluate(() => window.limn.stepSlice(0, 3));
  await page.waitForFunction((z) => window.limn.state().frame === z + 3, z0);
  assertShows(await pixelProbe([[0, 30, 30], [0, 45, 40]]), (p) => [p.u, p.v, z0 + 3], { center: 40, width: 400 });
});

test('MPR: coronal and sagittal planes come from the right voxels, head at the top, crosshair linked', async () => {
  await page.evaluate(() => window.limn.setLayout(true));
  await page.waitForFunction(() => {
    const s = window.limn.state();
    return s.layout === 'mpr' && s.viewports.length === 3 && s.viewports.every((v) => v.ready);
  });
  let s = await state();
  assert.deepEqual(s.viewports.map((v) => v.plane), ['Axial', 'Coronal', 'Sagittal']);
  // Edge letters (left, right, top, bottom) as radiologists read them.
  assert.deepEqual(s.viewports.map((v) => v.edges), [['R', 'L', 'A', 'P'], ['R', 'L', 'S', 'I'], ['A', 'P', 'S', 'I']]);
  assert.deepEqual([s.viewports[1].width, s.viewports[1].height], [SIZE, SLICES]);
  const [cx, cy] = s.crosshair;
  const top = SLICES - 1;  // slices ascend along +z (towards the head): the last is drawn on top
  const points = [];
  for (const [u, v] of [[0, 0], [10, 3], [33, 12], [63, 23]]) points.push([1, u, v], [2, u, v]);
  assertShows(await pixelProbe(points),
    (p) => (p.viewport === 1 ? [p.u, cy, top - p.v] : [cx, p.u, top - p.v]), { center: 40, width: 400 });
  // Scrolling the coronal view moves the crosshair's row, which the axial view shows.
  await page.evaluate(() => window.limn.stepSlice(1, -5));
  s = await state();
  assert.equal(s.crosshair[1], cy - 5);
  assert.equal(s.viewports[1].index, cy - 5);
  assertShows(await pixelProbe([[1, 12, 4]]), () => [12, cy - 5, top - 4], { center: 40, width: 400 });
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, 'e2e-mpr.png') });
  await page.evaluate(() => window.limn.setLayout(false));
});

test('an image split into tiles shows exactly the same pixels', async () => {
  await page.evaluate(() => window.limn.setTileLimit(16));
  await page.waitForFunction(() => window.limn.state().texture.tiles === 16 && window.limn.state().texture.ready);
  const z = (await state()).frame;
  const points = [];
  for (const u of [0, 15, 16, 31, 32, 47, 48, 63]) for (const v of [15, 16, 47, 48]) points.push([0, u, v]);
  assertShows(await pixelProbe(points), (p) => [p.u, p.v, z], { center: 40, width: 400 });
  await page.evaluate(() => window.limn.setTileLimit(0));
  await page.waitForFunction(() => window.limn.state().texture.tiles === 1);
});

test('a real series with missing slices is reported, and MPR is refused rather than guessed', async () => {
  const dir = path.join(pydicomData, 'test_files/dicomdirtests/77654033/CT2');
  const before = (await state()).load.generation;
  await page.setInputFiles('#file-input', readdirSync(dir).map((f) => path.join(dir, f)));
  const s = await waitForLoad(before);
  assert.equal(s.series.length, 1);
  assert.equal(s.series[0].regular, false);
  assert.match(s.series[0].issues.join(' '), /161 slice\(s\) missing/);
  assert.match(s.mpr_unavailable, /missing/);
  await page.evaluate(() => window.limn.setLayout(true));
  assert.equal((await state()).layout, 'single');
});

test('unreadable files in a folder are listed, the rest still opens', async () => {
  const files = [sliceFile(0), sliceFile(1), sliceFile(2)].map((f) => ({ name: path.basename(f), mimeType: 'application/dicom', buffer: readFileSync(f) }));
  files.push({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
  const before = (await state()).load.generation;
  await page.setInputFiles('#file-input', files);
  const s = await waitForLoad(before);
  assert.equal(s.series[0].slices, 3);
  assert.equal(s.failures.length, 1);
  assert.match(s.failures[0], /^notes\.txt: not a DICOM file/);
});

// Photographs are drawn in the page, encoded by the browser, and opened like files.
async function openPhoto(type, width, height) {
  return page.evaluate(async ({ type, width, height }) => {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = 'rgb(200, 40, 30)';
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = 'rgb(20, 90, 220)';
    ctx.fillRect(width / 2, height / 2, width / 2, height / 2);
    const blob = await canvas.convertToBlob({ type, quality: 0.95 });
    const name = type === 'image/png' ? 'lesion.png' : 'fundus.jpg';
    return window.limn.openFiles([new File([blob], name, { type })]);
  }, { type, width, height });
}

test('PNG and JPEG photographs open with their colours', async () => {
  const opened = await openPhoto('image/png', 300, 200);
  assert.equal(opened.ok, true);
  let s = await state();
  assert.equal(s.modality, 'XC');
  assert.equal(s.name, 'lesion.png');
  assert.deepEqual([s.columns, s.rows], [300, 200]);
  let p = await pixelProbe([[0, 10, 10], [0, 290, 190]]);
  assert.deepEqual(p[0].rgba, [200, 40, 30, 255]);
  assert.deepEqual(p[1].rgba, [20, 90, 220, 255]);
  await openPhoto('image/jpeg', 320, 240);
  s = await state();
  assert.equal(s.name, 'fundus.jpg');
  p = await pixelProbe([[0, 20, 20], [0, 300, 220]]);
  const near = (a, b) => a.slice(0, 3).every((v, i) => Math.abs(v - b[i]) <= 8);
  assert.ok(near(p[0].rgba, [200, 40, 30]), `JPEG colour ${p[0].rgba}`);
  assert.ok(near(p[1].rgba, [20, 90, 220]), `JPEG colour ${p[1].rgba}`);
});

test('an 8K image (7680x4320) is shown, tiled when the GPU asks for it', async () => {
  await page.evaluate(() => window.limn.setTileLimit(4096));
  const opened = await openPhoto('image/png', 7680, 4320);
  assert.equal(opened.ok, true);
  const s = await state();
  assert.deepEqual([s.columns, s.rows], [7680, 4320]);
  assert.equal(s.texture.tiles, 4);
  const p = await pixelProbe([[0, 100, 100], [0, 4095, 2000], [0, 4096, 2100], [0, 7679, 4319]]);
  assert.deepEqual(p.map((x) => x.inside), [true, true, true, true]);
  assert.deepEqual(p[0].rgba, [200, 40, 30, 255]);
  assert.deepEqual(p[1].rgba, [200, 40, 30, 255]);
  assert.deepEqual(p[2].rgba, [200, 40, 30, 255]);
  assert.deepEqual(p[3].rgba, [20, 90, 220, 255]);
  await page.evaluate(() => window.limn.setTileLimit(0));
});

// A real-world folder: every file pydicom ships (many vendors and transfer
// syntaxes, charsets, deliberately broken files, non-images) in one drop.
test('the whole pydicom corpus opens in one load: images shown, the rest explained, nothing hangs', async () => {
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.py[c]?$/.test(e.name) ? [] : [path.join(dir, e.name)]));
  const files = [...walk(path.join(pydicomData, 'test_files')), ...walk(path.join(pydicomData, 'charset_files'))];
  const before = (await state()).load.generation;
  await page.setInputFiles('#file-input', files);
  const s = await waitForLoad(before);
  const images = files.filter((f) => path.basename(f) !== 'DICOMDIR');  // an index, skipped by design
  assert.equal(s.load.received, images.length, 'every file was answered');
  assert.ok(s.series.length >= 60, `many series and images, got ${s.series.length}`);
  assert.ok(s.failures.length >= 5, `broken files are listed, got ${s.failures.length}`);
  assert.ok(s.non_images.length >= 10, `reports and plans are listed as such, got ${s.non_images.length}`);
  for (const f of [...s.failures, ...s.non_images]) assert.match(f, /^[^:]+: \S/, 'each names the file and a reason');
  for (const f of s.non_images) assert.match(f, /has no image \((SOP class [0-9.]+|no SOP class UID)\)$/);
  assert.match(s.error, new RegExp(`^${s.failures.length} files of ${images.length} could not be opened`));
  assert.equal(s.texture.ready, true);
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, 'e2e-pydicom-corpus.png') });
});

test('a load started while another is decoding replaces it: nothing of the first mixes in', async () => {
  // A first drop that takes seconds to decode (pydicom's whole corpus).
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.py[c]?$/.test(e.name) ? [] : [path.join(dir, e.name)]));
  const corpus = walk(path.join(pydicomData, 'test_files'));
  const single = path.join(pydicomData, 'test_files', 'CT_small.dcm');
  for (let round = 0; round < 2; round++) {
    const before = (await state()).load.generation;
    // The second drop lands while the first one's files are still decoding.
    await page.setInputFiles('#file-input', corpus);
    await page.waitForFunction(() => window.limn.state().load.received > 0, null, { polling: 5 });
    await page.setInputFiles('#file-input', single);
    await waitForLoad(before);
    await page.waitForFunction(() => window.limn.state().load.received >= window.limn.state().load.expected, null, { timeout: 30000 });
    const s = await state();
    assert.equal(s.series.length, 1, `round ${round}: ${JSON.stringify(s.series)}`);
    assert.equal(s.series[0].slices, 1);
    assert.equal(s.rows, 128, 'the image shown is the second drop\'s');
  }
});

test('no console errors during the session', () => {
  assert.deepEqual(consoleErrors, []);
});
