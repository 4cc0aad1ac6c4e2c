// AI assistance end to end in Chromium: the bundled demo models run in the
// page's worker (ONNX Runtime Web) on a synthetic CT series with known
// lesions (script/models/demo_ct.py). Pre-annotation proposes the lesions
// as model annotations that count only once confirmed; click-to-segment
// turns a click into a lesion's mask; the classical tools (region growing,
// level tracing, grow-cut) work from real mouse input. Dice against the
// known lesions, and the latency figures, are printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { maskBits, openApp, startServer } from '../lib/harness.mjs';
import { compareWithPyTorch, modelFixture } from '../lib/model_fixtures.mjs';
import { uiInput } from '../lib/ui_input.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let server, browser, page, consoleErrors, workDir, truth;
const requestedModels = [];
let frame, key, click, drag;

before(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'limn-e2e-ai-'));
  const ct = path.join(workDir, 'ct');
  execFileSync('/usr/bin/python3', [path.join(root, 'script/models/demo_ct.py'), '--out', ct, '--slices', '3']);
  truth = JSON.parse(readFileSync(path.join(ct, 'truth.json'), 'utf8'));
  server = await startServer();
  ({ browser, page, consoleErrors } = await openApp(server, { width: 1280, height: 900,
    watch: (p) => p.on('request', (r) => { if (/models\/|vendor\/ort\//.test(r.url())) requestedModels.push(r.url()); }) }));
  ({ frame, key, click, drag } = uiInput(page));
  await page.setInputFiles('#file-input', readdirSync(ct).filter((f) => f.endsWith('.dcm')).sort().map((f) => path.join(ct, f)));
  await page.waitForFunction(() => {
    const s = window.limn.state();
    return s.loaded && s.load.displayed >= s.load.generation && s.viewports?.[0]?.ready;
  }, null, { timeout: 60000 });
  // Nothing of the models is fetched until first use: here, taking the click-to-segment tool.
  assert.equal(requestedModels.length, 0, `fetched before use: ${requestedModels}`);
  await key('o');
  await key('v');
  await page.waitForFunction(() => {
    const ai = window.limn.state().ai;
    return ai.models.length >= 2 && ai.models.every((m) => m.ready || m.error);
  }, null, { timeout: 180000 });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

const state = () => page.evaluate(() => window.limn.state());
const annotate = (command) => page.evaluate((c) => window.limn.annotate(c), command);

const lesionBits = (lesion, size) => {
  const bits = new Uint8Array(size * size);
  for (const [y, x0, x1] of lesion.runs) bits.fill(1, y * size + x0, y * size + x1);
  return bits;
};
const dice = (a, b) => {
  let inter = 0, total = 0;
  for (let i = 0; i < a.length; i++) {
    inter += a[i] & b[i];
    total += a[i] + b[i];
  }
  return total ? 2 * inter / total : 1;
};
// Every annotation of the document with its current shape (from the ops).
async function shapes() {
  const file = await page.evaluate(() => window.limn.annotationsJson());
  const out = new Map();
  for (const op of file.ops) {
    if (op.kind === 'create') out.set(op.annotation.id, { ...op.annotation });
    if (op.kind === 'edit_geometry' && out.has(op.annotation)) out.get(op.annotation).shape = op.shape;
    if (op.kind === 'delete') out.delete(op.annotation);
  }
  return out;
}
async function screenOf(x, y) {
  const sc = (await state()).viewports[0].screen;
  return { x: sc.x0 + x * sc.sx, y: sc.y0 + y * sc.sy };
}
const shownSlice = async () => (await state()).annotations.slice;
async function showSlice(index) {
  await page.evaluate((i) => { window.limn.stepSlice(0, -(1 << 30)); window.limn.stepSlice(0, i); }, index);
  await frame();
  assert.equal(await shownSlice(), index);
}
async function clearAll() {
  await key('v');
  await key('Control+a');
  await key('Delete');
}

test('the worker loads both demo models and says what it runs on', async () => {
  const s = await state();
  for (const m of s.ai.models) assert.equal(m.ready, true, `${m.name}: ${m.error}`);
  assert.deepEqual(s.ai.models.map((m) => m.task).sort(), ['interactive-segmentation', 'segmentation']);
  const isolated = await page.evaluate(() => self.crossOriginIsolated);
  assert.equal(isolated, true, 'COOP/COEP make the page cross-origin isolated (threads)');
  // Headless Chromium here has no WebGPU adapter: WebAssembly with threads.
  assert.match(s.ai.backend, /^(webgpu|wasm, \d+ threads?)$/);
  if (s.ai.backend.startsWith('wasm')) assert.ok(Number(s.ai.backend.match(/\d+/)[0]) >= Math.min(2, os.cpus().length));
  assert.deepEqual(consoleErrors, []);
});

test('in Chromium both models give PyTorch\'s outputs on the training script\'s fixed inputs', async () => {
  for (const name of ['lesion-seg', 'lesion-click']) {
    const { dims, input, reference } = modelFixture(name);
    const { output } = await page.evaluate(({ name, data, dims }) =>
      window.limn.ai.bench(name, new Float32Array(data), dims, 1), { name, data: [...input], dims });
    const { worst } = compareWithPyTorch(output.data, reference);
    console.log(`${name} in Chromium: max |ORT Web - PyTorch| = ${worst.toExponential(2)}`);
    assert.ok(worst < 1e-3, `${name}: ${worst}`);
  }
});

test('a local model whose file does not match its card\'s SHA-256 is refused, the others stay ready', async () => {
  await page.evaluate(async () => {
    const card = await (await fetch('models/lesion-seg.json')).json();
    const onnx = await (await fetch('models/' + card.file)).arrayBuffer();
    card.name = 'tampered-seg';
    const bytes = new Uint8Array(onnx);
    bytes[bytes.length >> 1] ^= 1;
    await window.limn.ai.openLocal(new File([JSON.stringify(card)], 'tampered-seg.json'), new File([bytes], card.file));
  });
  await page.waitForFunction(() => window.limn.state().ai.models.find((m) => m.name === 'tampered-seg')?.error, null, { timeout: 60000 });
  const s = await state();
  const tampered = s.ai.models.find((m) => m.name === 'tampered-seg');
  assert.equal(tampered.ready, false);
  assert.match(tampered.error, /SHA-256 .* its card says/);
  for (const m of s.ai.models.filter((m) => m.name !== 'tampered-seg')) assert.equal(m.ready, true, m.name);
  // Picked, it was chosen for its kind; failing to load, it gives way.
  assert.equal(tampered.selected, false);
  assert.equal(s.ai.models.find((m) => m.name === 'lesion-seg').selected, true);
});

test('a model picked from this computer runs for its kind under its own version; the site\'s can be chosen again', async () => {
  await page.evaluate(async () => {
    const card = await (await fetch('models/lesion-seg.json')).json();
    const onnx = await (await fetch('models/' + card.file)).arrayBuffer();
    card.version = '1.0.0-local';
    await window.limn.ai.openLocal(new File([JSON.stringify(card)], 'local-seg.json'), new File([onnx], card.file));
  });
  await page.waitForFunction(() => window.limn.state().ai.models.find((m) => m.key === 'lesion-seg@1.0.0-local')?.ready,
    null, { timeout: 60000 });
  let s = await state();
  const served = s.ai.models.find((m) => m.name === 'lesion-seg' && !m.local);
  assert.equal(served.ready, true, 'the site\'s model stays loaded beside the local one');
  assert.deepEqual(s.ai.models.filter((m) => m.selected && m.task === 'segmentation').map((m) => m.key),
    ['lesion-seg@1.0.0-local']);
  await showSlice(2);
  await annotate({ op: 'preannotate', all: false });
  await page.waitForFunction(() => window.limn.state().ai.queue.done === 1 && !window.limn.state().ai.busy, null, { timeout: 60000 });
  s = await state();
  const sources = new Set(s.annotations.annotations.filter((a) => a.status === 'proposed').map((a) => a.source));
  assert.deepEqual([...sources], ['model:lesion-seg@1.0.0-local']);
  await clearAll();
  await annotate({ op: 'ai_select', key: served.key });
  s = await state();
  assert.deepEqual(s.ai.models.filter((m) => m.selected && m.task === 'segmentation').map((m) => m.key), [served.key]);
});

test('pre-annotating the shown slice proposes its lesions: model source, confidence, not yet counted', async () => {
  await showSlice(2);
  const before = Date.now();
  await annotate({ op: 'preannotate', all: false });
  await page.waitForFunction(() => window.limn.state().ai.queue.done === 1 && !window.limn.state().ai.busy, null, { timeout: 60000 });
  const s = await state();
  console.log(`pre-annotation of one 512x512 slice: ${s.ai.round_trip_ms.toFixed(0)} ms round trip (model ${s.ai.run_ms.toFixed(0)} ms), ${Date.now() - before} ms seen by the test`);
  const proposals = s.annotations.annotations.filter((a) => a.source.startsWith('model:lesion-seg@'));
  assert.ok(proposals.length >= 1);
  for (const p of proposals) {
    assert.equal(p.status, 'proposed');
    assert.equal(p.kind, 'mask');
    assert.ok(p.confidence > 0.5 && p.confidence <= 1, `confidence ${p.confidence}`);
  }
  const all = await shapes();
  const t = truth.files[2];
  for (const lesion of t.lesions) {
    const want = lesionBits(lesion, truth.size);
    const best = Math.max(...proposals.map((p) => dice(maskBits(all.get(p.id).shape), want)));
    console.log(`lesion of ${lesion.area} px (contrast ${lesion.contrast_hu} HU): Dice ${best.toFixed(3)}`);
    assert.ok(best >= 0.7, `Dice ${best} for a lesion of ${lesion.area} px`);
  }
  // Confirmed, they count; confirming changes the status only.
  await annotate({ op: 'confirm', slice: true });
  const after = (await state()).annotations.annotations.filter((a) => a.source.startsWith('model:lesion-seg@'));
  assert.equal(after.length, proposals.length);
  for (const a of after) assert.equal(a.status, 'draft');
  // Run again on the same slice: its results are there already, nothing doubles.
  await annotate({ op: 'preannotate', all: false });
  const again = await state();
  assert.match(again.ai.message, /already has lesion-seg@/);
  assert.equal(again.annotations.annotations.filter((a) => a.source.startsWith('model:lesion-seg@')).length, proposals.length);
  await clearAll();
});

test('pre-annotating every open image shows progress; cancel stops the queue and keeps what was made', async () => {
  await annotate({ op: 'preannotate', all: true });
  const seen = new Set();
  await page.waitForFunction(() => window.limn.state().ai.queue.done >= 3, null, { timeout: 120000, polling: 50 })
    .then(() => null);
  const s = await state();
  seen.add(s.ai.queue.done);
  assert.equal(s.ai.queue.total, 3);
  assert.equal(s.ai.queue.cancelled, false);
  const images = new Set(s.annotations.annotations.filter((a) => a.status === 'proposed').map((a) => a.image));
  assert.equal(images.size, 3, 'proposals on every slice');
  assert.equal(s.ai.queue.proposals, s.annotations.annotations.filter((a) => a.status === 'proposed').length);
  // Again: every image holds the model's results already, none runs twice.
  await annotate({ op: 'preannotate', all: true });
  assert.match((await state()).ai.message, /every open image already has lesion-seg@/);
  for (let i = 0; i < 3; i++) {
    await showSlice(i);
    await clearAll();
  }
  assert.equal((await state()).annotations.annotations.length, 0);
  await annotate({ op: 'preannotate', all: true });
  await annotate({ op: 'ai_cancel' });
  await page.waitForFunction(() => !window.limn.state().ai.busy, null, { timeout: 30000 });
  const c = await state();
  assert.equal(c.ai.queue.cancelled, true);
  assert.ok(c.ai.queue.done < 3, `done ${c.ai.queue.done}`);
  await clearAll();
});

test('click-to-segment: a click inside a lesion previews its mask, Enter makes it an annotation', async () => {
  await key('o');
  assert.equal((await state()).annotations.tool, 'AI click-to-segment');
  // Every lesion that stands out from its surroundings (the faint ones of
  // 15-40 HU hide in the noise): soft-tissue lesions and lung nodules.
  const lesions = truth.files.flatMap((f, slice) => f.lesions.map((l) => ({ ...l, slice })))
    .filter((l) => Math.abs(l.contrast_hu) >= 50);
  assert.ok(lesions.length >= 3);
  const times = [];
  for (const lesion of lesions) {
    await showSlice(lesion.slice);
    await key('o');  // clearAll left the select tool in hand
    let runs = await page.evaluate(() => window.limn.ai.runs);
    await click(await screenOf(...lesion.centroid));
    await page.waitForFunction((n) => window.limn.ai.runs > n && !window.limn.state().ai.busy, runs, { timeout: 30000 });
    times.push((await state()).ai.round_trip_ms);
    assert.ok((await state()).ai.preview_area > 0, 'a preview');
    // A second positive click refines it (one refinement step).
    runs = await page.evaluate(() => window.limn.ai.runs);
    await click(await screenOf(lesion.centroid[0] + 1, lesion.centroid[1] + 1));
    await page.waitForFunction((n) => window.limn.ai.runs > n && !window.limn.state().ai.busy, runs, { timeout: 30000 });
    times.push((await state()).ai.round_trip_ms);
    await key('Enter');
    const made = (await state()).annotations.annotations.filter((a) => a.source.startsWith('model:lesion-click@'));
    assert.equal(made.length, 1);
    assert.equal(made[0].status, 'draft', 'a person prompted and accepted it');
    const d = dice(maskBits((await shapes()).get(made[0].id).shape), lesionBits(lesion, truth.size));
    console.log(`click-to-segment: lesion of ${lesion.area} px, ${lesion.contrast_hu} HU: Dice ${d.toFixed(3)}`);
    assert.ok(d >= 0.7, `Dice ${d} for a lesion of ${lesion.area} px`);
    assert.equal((await state()).ai.preview_area, 0, 'the prompt is cleared after accepting');
    await clearAll();
  }
  console.log(`click-to-segment, prompt to preview: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  await key('Escape');
});

test('click-to-segment: a box dragged around a lesion prompts it; a negative click on a neighbour keeps it out', async () => {
  const t = truth.files[1];
  const lesion = t.lesions.filter((l) => l.area > 300)
    .reduce((a, b) => (Math.abs(a.contrast_hu) >= Math.abs(b.contrast_hu) ? a : b));
  const neighbour = t.lesions.filter((l) => l !== lesion && l.area > 300)[0];
  await showSlice(1);
  await key('o');
  const want = lesionBits(lesion, truth.size);
  const bounds = (l) => {
    let x0 = truth.size, y0 = truth.size, x1 = 0, y1 = 0;
    for (const [y, a, b] of l.runs) x0 = Math.min(x0, a), x1 = Math.max(x1, b), y0 = Math.min(y0, y), y1 = Math.max(y1, y + 1);
    return { x0, y0, x1, y1 };
  };
  const prompted = async (act) => {
    const runs = await page.evaluate(() => window.limn.ai.runs);
    await act();
    await page.waitForFunction((n) => window.limn.ai.runs > n && !window.limn.state().ai.busy, runs, { timeout: 30000 });
    return (await state()).ai.preview_area;
  };
  const b = bounds(lesion);
  const boxed = await prompted(async () => drag(await screenOf(b.x0 - 2, b.y0 - 2), await screenOf(b.x1 + 2, b.y1 + 2)));
  assert.ok(boxed > 0.5 * lesion.area && boxed < 2 * lesion.area, `preview ${boxed} px for a lesion of ${lesion.area}`);
  await key('Escape');
  // A box around both lesions, then Shift+click on the neighbour ("not this").
  const n = bounds(neighbour);
  const both = { x0: Math.min(b.x0, n.x0), y0: Math.min(b.y0, n.y0), x1: Math.max(b.x1, n.x1), y1: Math.max(b.y1, n.y1) };
  const wide = await prompted(async () => drag(await screenOf(both.x0 - 2, both.y0 - 2), await screenOf(both.x1 + 2, both.y1 + 2)));
  await page.keyboard.down('Shift');
  const kept = await prompted(async () => click(await screenOf(...neighbour.centroid)));
  await page.keyboard.up('Shift');
  console.log(`box prompt: ${boxed} px (lesion ${lesion.area} px); box around both: ${wide} px; negative click on the neighbour: ${kept} px`);
  assert.ok(wide > boxed + 0.3 * neighbour.area, `the box around both takes in the neighbour (${wide} px)`);
  assert.ok(Math.abs(kept - lesion.area) < 0.3 * lesion.area, `after the negative click ${kept} px, the lesion is ${lesion.area} px`);
  await key('Escape');
  assert.equal((await state()).annotations.annotations.length, 0, 'nothing is made until Enter');
  // The first box again, accepted: its Dice against the lesion.
  await prompted(async () => drag(await screenOf(b.x0 - 2, b.y0 - 2), await screenOf(b.x1 + 2, b.y1 + 2)));
  await key('Enter');
  const made = (await state()).annotations.annotations;
  assert.equal(made.length, 1);
  const d = dice(maskBits((await shapes()).get(made[0].id).shape), want);
  console.log(`box prompt Dice ${d.toFixed(3)}`);
  assert.ok(d >= 0.7, `Dice ${d}`);
  await clearAll();
});

test('region growing, level tracing and grow-cut work from the mouse on a lesion', async () => {
  await showSlice(2);
  const t = truth.files[2];
  const lesion = t.lesions.reduce((a, b) => (Math.abs(a.contrast_hu) > Math.abs(b.contrast_hu) ? a : b));
  const want = lesionBits(lesion, truth.size);
  const at = await screenOf(...lesion.centroid);
  await annotate({ op: 'label', id: 'lesion' });

  await key('s');
  await annotate({ op: 'grow', tolerance: Math.abs(lesion.contrast_hu) / 2, range: false, volume: false });
  await click(at);
  let list = (await state()).annotations.annotations;
  assert.equal(list.length, 1);
  const grown = maskBits((await shapes()).get(list[0].id).shape);
  const cx = Math.floor(lesion.centroid[0]), cy = Math.floor(lesion.centroid[1]);
  assert.equal(grown[cy * truth.size + cx], 1, 'the seed is in the region');
  const growDice = dice(grown, want);
  console.log(`region growing (tolerance ${Math.abs(lesion.contrast_hu) / 2} HU): Dice ${growDice.toFixed(3)}`);
  assert.ok(growDice >= 0.5, `Dice ${growDice}`);
  await clearAll();

  await key('j');
  await page.mouse.move(at.x, at.y);
  await frame();
  await frame();
  assert.ok((await state()).ai.level_preview_vertices >= 4, 'the outline follows the cursor');
  await click(at);
  list = (await state()).annotations.annotations;
  assert.equal(list.length, 1);
  assert.equal(list[0].kind, 'polygon');
  await clearAll();

  // Grow-cut: one short brush stroke inside the lesion; the border is background.
  await annotate({ op: 'brush', radius: 2, gated: false, sphere: false });
  await annotate({ op: 'stroke', points: [[lesion.centroid[0] - 2, lesion.centroid[1]], [lesion.centroid[0] + 2, lesion.centroid[1]]] });
  const stroke = (await state()).annotations.annotations[0].area;
  await annotate({ op: 'grow_cut' });
  list = (await state()).annotations.annotations;
  assert.equal(list.length, 1);
  assert.ok(list[0].area > 4 * stroke, `grown ${list[0].area} from a stroke of ${stroke}`);
  assert.deepEqual(consoleErrors, []);
  await clearAll();
});

test('a model whose label the project\'s schema lacks is refused before anything runs, saying which', async () => {
  const schema = JSON.parse(readFileSync(path.join(root, 'examples/schema.json'), 'utf8'));
  schema.labels = schema.labels.filter((l) => l.id !== 'lesion');
  await annotate({ op: 'load', kind: 'schema', text: JSON.stringify(schema) });
  const before = (await state()).ai.queue;
  await showSlice(1);
  await annotate({ op: 'preannotate', all: true });
  const s = await state();
  assert.match(s.ai.message, /lesion-seg@\S+ proposes 'lesion', which this project's labels cannot hold \(no such label\)/);
  assert.equal(s.ai.busy, false);
  assert.deepEqual(s.ai.queue, before, 'nothing was queued');
  assert.equal(s.annotations.annotations.length, 0);
});
