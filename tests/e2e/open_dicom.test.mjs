// The browser app end to end: real limn-server over TLS, headless Chromium
// (Debian's), a real DICOM file opened through the file picker and by drag
// and drop, and the pixels on the canvas read back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { artifactsDir, openApp, pydicomData, repoRoot, startServer } from '../lib/harness.mjs';
import { uiInput } from '../lib/ui_input.mjs';

const testFiles = path.join(pydicomData, 'test_files');
const ourFiles = path.join(repoRoot, 'tests/client/core/dicom/data');

let server, browser, page, consoleErrors;

// A decoder fault (a WebAssembly trap, as GDCM faulting on a damaged file
// would raise) on demand: the decode worker as served, with its decoder
// made to trap on files that start with this marker. The page's pool is
// what is tested, so nothing of this is in the app.
const kTrapMarker = 'LIMN-TEST-TRAP';
const trappingWorker = `
const limnDecodeDicom = decodeDicom;
decodeDicom = (bytes) => {
  if (new TextDecoder().decode(bytes.subarray(0, ${kTrapMarker.length})) === '${kTrapMarker}')
    throw new WebAssembly.RuntimeError('unreachable executed');
  return limnDecodeDicom(bytes);
};
`;

before(async () => {
  server = await startServer();
  ({ browser, page, consoleErrors } = await openApp(server, {
    watch: (p) => p.route('**/workers/decode-worker.js', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()) + trappingWorker });
    }),
  }));
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
  // Loaded, and the frame that shows it drawn (the texture goes up in that frame).
  await page.waitForFunction(() => {
    const s = window.limn.state();
    return s.loaded && s.load.displayed >= s.load.generation;
  }, null, { timeout: 15000 });
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

// SC_rgb_small_odd_jpeg.dcm with an 11-byte run doubled where its pixel
// data items start (found by tests/client/core/dicom/test_dicom_mutations.cpp):
// GDCM's recovery for a damaged item tag faulted on it (a trap in the
// worker) until script/patches/gdcm/fragment-recovery-bounds.patch.
function damagedFragmentsFile() {
  const original = readFileSync(path.join(testFiles, 'SC_rgb_small_odd_jpeg.dcm'));
  return Buffer.concat([original.subarray(0, 1708), Buffer.from('fffeff00e0040000000000', 'hex'), original.subarray(1708)]);
}

test('a file whose pixel data items are damaged is refused with a reason, and the worker goes on', async () => {
  const results = await page.evaluate(async ({ damaged, good }) => {
    const pool = window.limn.workers;
    const jobs = [pool.decode(new Uint8Array(damaged).buffer)];
    for (let i = 0; i < 2 * pool.size; i++) jobs.push(pool.decode(new Uint8Array(good).buffer));
    return (await Promise.all(jobs)).map((r) => ({ kind: r.kind, error: r.error?.message || '' }));
  }, { damaged: [...damagedFragmentsFile()], good: [...readFileSync(path.join(testFiles, 'CT_small.dcm'))] });
  assert.equal(results[0].kind, 'error');
  assert.equal(results[0].error, 'DICOM data set is truncated or malformed');
  assert.deepEqual(results.slice(1).map((r) => r.kind), Array(results.length - 1).fill('dicom'));
});

test('a file that makes the decoder fault costs only itself: its worker is replaced, the files behind it open', async () => {
  const results = await page.evaluate(async ({ faulting, good }) => {
    const pool = window.limn.workers;
    const jobs = [pool.decode(new TextEncoder().encode(faulting).buffer)];
    // Enough files that some wait behind the faulting one in its worker.
    for (let i = 0; i < 4 * pool.size; i++) jobs.push(pool.decode(new Uint8Array(good).buffer));
    const first = await Promise.all(jobs);
    const after = await pool.decode(new Uint8Array(good).buffer);
    return { first: first.map((r) => ({ kind: r.kind, error: r.error?.message || '' })), after: after.kind };
  }, { faulting: `${kTrapMarker} and then anything`, good: [...readFileSync(path.join(testFiles, 'CT_small.dcm'))] });
  assert.equal(results.first[0].kind, 'error');
  assert.match(results.first[0].error, /^the decoder failed on this file \(unreachable executed\)/);
  assert.deepEqual(results.first.slice(1).map((r) => r.kind), Array(results.first.length - 1).fill('dicom'));
  assert.equal(results.after, 'dicom');
  await page.waitForFunction(() => window.limn.workers.readyCount() === window.limn.workers.size, null, { timeout: 15000 });
});

test('a worker that stops answering is ended and replaced; its file fails with a reason', async () => {
  const result = await page.evaluate(async (good) => {
    const pool = window.limn.workers;
    const saved = [pool.stallBaseMs, pool.stallCheckMs];
    [pool.stallBaseMs, pool.stallCheckMs] = [0, 10];  // Argon2id in the worker now counts as stuck
    await new Promise((resolve) => setTimeout(resolve, 1100));  // the watch already set takes the new period
    const stuck = await pool.passwordKeys('a password', '', 'someone');
    [pool.stallBaseMs, pool.stallCheckMs] = saved;
    const after = await pool.decode(new Uint8Array(good).buffer);
    return { stuck, after: after.kind };
  }, [...readFileSync(path.join(testFiles, 'CT_small.dcm'))]);
  assert.equal(result.stuck.kind, 'error');
  assert.match(result.stuck.error.message, /did not finish within 0 s/);
  assert.equal(result.after, 'dicom');
  await page.waitForFunction(() => window.limn.workers.readyCount() === window.limn.workers.size, null, { timeout: 15000 });
});

