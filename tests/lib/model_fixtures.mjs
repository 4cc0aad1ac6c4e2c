// The bundled demo models (web/models) with the fixed inputs and the
// PyTorch outputs the training script saved for them (tests/data/models),
// so every runtime's test compares against the same reference the same way.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../web/tools/local-app.mjs';

export const modelsDir = path.join(repoRoot, 'web/models');
const fixtures = path.join(repoRoot, 'tests/data/models');

const floats = (file) => {
  const b = readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};

// The site's model cards, in the order web/models/index.json lists them.
export function modelCards() {
  const index = JSON.parse(readFileSync(path.join(modelsDir, 'index.json'), 'utf8'));
  return index.models.map((f) => JSON.parse(readFileSync(path.join(modelsDir, f), 'utf8')));
}

// {card, dims, input, reference} for the model named `name`.
export function modelFixture(name) {
  const card = modelCards().find((c) => c.name === name);
  if (!card) throw new Error(`no bundled model named ${name}`);
  return {
    card,
    dims: [1, card.input.channels, card.input.height, card.input.width],
    input: floats(path.join(fixtures, `${name}.input.f32`)),
    reference: floats(path.join(fixtures, `${name}.output.f32`)),
  };
}

// How far a runtime's logits are from PyTorch's: the largest absolute
// difference, and how many pixels land on the other side of 0 (the mask).
export function compareWithPyTorch(output, reference) {
  if (output.length !== reference.length) throw new Error(`${output.length} logits, PyTorch gave ${reference.length}`);
  let worst = 0, disagree = 0;
  for (let i = 0; i < reference.length; i++) {
    worst = Math.max(worst, Math.abs(output[i] - reference[i]));
    disagree += (output[i] >= 0) !== (reference[i] >= 0);
  }
  return { worst, disagree };
}
