// Shared helpers for the Node integration and browser tests: where the
// builds are, and a real limn-server on a free loopback port.
import path from 'node:path';
import { buildDir } from '../../web/tools/local-app.mjs';

export {
  buildDir, freePort, limnBin, openApp, repoRoot, request, serverBin, startServer, webDist, webRequire,
} from '../../web/tools/local-app.mjs';

export const artifactsDir = process.env.LIMN_ARTIFACTS || path.join(buildDir, 'test-artifacts');
export const limnJs = path.join(buildDir, 'wasm/client/limn.js');
export const pydicomData = '/usr/lib/python3/dist-packages/pydicom/data';

// A mask annotation's run lengths (background first) as one byte per pixel.
export const maskBits = (m) => {
  const bits = new Uint8Array(m.width * m.height);
  let at = 0;
  m.runs.forEach((run, i) => { if (i % 2) bits.fill(1, at, at + run); at += run; });
  return bits;
};

// DICOM PS3.3 C.11.2.1.2.1 linear VOI function, as an 8-bit grey level:
// the independent expectation for what the GPU shader draws.
export function windowedGrey(modalityValue, center, width) {
  const y = Math.min(1, Math.max(0, (modalityValue - (center - 0.5)) / Math.max(width - 1, 1e-6) + 0.5));
  return Math.round(y * 255);
}
