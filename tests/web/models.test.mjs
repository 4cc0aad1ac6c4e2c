// The bundled demo models (web/models) in ONNX Runtime Web under Node: each
// file matches its card's SHA-256, loads, and gives PyTorch's outputs on
// the fixed inputs the training script saved (tests/data/models).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'web/package.json'));
const ort = require('onnxruntime-web');
const models = path.join(root, 'web/models');
const fixtures = path.join(root, 'tests/data/models');

const floats = (file) => {
  const b = readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};

const index = JSON.parse(readFileSync(path.join(models, 'index.json'), 'utf8'));

test('the site lists both demo models, each with a complete card', () => {
  const cards = index.models.map((f) => JSON.parse(readFileSync(path.join(models, f), 'utf8')));
  assert.deepEqual(cards.map((c) => c.task).sort(), ['interactive-segmentation', 'segmentation']);
  for (const c of cards) {
    assert.equal(c.format, 'limn-model-card/1');
    assert.ok(c.provenance.heldout_dice > 0.7, `${c.name}: held-out Dice ${c.provenance.heldout_dice}`);
    assert.ok(readFileSync(path.join(models, c.file)).length < 4 * 1024 * 1024, `${c.name} is a few MB at most`);
  }
});

for (const file of index.models) {
  const card = JSON.parse(readFileSync(path.join(models, file), 'utf8'));
  test(`${card.name}: the file is the one its card names, and ORT Web gives PyTorch's output`, async () => {
    const bytes = readFileSync(path.join(models, card.file));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), card.sha256);
    const session = await ort.InferenceSession.create(new Uint8Array(bytes), { executionProviders: ['wasm'] });
    assert.deepEqual(session.inputNames, [card.input.name]);
    assert.deepEqual(session.outputNames, [card.output.name]);
    const dims = [1, card.input.channels, card.input.height, card.input.width];
    const input = floats(path.join(fixtures, `${card.name}.input.f32`));
    const reference = floats(path.join(fixtures, `${card.name}.output.f32`));
    const out = (await session.run({ [card.input.name]: new ort.Tensor('float32', input, dims) }))[card.output.name];
    assert.deepEqual(out.dims, [1, 1, card.input.height, card.input.width]);
    let worst = 0, agree = 0;
    for (let i = 0; i < reference.length; i++) {
      worst = Math.max(worst, Math.abs(out.data[i] - reference[i]));
      agree += (out.data[i] >= 0) === (reference[i] >= 0);
    }
    console.log(`${card.name}: max |ORT - PyTorch| = ${worst.toExponential(2)} over ${reference.length} logits`);
    assert.ok(worst < 1e-3, `max difference ${worst}`);
    assert.ok(agree >= reference.length - 2, `thresholded masks differ in ${reference.length - agree} pixels`);
    // The reference holds a finding: the comparison is not of two empty maps.
    assert.ok(reference.some((v) => v > 0), 'the reference output has positive logits');
  });
}

test('a model file with a changed byte no longer matches its card', () => {
  const card = JSON.parse(readFileSync(path.join(models, index.models[0]), 'utf8'));
  const bytes = Buffer.from(readFileSync(path.join(models, card.file)));
  bytes[bytes.length >> 1] ^= 1;
  assert.notEqual(createHash('sha256').update(bytes).digest('hex'), card.sha256);
});
