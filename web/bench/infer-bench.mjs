// Model figures for `limn bench`: each bundled model (web/models) on its
// fixed 512x512-slice input, timed in onnxruntime-node (the native CPU
// reference) and in Debian's Chromium through the app's own worker with
// WebAssembly on 1 thread and on every thread cross-origin isolation
// allows, and on WebGPU where Chromium offers an adapter; the ratio
// browser / native (goal: within 2x). Then, in the app on
// a synthetic CT slice: one click-to-segment refinement step (prompt to
// preview on screen, goal < 150 ms) and a region-growing click on 512x512
// (goal < 20 ms). One JSON line per figure.
// Each runtime first runs a model for --warmup seconds (default 2; at
// least once), as a session that pre-annotates a queue does: the browser
// compiles WebAssembly in tiers and a single run leaves part of ORT's
// kernels in its baseline compiler. `warmup_runs` says how many that took.
// The browser's runs alternate with native ones in rounds, and each ratio
// is taken against the native runs of its own rounds: a shared machine's
// speed drifts by tens of per cent from one minute to the next, which
// timing native first and the browser minutes later put into the ratio.
//   node web/bench/infer-bench.mjs [--repeat 20] [--warmup 2]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, startServer } from '../tools/local-app.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(path.join(root, 'web/package.json'));
const repeatAt = process.argv.indexOf('--repeat');
const repeat = repeatAt > 0 ? Number(process.argv[repeatAt + 1]) : 20;
const warmupAt = process.argv.indexOf('--warmup');
const warmupMs = 1000 * (warmupAt > 0 ? Number(process.argv[warmupAt + 1]) : 2);

const percentile = (values, q) => {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.floor(q * v.length))];
};
const round = (x) => Math.round(x * 100) / 100;
const print = (figure) => console.log(JSON.stringify(figure));

const models = JSON.parse(readFileSync(path.join(root, 'web/models/index.json'), 'utf8')).models
  .map((f) => JSON.parse(readFileSync(path.join(root, 'web/models', f), 'utf8')));
const inputOf = (card) => {
  const b = readFileSync(path.join(root, 'tests/data/models', `${card.name}.input.f32`));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const dimsOf = (card) => [1, card.input.channels, card.input.height, card.input.width];

// onnxruntime-node: the native reference, kept open to alternate with the browser.
const native = {};  // model name -> (n) => times (ms) of n runs
const ortNode = require('onnxruntime-node');
for (const card of models) {
  const session = await ortNode.InferenceSession.create(path.join(root, 'web/models', card.file));
  const feeds = { [card.input.name]: new ortNode.Tensor('float32', inputOf(card), dimsOf(card)) };
  native[card.name] = async (n) => {
    const times = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await session.run(feeds);
      times.push(performance.now() - t);
    }
    return times;
  };
  let warmupRuns = 0;
  for (const t0 = performance.now(); warmupRuns === 0 || performance.now() - t0 < warmupMs; ++warmupRuns) await session.run(feeds);
  const times = await native[card.name](repeat);
  print({ bench: 'model_latency', model: card.name, runtime: 'onnxruntime-node', threads: os.cpus().length,
    input: dimsOf(card).join('x'), warmup_runs: warmupRuns, p50_ms: round(percentile(times, 0.5)),
    p95_ms: round(percentile(times, 0.95)) });
}
// Rounds of browser runs, each followed by as many native ones, with a
// pause between the two: either runtime's thread pool spins for a while
// after a run, taking the processor from the other.
const rounds = 5;
const settle = () => new Promise((resolve) => setTimeout(resolve, 250));

