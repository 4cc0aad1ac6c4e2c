// Decode worker: turns one file's bytes into pixels off the UI thread.
// DICOM goes through GDCM (limn-decode.wasm); anything GDCM does not take
// as DICOM is offered to the browser's own image decoders (PNG, JPEG
// photographs). It also de-identifies files (op "deid") and derives the
// keys of a password (op "keys", Argon2id). Nothing leaves the tab.
'use strict';

const moduleReady = new Promise((resolve) => {
  self.Module = {
    locateFile: (file) => new URL('../' + file, self.location.href).href,
    onRuntimeInitialized: () => {
      self.Module._limn_decode_warmup();  // the first real file then decodes at full speed
      resolve();
      self.postMessage({ ready: true });
    },
  };
});
importScripts('../limn-decode.js');

function decodeDicom(bytes) {
  const M = self.Module;
  const ptr = M._limn_input_buffer(bytes.length);
  M.HEAPU8.set(bytes, ptr);
  try {
    const ok = M._limn_decode(ptr, bytes.length);
    const header = M.UTF8ToString(M._limn_decoded_header());
    if (!ok) return { kind: 'error', error: JSON.parse(header).error };
    const pixelsPtr = M._limn_decoded_pixels();
    const size = M._limn_decoded_pixel_bytes();
    const pixels = M.HEAPU8.slice(pixelsPtr, pixelsPtr + size).buffer;
    return { kind: 'dicom', header, pixels };
  } finally {
    M._limn_decode_release();
  }
}

// One file through the de-identification engine: the output bytes (when
// released) and the file's report, never its values.
function deidentify(bytes, settings, name) {
  const M = self.Module;
  const ptr = M._limn_input_buffer(bytes.length);
  M.HEAPU8.set(bytes, ptr);
  const settingsPtr = allocString(M, settings);
  const namePtr = allocString(M, name);
  try {
    const ok = M._limn_deid(ptr, bytes.length, settingsPtr, namePtr);
    const report = JSON.parse(M.UTF8ToString(M._limn_deid_report()));
    if (!ok) return { kind: 'deid', report };
    const out = M._limn_deid_output();
    return { kind: 'deid', report, output: M.HEAPU8.slice(out, out + M._limn_deid_output_bytes()).buffer };
  } finally {
    M._free(settingsPtr);
    M._free(namePtr);
    M._limn_decode_release();
  }
}

// Argon2id on the password: the authentication key (and, for a new account,
// a new salt and the person's wrapped keys). The password's bytes are wiped
// from the heap afterwards.
function passwordKeys(password, salt, user) {
  const M = self.Module;
  const bytes = new TextEncoder().encode(password + '\0');
  const ptr = M._malloc(bytes.length);
  M.HEAPU8.set(bytes, ptr);
  bytes.fill(0);
  const saltPtr = allocString(M, salt || '');
  const userPtr = allocString(M, user || '');
  try {
    return { kind: 'keys', ...JSON.parse(M.UTF8ToString(M._limn_password_keys(ptr, saltPtr, userPtr))) };
  } finally {
    M.HEAPU8.fill(0, ptr, ptr + bytes.length);
    M._free(ptr);
    M._free(saltPtr);
    M._free(userPtr);
  }
}

function allocString(M, text) {
  const bytes = new TextEncoder().encode(text + '\0');
  const ptr = M._malloc(bytes.length);
  M.HEAPU8.set(bytes, ptr);
  return ptr;
}

// Exact stored colours: no colour-space conversion, no premultiplied alpha.
async function decodePhoto(bytes) {
  const bitmap = await createImageBitmap(new Blob([bytes]), {
    premultiplyAlpha: 'none', colorSpaceConversion: 'none',
  });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(bitmap, 0, 0);
  const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const result = { kind: 'photo', width: bitmap.width, height: bitmap.height, rgba: data.buffer };
  bitmap.close();
  return result;
}

// Set once the module trapped (a decoder fault on a damaged file): its
// memory may be inconsistent, so what is queued here goes back to the pool
// for a fresh worker.
let moduleTrapped = false;

self.onmessage = async (event) => {
  const { id, op, bytes } = event.data;
  let result;
  try {
    await moduleReady;
    if (moduleTrapped) {
      self.postMessage({ id, handedBack: true, bytes }, bytes ? [bytes] : []);
      return;
    }
    if (op === 'keys') {
      self.postMessage({ id, ...passwordKeys(event.data.password, event.data.salt, event.data.user) });
      return;
    }
    const view = new Uint8Array(bytes);
    if (op === 'deid') {
      result = deidentify(view, event.data.settings, event.data.name);
      self.postMessage({ id, ...result }, result.output ? [result.output] : []);
      return;
    }
    result = decodeDicom(view);
    if (result.kind === 'error' && result.error.code === 'not_dicom') {
      try {
        result = await decodePhoto(view);
      } catch (_) {
        // Neither DICOM nor an image the browser knows: keep the DICOM error.
      }
    }
  } catch (e) {
    moduleTrapped = e instanceof WebAssembly.RuntimeError;
    const message = moduleTrapped ? 'the decoder failed on this file (' + e.message + ')' : String(e && e.message || e);
    result = { kind: 'error', error: { code: 'internal', message }, moduleTrapped };
  }
  const transfer = [];
  if (result.pixels) transfer.push(result.pixels);
  if (result.rgba) transfer.push(result.rgba);
  self.postMessage({ id, ...result }, transfer);
};
