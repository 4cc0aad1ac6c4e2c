// Browser figures for `limn bench`: the built web app in Debian's Chromium
// (headless, WebGL2 on SwiftShader, i.e. the CPU) served by limn-server.
//   - first image: file handed to the page -> first frame showing it, for
//     one 512x512 CT slice (the first drop, then median and p95 over
//     --repeat more);
//   - series load: 512x512xN files -> volume on screen;
//   - scroll: slices per second stepping through the volume one slice per
//     animation frame, and the C++ frame time p95 (single view and MPR),
//     under Chromium's GPU compositor (on SwiftShader too here) and its
//     software one (what Chrome uses without a GPU); partial_frames: frames
//     drawn only where the UI changed (client/app/ui_damage.h), beside the
//     same scroll drawing every frame whole (axial_whole_frames):
//     cpp_frame is all of frame() including the GL submission, which waits
//     for SwiftShader when it is busy; app is our part (UI, slice
//     extraction, texture upload);
//     gpu_process_ms_per_frame is the processor time of Chromium's GPU
//     process per frame, all its threads: SwiftShader drawing our frame and
//     Chromium compositing the page (on 2 cores, 60 fps leaves about 33 ms
//     for everything);
//   - annotation tools: fill between slices over a gap of the volume, 10,000
//     polygons on a 4K image panned one step per frame (C++ frame time),
//     and brush dabs on an 8K image (C++ time per dab, upload included).
// Prints one JSON line per figure. Usage:
//   node web/bench/browser-bench.mjs [--size 512] [--slices 300] [--repeat 7]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { limnBin, openApp, startServer } from '../tools/local-app.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf('--' + name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const size = option('size', 512);
const slices = option('slices', 300);
const repeat = option('repeat', 7);

const percentile = (values, q) => {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.floor(q * v.length))];
};
const round = (x) => Math.round(x * 100) / 100;
const print = (figure) => console.log(JSON.stringify({ runtime: 'chromium', ...figure }));

async function openAndTime(page, files) {
  await page.evaluate(() => { window.limn.lastLoad = null; });
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction(() => window.limn.lastLoad, null, { timeout: 600000 });
  return page.evaluate(() => window.limn.lastLoad);
}

