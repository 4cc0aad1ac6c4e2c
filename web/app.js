// Page glue between the browser and the wasm app (limn-app.js): hands local
// files to C++ and exposes a small API for tests. Files are read in this
// tab only; nothing here talks to a server.
'use strict';

var Module = {
  canvas: document.getElementById('canvas'),
  print: (text) => console.log(text),
  printErr: (text) => console.warn(text),
  onRuntimeInitialized: () => {
    document.getElementById('boot').classList.add('hidden');
    window.limn.ready = true;
    window.dispatchEvent(new Event('limn-ready'));
  },
};

window.limn = {
  ready: false,

  // Copies the bytes into wasm memory, lets C++ decode them, frees the copy.
  openBytes(name, bytes) {
    const ptr = Module._malloc(bytes.length || 1);
    Module.HEAPU8.set(bytes, ptr);
    try {
      Module.ccall('limn_open_file', null, ['string', 'number', 'number'], [name, ptr, bytes.length]);
    } finally {
      Module._free(ptr);
    }
  },

  async openFiles(files) {
    for (const file of files) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      window.limn.openBytes(file.name, bytes);
    }
  },

  state() {
    return JSON.parse(Module.UTF8ToString(Module._limn_state_json()));
  },

  requestCanvasProbe() {
    Module._limn_request_canvas_probe();
  },
};

document.getElementById('file-input').addEventListener('change', async (event) => {
  await window.limn.openFiles(event.target.files);
  event.target.value = '';
});

const dropHint = document.getElementById('drop-hint');
window.addEventListener('dragover', (event) => {
  event.preventDefault();
  dropHint.classList.remove('hidden');
});
window.addEventListener('dragleave', () => dropHint.classList.add('hidden'));
window.addEventListener('drop', async (event) => {
  event.preventDefault();
  dropHint.classList.add('hidden');
  if (event.dataTransfer && event.dataTransfer.files.length) await window.limn.openFiles(event.dataTransfer.files);
});

// Right-drag is window/level, as in every PACS: no context menu on the image.
Module.canvas.addEventListener('contextmenu', (event) => event.preventDefault());
