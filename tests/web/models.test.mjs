// The bundled demo models (web/models) in ONNX Runtime Web under Node: each
// file matches its card's SHA-256, loads, and gives PyTorch's outputs on
// the fixed inputs the training script saved (tests/data/models).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { webRequire } from '../../web/tools/local-app.mjs';
import { compareWithPyTorch, modelCards, modelFixture, modelsDir } from '../lib/model_fixtures.mjs';

const ort = webRequire('onnxruntime-web');

test('the site lists both demo models, each with a complete card', () => {
  const cards = modelCards();
  assert.deepEqual(cards.map((c) => c.task).sort(), ['interactive-segmentation', 'segmentation']);
  for (const c of cards) {
    assert.equal(c.format, 'limn-model-card/1');
    assert.ok(c.provenance.heldout_dice > 0.7, `${c.name}: held-out Dice ${c.provenance.heldout_dice}`);
    assert.ok(readFileSync(path.join(modelsDir, c.file)).length < 4 * 1024 * 1024, `${c.name} is a few MB at most`);
  }
});

for (const { name } of modelCards()) {
  test(`${name}: the file is the one its card names, and ORT Web gives PyTorch's output`, async () => {
    const { card, dims, input, reference } = modelFixture(name);
    const bytes = readFileSync(path.join(modelsDir, card.file));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), card.sha256);
    const session = await ort.InferenceSession.create(new Uint8Array(bytes), { executionProviders: ['wasm'] });
    assert.deepEqual(session.inputNames, [card.input.name]);
    assert.deepEqual(session.outputNames, [card.output.name]);
    const out = (await session.run({ [card.input.name]: new ort.Tensor('float32', input, dims) }))[card.output.name];
    assert.deepEqual(out.dims, [1, 1, card.input.height, card.input.width]);
    const { worst, disagree } = compareWithPyTorch(out.data, reference);
    console.log(`${name}: max |ORT - PyTorch| = ${worst.toExponential(2)} over ${reference.length} logits`);
    assert.ok(worst < 1e-3, `max difference ${worst}`);
    assert.ok(disagree <= 2, `thresholded masks differ in ${disagree} pixels`);
    // The reference holds a finding: the comparison is not of two empty maps.
    assert.ok(reference.some((v) => v > 0), 'the reference output has positive logits');
  });
}

test('a model file with a changed byte no longer matches its card', () => {
  const card = modelCards()[0];
  const bytes = Buffer.from(readFileSync(path.join(modelsDir, card.file)));
  bytes[bytes.length >> 1] ^= 1;
  assert.notEqual(createHash('sha256').update(bytes).digest('hex'), card.sha256);
});