// Processor time (ms) so far of Chromium's GPU process, where SwiftShader
// draws every frame (Linux /proc; null when there is not exactly one).
function gpuProcessMs() {
  try {
    const gpu = readdirSync('/proc').filter((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmd.includes('chromium') && cmd.includes('--type=gpu-process');
      } catch { return false; }
    });
    if (gpu.length !== 1) return null;
    const fields = readFileSync(`/proc/${gpu[0]}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 1000 / 100;  // utime + stime, at USER_HZ = 100
  } catch {
    return null;  // no /proc
  }
}

// Steps the given viewport one slice per animation frame through the volume,
// as a wheel or held arrow key does: the loop keeps the index itself (the
// app's whole state() as JSON each frame would be the bench's own cost).
async function scroll(page, viewport, frames) {
  return page.evaluate(async ({ viewport, frames }) => {
    const limn = window.limn;
    limn.stepSlice(viewport, -(1 << 30));
    const count = limn.state().viewports[viewport].count;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const cpp = [];
    const app = [];
    let direction = 1;
    let index = 0;
    const started = performance.now();
    for (let i = 0; i < frames; i++) {
      if (index + direction < 0 || index + direction >= count) direction = -direction;
      index += direction;
      limn.stepSlice(viewport, direction);
      await new Promise((r) => requestAnimationFrame(r));
      cpp.push(limn.lastFrameMs());
      app.push(limn.lastAppMs());
    }
    const seconds = (performance.now() - started) / 1000;
    if (limn.state().viewports[viewport].index !== index) throw new Error('the scroll lost its place');
    return { seconds, cpp, app };
  }, { viewport, frames });
}

// The scroll figures in one browser (`compositing` names its compositor):
// single view with and without the annotation panel, MPR, and the single
// view again drawing every frame whole (partial redraw off) beside it.
async function scrollFigures(page, compositing) {
  for (const [layout, viewport, label, panel, partial] of [[false, 0, 'axial', true, true],
    [false, 0, 'axial_whole_frames', true, false], [false, 0, 'axial_no_panel', false, true],
    [true, 1, 'mpr_coronal', true, true]]) {
    await page.evaluate(({ mpr, show, partial }) => {
      window.limn.setLayout(mpr);
      window.limn.annotate({ op: 'panel', show });
      window.limn.setPartialRedraw(partial);
    }, { mpr: layout, show: panel, partial });
    const frames = Math.max(120, slices);
    const redrawBefore = await page.evaluate(() => window.limn.redrawStats());
    const gpuBefore = gpuProcessMs();
    const r = await scroll(page, viewport, frames);
    const gpuAfter = gpuProcessMs();
    const redraw = await page.evaluate(() => window.limn.redrawStats());
    print({ bench: 'scroll', view: label, compositing, volume: `${size}x${size}x${slices}`, frames,
      fps: round(frames / r.seconds), goal_fps: 60,
      gpu_process_ms_per_frame: gpuBefore === null || gpuAfter === null ? null : round((gpuAfter - gpuBefore) / frames),
      partial_frames: redraw.partial_frames - redrawBefore.partial_frames,
      cpp_frame_p50_ms: round(percentile(r.cpp, 0.5)), cpp_frame_p95_ms: round(percentile(r.cpp, 0.95)),
      app_p95_ms: round(percentile(r.app, 0.95)) });
  }
  await page.evaluate(() => window.limn.setPartialRedraw(true));
}

const work = mkdtempSync(path.join(os.tmpdir(), 'limn-bench-'));
let server, browser;
try {
  const dir = path.join(work, 'ct');
  execFileSync(limnBin, ['dicom', 'synth', '--out', dir, '--size', String(size), '--slices', String(slices)]);
  const files = readdirSync(dir).sort().map((f) => path.join(dir, f));
  server = await startServer();
  let page;
  ({ browser, page } = await openApp(server, { width: 1280, height: 800 }));

  // The first drop after the page loaded is reported on its own (the
  // decoders' code is still being optimised by the browser), then warm runs.
  const slice = [files[Math.floor(slices / 2)]];
  const cold = (await openAndTime(page, slice)).firstImageMs;
  const warm = [];
  for (let i = 0; i < repeat; i++) warm.push((await openAndTime(page, slice)).firstImageMs);
  print({ bench: 'first_image', image: `${size}x${size} CT slice`, cold_ms: round(cold), runs: repeat,
    median_ms: round(percentile(warm, 0.5)), p95_ms: round(percentile(warm, 0.95)), goal_ms: 150 });

  const series = await openAndTime(page, files);
  print({ bench: 'series_load', image: `${size}x${size}x${slices} CT`, decode_workers: await page.evaluate(() => window.limn.decodeWorkers),
    decode_ms: round(series.decodeMs), first_image_ms: round(series.firstImageMs) });

  await scrollFigures(page, 'gpu');
  // Annotation tools in the app (C++ time of the command, GPU upload included).
  await page.evaluate(() => window.limn.setLayout(false));
  const annotate = (command) => page.evaluate((c) => window.limn.annotate(c), command);
  const fillGap = Math.min(98, slices - 2);
  await page.evaluate(() => window.limn.stepSlice(0, -(1 << 30)));
  await annotate({ op: 'tool', key: 'W' });
  await annotate({ op: 'brush', radius: size * 0.08, sphere: false, gated: false });
  await annotate({ op: 'stroke', points: [[size * 0.4, size / 2]] });
  await page.evaluate((n) => window.limn.stepSlice(0, n), fillGap + 1);
  await annotate({ op: 'brush', radius: size * 0.18 });
  await annotate({ op: 'stroke', points: [[size * 0.6, size / 2]] });
  const fillMs = await annotate({ op: 'fill' });
  print({ bench: 'fill_between_slices', image: `${size}x${size}`, slices_filled: fillGap,
    ms: round(fillMs), goal_ms: 200 });

  // 10,000 polygons of 20 vertices on a 4K image, panned one step per frame.
  const openPicture = (width, height) => page.evaluate(async ({ width, height }) => {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = 'rgb(90, 90, 90)';
    ctx.fillRect(0, 0, width, height);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return window.limn.openFiles([new File([blob], `picture_${width}.png`, { type: 'image/png' })]);
  }, { width, height });
  await openPicture(3840, 2160);
  await annotate({ op: 'tool', key: 'V' });
  const createMs = await annotate({ op: 'polygons', count: 10000, vertices: 20 });
  const pan = await page.evaluate(async (frames) => {
    const limn = window.limn;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const cpp = [];
    const app = [];
    const started = performance.now();
    for (let i = 0; i < frames; i++) {
      limn.annotate({ op: 'pan', dx: (i % 40 < 20 ? 6 : -6), dy: 2 * (i % 2 ? 1 : -1) });
      await new Promise((r) => requestAnimationFrame(r));
      cpp.push(limn.lastFrameMs());
      app.push(limn.lastAppMs());
    }
    return { seconds: (performance.now() - started) / 1000, cpp, app };
  }, 120);
  const drawn = (await page.evaluate(() => window.limn.state())).annotations.overlay_segments;
  print({ bench: 'annotation_pan', image: '3840x2160', polygons: 10000, vertices: 20, segments_on_gpu: drawn,
    create_ms: round(createMs), frames: 120, fps: round(120 / pan.seconds),
    cpp_frame_p50_ms: round(percentile(pan.cpp, 0.5)), cpp_frame_p95_ms: round(percentile(pan.cpp, 0.95)),
    app_p95_ms: round(percentile(pan.app, 0.95)), goal_p95_ms: 8 });

  // Brush dabs on an 8K image: a stroke of 300 dabs, radius 20.
  await openPicture(7680, 4320);
  await annotate({ op: 'tool', key: 'W' });
  await annotate({ op: 'brush', radius: 20 });
  const dabs = [];
  for (let i = 0; i < 300; i++) dabs.push(await annotate({ op: 'dab', at: [200 + i * 7.3, 2000 + 600 * Math.sin(i * 0.02)] }));
  const commitMs = await annotate({ op: 'end_stroke' });
  print({ bench: 'brush_dab', image: '7680x4320', radius: 20, dabs: dabs.length,
    p50_ms: round(percentile(dabs, 0.5)), p95_ms: round(percentile(dabs, 0.95)), stroke_commit_ms: round(commitMs),
    goal_ms: 2 });

  // Chromium's software compositor, as Chrome uses where it has no GPU:
  // the page is still drawn by SwiftShader, the compositing not. (One
  // browser at a time, so that its GPU process is the only one.)
  await browser.close();
  ({ browser, page } = await openApp(server, { width: 1280, height: 800, args: ['--disable-gpu-compositing'] }));
  await openAndTime(page, files);
  await scrollFigures(page, 'software');
} finally {
  await browser?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
}