// tests/client/core/dicom/data/make_voi_files.py: 2x4 stored values whose
// modality values (stored + 10) are 10, 109, 110, 111, 160, 365, 366, 4105;
// tables NORMAL (from 110, entry i = 257 i of 65535) and HARD (from 100,
// entry i = 255 - 16 i of 255), then the window FULL (2058/4096).
test("a file's VOI LUT tables and windows are its views, shown on the GPU; R steps through them", async () => {
  const before = (await state()).load.generation;
  await page.setInputFiles('#file-input', path.join(ourFiles, 'voi_tables.dcm'));
  await page.waitForFunction((g) => {
    const s = window.limn.state();
    return s.load.generation > g && s.load.displayed >= s.load.generation && s.texture.ready;
  }, before, { timeout: 15000 });
  const shown = async () => {
    const points = [];
    for (let i = 0; i < 8; i++) points.push([0, i % 4, Math.floor(i / 4)]);
    await page.evaluate((p) => window.limn.requestPixelProbe(p), points);
    await page.waitForFunction(() => window.limn.state().pixel_probe.done, null, { timeout: 10000 });
    return (await state()).pixel_probe.points;
  };
  const modality = [10, 109, 110, 111, 160, 365, 366, 4105];
  const normal = (x) => Math.min(255, Math.max(0, x - 110)) * 257 / 65535;
  const hard = (x) => (255 - 16 * Math.min(15, Math.max(0, x - 100))) / 255;
  const full = (x) => Math.min(1, Math.max(0, (x - (2058 - 0.5)) / 4095 + 0.5));
  const views = [['NORMAL', 3, normal], ['HARD', 3, hard], ['FULL', 0, full]];
  const input = uiInput(page);
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (const [label, fn, level] of [...views, views[0]]) {
    const s = await state();
    assert.equal(s.view.window_label, label);
    assert.equal(s.view.window_function, fn);
    const probes = await shown();
    probes.forEach((p, i) => {
      assert.equal(p.modality, modality[i], `modality value at ${p.u},${p.v}`);
      const grey = Math.round(level(modality[i]) * 255);
      assert.ok(Math.abs(p.rgba[0] - grey) <= 1, `${label}: grey ${p.rgba[0]} vs ${grey} at ${p.u},${p.v}`);
    });
    await input.key('r');  // the next of the file's views, back to the first after the last
  }
  assert.equal((await state()).view.window_label, 'HARD');
  // A drag leaves the table for the linear window over its ramp.
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await input.drag(centre, { x: centre.x + 40, y: centre.y }, 4, 'right');
  const dragged = (await state()).view;
  assert.equal(dragged.window_function, 0);
  assert.equal(dragged.window_label, '');
});

// make_voi_files.py: 2x4 values 0 100 200 300 400 500 600 1000, no rescale;
// each VOI function has a window program of its own on the GPU.
test('SIGMOID and LINEAR_EXACT windows, and MONOCHROME1, are drawn as DICOM defines them', async () => {
  const values = [0, 100, 200, 300, 400, 500, 600, 1000];
  const cases = [
    ['voi_sigmoid.dcm', 2, (x) => 1 / (1 + Math.exp(-4 * (x - 400) / 400))],
    ['voi_linear_exact_mono1.dcm', 1, (x) => 1 - Math.min(1, Math.max(0, (x - 500) / 1000 + 0.5))],
  ];
  for (const [file, fn, level] of cases) {
    const before = (await state()).load.generation;
    await page.setInputFiles('#file-input', path.join(ourFiles, file));
    await page.waitForFunction((g) => {
      const s = window.limn.state();
      return s.load.generation > g && s.load.displayed >= s.load.generation && s.texture.ready;
    }, before, { timeout: 15000 });
    assert.equal((await state()).view.window_function, fn, file);
    const points = values.map((_, i) => [0, i % 4, Math.floor(i / 4)]);
    await page.evaluate((p) => window.limn.requestPixelProbe(p), points);
    await page.waitForFunction(() => window.limn.state().pixel_probe.done, null, { timeout: 10000 });
    (await state()).pixel_probe.points.forEach((p, i) => {
      assert.equal(p.modality, values[i], `${file}: value at ${p.u},${p.v}`);
      const grey = Math.round(level(values[i]) * 255);
      assert.ok(Math.abs(p.rgba[0] - grey) <= 1, `${file}: grey ${p.rgba[0]} vs ${grey} at ${p.u},${p.v}`);
    });
  }
});

test('no console errors during the session', () => {
  assert.deepEqual(consoleErrors, []);
});