const server = await startServer();
const work = mkdtempSync(path.join(os.tmpdir(), 'limn-infer-bench-'));
try {
  const best = {};
  // WebAssembly on 1 thread and on all; then WebGPU, asked for by name
  // (headless Chromium offers only SwiftShader's software adapter: a few
  // runs show what it costs; on a hardware GPU it is the browser's best).
  const runtimes = [{ threads: 1 }, { threads: 0 }, { webgpu: true }];
  for (const { threads, webgpu } of runtimes) {
    const { browser, page } = await openApp(server, webgpu
      ? { path: '/?ai-backend=webgpu', args: ['--enable-unsafe-webgpu'] }
      : { path: `/?ai-backend=wasm${threads ? `&ai-threads=${threads}` : ''}` });
    await page.waitForFunction(() => window.limn.ready);
    await page.evaluate(() => window.limn.annotate({ op: 'ai_start' }));
    await page.waitForFunction(() => window.limn.ai?.status?.models &&
      Object.values(window.limn.ai.status.models).every((m) => m.ready || m.error), null, { timeout: 300000 });
    const { backend, note } = await page.evaluate(() => window.limn.ai.status);
    if (webgpu && backend !== 'webgpu') {
      print({ bench: 'model_latency', runtime: 'chromium webgpu', skipped: note });
      await browser.close();
      continue;
    }
    const software = webgpu && /software fallback/.test(note);
    const runs = software ? Math.min(repeat, 2) : repeat;
    for (const card of models) {
      const browserRuns = (n, warmupMs) => page.evaluate(async ({ name, data, dims, n, warmupMs }) => {
        const input = new Float32Array(data);
        let warmupRuns = 0;
        for (const t0 = performance.now(); warmupRuns < (warmupMs > 0 ? 1 : 0) || performance.now() - t0 < warmupMs; ++warmupRuns)
          await window.limn.ai.bench(name, input, dims, 1);
        return { ...(await window.limn.ai.bench(name, input, dims, n)), warmupRuns };
      }, { name: card.name, data: [...inputOf(card)], dims: dimsOf(card), n, warmupMs });
      const first = await browserRuns(software ? runs : Math.ceil(runs / rounds), software ? 1 : warmupMs);
      const times = [...first.times];
      const paired = [];
      for (let r = 0; r < rounds && !software; r++) {
        if (r > 0) times.push(...(await browserRuns(Math.ceil(runs / rounds), 0)).times);
        await settle();
        paired.push(...(await native[card.name](Math.ceil(runs / rounds))));
        await settle();
      }
      const p50 = percentile(times, 0.5);
      const figure = { bench: 'model_latency', model: card.name, runtime: `chromium ${backend}`, ...(webgpu ? { adapter: note } : {}),
        input: dimsOf(card).join('x'), warmup_runs: first.warmupRuns, p50_ms: round(p50), p95_ms: round(percentile(times, 0.95)) };
      if (paired.length) {
        // onnxruntime-node in the same rounds, and the ratio to it.
        figure.native_p50_ms = round(percentile(paired, 0.5));
        figure.ratio = round(p50 / percentile(paired, 0.5));
        best[card.name] = Math.min(best[card.name] ?? Infinity, figure.ratio);
      }
      print(figure);
    }
    if (threads === 0) {
      // In the app: a click-to-segment step and a region-growing click on a 512x512 CT slice.
      const ct = path.join(work, 'ct');
      execFileSync('/usr/bin/python3', [path.join(root, 'script/models/demo_ct.py'), '--out', ct]);
      const truth = JSON.parse(readFileSync(path.join(ct, 'truth.json'), 'utf8'));
      await page.setInputFiles('#file-input', readdirSync(ct).filter((f) => f.endsWith('.dcm')).map((f) => path.join(ct, f)));
      await page.waitForFunction(() => window.limn.state().viewports?.[0]?.ready, null, { timeout: 60000 });
      const [cx, cy] = truth.files[0].lesions[0].centroid;
      const steps = [];
      for (let i = 0; i < repeat; i++) {
        const runs = await page.evaluate(() => window.limn.ai.runs);
        await page.evaluate(({ x, y }) => window.limn.annotate({ op: 'ai_prompt', positive: [[x, y]] }), { x: cx + (i % 3), y: cy });
        await page.waitForFunction((n) => window.limn.ai.runs > n && !window.limn.state().ai.busy, runs, { timeout: 30000 });
        steps.push(await page.evaluate(() => window.limn.state().ai.round_trip_ms));
        await page.evaluate(() => window.limn.annotate({ op: 'ai_clear' }));
      }
      print({ bench: 'interactive_refinement', runtime: `chromium ${backend}`, model: 'lesion-click',
        detail: 'one prompt on a 512x512 CT slice to the preview mask (C++ prepare, worker run, C++ decode)',
        p50_ms: round(percentile(steps, 0.5)), p95_ms: round(percentile(steps, 0.95)), goal_ms: 150 });
      await page.evaluate(() => window.limn.annotate({ op: 'tool', key: 'S' }));
      const grow = [];
      for (let i = 0; i < repeat; i++)
        grow.push(await page.evaluate(({ x, y }) => window.limn.annotate({ op: 'grow_at', at: [x, y] }), { x: cx, y: cy }));
      print({ bench: 'region_grow', runtime: 'chromium (app)', detail: 'a click on a 512x512 CT slice to a mask annotation',
        p50_ms: round(percentile(grow, 0.5)), p95_ms: round(percentile(grow, 0.95)), goal_ms: 20 });
    }
    await browser.close();
  }
  for (const card of models)
    print({ bench: 'model_latency_compare', model: card.name,
      compare: 'best Chromium p50 / onnxruntime-node p50 in the same rounds (goal <= 2)', ratio: best[card.name] });
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
