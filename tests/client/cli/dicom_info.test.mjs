// The `limn dicom info` contract, natively and as wasm under Node: the same
// JSON for the same files, checked against pydicom's independent decode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { limnBin, limnJs, pydicomData, repoRoot } from '../../lib/harness.mjs';

const testFiles = path.join(pydicomData, 'test_files');
const golden = JSON.parse(readFileSync(path.join(repoRoot,
  'tests/client/core/dicom/golden/pydicom_test_files_sha256.json')));

function runNative(args) {
  return spawnSync(limnBin, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}
function runWasm(args) {
  return spawnSync('node', ['--no-experimental-fetch', limnJs, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}
const lines = (out) => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

test('dicom info prints the contract fields for CT_small', () => {
  const r = runNative(['dicom', 'info', path.join(testFiles, 'CT_small.dcm')]);
  assert.equal(r.status, 0, r.stderr);
  const [info] = lines(r.stdout);
  for (const k of ['file', 'ok', 'transfer_syntax', 'rows', 'columns', 'frames', 'samples_per_pixel',
    'bits_allocated', 'modality', 'pixel_sha256']) assert.ok(k in info, k);
  assert.equal(info.ok, true);
  assert.equal(info.rows, 128);
  assert.equal(info.modality, 'CT');
  assert.equal(info.pixel_sha256, golden['CT_small.dcm'].sha256);
});

test('unreadable files make the exit status non-zero while the rest are processed', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'limn-cli-'));
  const junk = path.join(dir, 'junk.dcm');
  writeFileSync(junk, 'not dicom at all');
  const r = runNative(['dicom', 'info', junk, path.join(dir, 'missing.dcm'), path.join(testFiles, 'MR_small.dcm')]);
  assert.equal(r.status, 1);
  const out = lines(r.stdout);
  assert.equal(out.length, 3);
  assert.equal(out[0].ok, false);
  assert.match(out[0].error, /not a DICOM file/);
  assert.equal(out[1].ok, false);
  assert.equal(out[2].ok, true);
  assert.match(r.stderr, /junk\.dcm/);
});

test('native and wasm builds report identical results for the whole pydicom corpus', () => {
  const native = runNative(['dicom', 'info', testFiles]);
  const wasm = runWasm(['dicom', 'info', testFiles]);
  assert.equal(wasm.status, native.status, wasm.stderr);
  const a = lines(native.stdout), b = lines(wasm.stdout);
  assert.ok(a.length > 60);
  assert.deepEqual(b, a);
  // And both agree with pydicom wherever pydicom's own handlers decode.
  const byName = new Map(a.map((o) => [path.relative(testFiles, o.file), o]));
  let compared = 0;
  for (const [name, ref] of Object.entries(golden)) {
    assert.equal(byName.get(name)?.pixel_sha256, ref.sha256, name);
    compared++;
  }
  assert.ok(compared > 40);
});

test('bench prints decode throughput as JSON, natively and in wasm', () => {
  const r = runNative(['bench', '--passes', '1', '--warmup', '0', '--corpus', testFiles]);
  assert.equal(r.status, 0, r.stderr);
  const figures = lines(r.stdout);
  const native = figures.find((f) => f.runtime === 'native');
  const wasm = figures.find((f) => f.runtime === 'wasm');
  const ratio = figures.find((f) => f.compare);
  assert.ok(native && wasm && ratio, r.stdout);
  assert.ok(native.input_mb_per_s > 0 && wasm.input_mb_per_s > 0);
  assert.equal(native.decoded, wasm.decoded);
  assert.ok(ratio.ratio > 0);
  // --warmup 0: the one untimed first pass, reported beside the timed one.
  assert.equal(native.warmup_passes, 1);
  assert.equal(wasm.warmup_passes, 1);
  assert.ok(native.first_pass_cpu_seconds > 0 && ratio.first_pass_ratio > 0);
});

test('a folder where a file belongs is named as such, never a crash', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'limn-cli-'));
  for (const args of [['dicom', 'pixels', dir, '--out', path.join(dir, 'x.raw')], ['audit', 'verify', dir],
    ['export', '--annotations', dir, '--images', dir, '--format', 'coco', '--out', path.join(dir, 'out')]]) {
    const r = runNative(args);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /is a folder, not a file\n$/, args.join(' '));
  }
});
