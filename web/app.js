// Page glue between the browser and the wasm app (limn-app.js): reads local
// files, has them decoded by a pool of workers (web/workers), hands the
// results to C++ and exposes a small API for tests and benchmarks. Files
// are read in this tab only; nothing here talks to a server (account.js
// adds counts of what was opened or saved to the site's audit log, when
// signed in).
'use strict';

// The WebGL2 context is made here, not by Emscripten's GLFW, for one
// attribute GLFW cannot ask for: preserveDrawingBuffer, so that a frame
// draws again only where the UI changed (client/app/ui_damage.h). Opaque,
// without depth or stencil: less for the browser to allocate, clear and
// composite every frame. Null without WebGL2; the app then says so.
const limnCanvas = document.getElementById('canvas');
var Module = {
  canvas: limnCanvas,
  preinitializedWebGLContext: limnCanvas.getContext('webgl2', {
    alpha: false, depth: false, stencil: false, antialias: false, preserveDrawingBuffer: true,
  }),
  print: (text) => console.log(text),
  printErr: (text) => console.warn(text),
  onRuntimeInitialized: () => {
    document.getElementById('boot').classList.add('hidden');
    window.limn.ready = true;
    window.dispatchEvent(new Event('limn-ready'));
  },
};

// Workers start with the page so the first drop does not wait for them.
// Each worker gets several files at once: a worker that waited for the UI
// thread between files would idle for a whole frame each time.
// A damaged file must cost only itself: a worker whose module trapped
// hands back the files queued behind it (decoded by its replacement), and
// a worker that stops answering is ended and replaced, its files failed
// with a reason (their bytes went with it).
const decodePool = (() => {
  const size = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
  const maxInFlight = 8;
  const pool = {
    stallBaseMs: 30000,     // a worker silent this long with work to do is stuck,
    stallMsPerMByte: 2000,  // plus this per MB of the file it is on;
    stallCheckMs: 1000,     // looked at this often
  };
  const workers = [];
  const queue = [];
  const pending = new Map();
  let nextId = 1, posted = 0;
  const pump = () => {
    while (queue.length) {
      const open = workers.filter((w) => !w.retiring);
      if (!open.length) return;
      const worker = open.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
      if (worker.inFlight >= maxInFlight) return;
      const job = queue.shift();
      if (worker.inFlight++ === 0) worker.heardAt = performance.now();
      pending.set(job.id, { ...job, worker, posted: posted++ });
      worker.postMessage({ id: job.id, ...job.message }, job.message.bytes ? [job.message.bytes] : []);
    }
  };
  // A job leaves its worker: answered, or handed back to the queue.
  const take = (id) => {
    const job = pending.get(id);
    if (!job) return null;
    pending.delete(id);
    job.worker.inFlight--;
    return job;
  };
  const settle = (id, result) => take(id)?.resolve(result);
  const jobsOf = (worker) => [...pending].filter(([, job]) => job.worker === worker);
  const replace = (worker) => {
    worker.terminate();
    workers[workers.indexOf(worker)] = spawn();
    pump();
  };
  // A worker whose module trapped takes no more work (its memory cannot be
  // trusted); once it has handed back what it had queued, it makes way.
  const replaceIfRetired = (worker) => {
    if (worker.retiring && worker.inFlight === 0) replace(worker);
  };
  const spawn = () => {
    const worker = new Worker('workers/decode-worker.js');
    worker.inFlight = 0;
    worker.onmessage = (event) => {
      worker.heardAt = performance.now();
      const data = event.data;
      if (data.ready) {  // its decoder module is loaded
        worker.ready = true;
        return;
      }
      if (data.handedBack) {
        const job = take(data.id);
        if (job) queue.unshift({ ...job, message: { ...job.message, bytes: data.bytes }, worker: undefined });
      } else {
        settle(data.id, data);
      }
      if (data.moduleTrapped) worker.retiring = true;
      replaceIfRetired(worker);
      pump();
    };
    worker.onerror = (event) => {
      event.preventDefault();
      for (const [id] of jobsOf(worker)) {
        settle(id, { kind: 'error', error: { code: 'internal', message: 'decoder crashed: ' + event.message } });
      }
      worker.retiring = true;
      replaceIfRetired(worker);
    };
    return worker;
  };
  for (let i = 0; i < size; i++) workers.push(spawn());
  // A stuck worker (a decoder looping on a damaged file) is ended: the file
  // it was on and those queued behind it fail, the rest go on.
  const watch = () => {
    setTimeout(watch, pool.stallCheckMs);
    const now = performance.now();
    for (const worker of [...workers]) {
      const jobs = jobsOf(worker);
      if (!jobs.length) continue;
      // A worker takes its messages in the order they were posted.
      const [, head] = jobs.reduce((a, b) => (b[1].posted < a[1].posted ? b : a));
      const limit = pool.stallBaseMs + head.bytes / 1e6 * pool.stallMsPerMByte;
      if (now - worker.heardAt < limit) continue;
      const seconds = Math.round(limit / 1000);
      for (const [id, job] of jobs) {
        const message = job === head
          ? `the decoder did not finish within ${seconds} s; the file may be damaged`
          : 'not decoded: it was queued behind a file the decoder could not finish';
        settle(id, { kind: 'error', error: { code: 'internal', message } });
      }
      replace(worker);
    }
  };
  watch();
  const run = (message) => new Promise((resolve) => {
    queue.push({ id: nextId++, message, resolve, bytes: message.bytes ? message.bytes.byteLength : 0 });
    pump();
  });
  return Object.assign(pool, {
    size,
    readyCount: () => workers.filter((w) => w.ready).length,
    // The bytes are transferred to the worker: the caller's buffer is emptied.
    decode: (bytes) => run({ op: 'decode', bytes }),
    deidentify: (bytes, settings, name) => run({ op: 'deid', bytes, settings, name }),
    // Argon2id off the UI thread: { salt, auth_key } or { error }; with no
    // salt, a new account for `user`: also { keys, recovery_key, fingerprint }.
    passwordKeys: (password, salt, user) => run({ op: 'keys', password, salt, user }),
  });
})();

// Copies bytes straight into the buffer C++ will keep (one copy).
function toIncoming(buffer) {
  const ptr = Module._limn_incoming_buffer(buffer.byteLength);
  Module.HEAPU8.set(new Uint8Array(buffer), ptr);
}

function deliver(name, result) {
  if (result.kind === 'dicom') {
    toIncoming(result.pixels);
    Module.ccall('limn_add_dicom', null, ['string', 'string'], [name, result.header]);
  } else if (result.kind === 'photo') {
    toIncoming(result.rgba);
    Module.ccall('limn_add_photo', null, ['string', 'number', 'number'], [name, result.width, result.height]);
  } else {
    Module.ccall('limn_add_failure', null, ['string', 'string'], [name, result.error.message]);
  }
}

let displayedWaiters = [];
const kFilesInFlight = 32;
// The load whose files are being delivered: a newer openFiles() (another
// drop, a DICOMweb series) replaces it, and the older one's remaining
// results are dropped rather than mixed into the newer series.
let currentLoad = 0;

window.limn = {
  ready: false,
  decodeWorkers: decodePool.size,
  workers: decodePool,
  lastLoad: null,  // timings of the last openFiles(), for benchmarks

  // Opens files (DICOM, or PNG/JPEG photographs) as one load: all of them
  // are decoded in workers, then assembled into series. Resolves with the
  // load's timings once its first image is on screen (or it failed).
  async openFiles(files) {
    const list = [...files].filter((f) => !f.name.startsWith('.') && f.name !== 'DICOMDIR');
    const started = performance.now();
    const before = window.limn.state().load.generation;
    const load = ++currentLoad;
    Module._limn_begin_load(list.length);
    // A bounded number of files in flight: a study of thousands of files
    // must not be read into memory all at once.
    let next = 0;
    const lane = async () => {
      while (next < list.length && load === currentLoad) {
        const file = list[next++];
        const name = file.webkitRelativePath || file.name;
        let result;
        try {
          result = await decodePool.decode(await file.arrayBuffer());
        } catch (e) {
          result = { kind: 'error', error: { message: 'cannot read file: ' + e.message } };
        }
        if (load === currentLoad) deliver(name, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(kFilesInFlight, list.length) }, lane));
    const decoded = performance.now();
    const generation = window.limn.state().load.generation;
    let result = { ok: false, files: list.length, decodeMs: decoded - started };
    if (load !== currentLoad) {
      result = { ...result, replaced: true };  // another load took over before this one finished
    } else if (generation !== before) {
      const displayed = await new Promise((resolve) => {
        if (window.limn.state().load.displayed >= generation) resolve(performance.now());
        else displayedWaiters.push({ generation, resolve });
      });
      result = { ...result, ok: true, firstImageMs: displayed - started };
    }
    if (!result.replaced) window.limn.lastLoad = result;
    window.limn.account?.audit('image.open', 'local', { files: list.length, opened: result.ok });
    return result;
  },

  onLoadDisplayed(generation) {
    const now = performance.now();
    const ready = displayedWaiters.filter((w) => w.generation <= generation);
    displayedWaiters = displayedWaiters.filter((w) => w.generation > generation);
    for (const w of ready) w.resolve(now);
  },

  state() {
    return JSON.parse(Module.UTF8ToString(Module._limn_state_json()));
  },

  requestCanvasProbe() { Module._limn_request_canvas_probe(); },
  requestPixelProbe(points) {
    Module.ccall('limn_request_pixel_probe', null, ['string'], [JSON.stringify(points)]);
  },
  stepSlice(viewport, delta) { Module._limn_step_slice(viewport, delta); },
  setLayout(mpr) { Module._limn_set_layout(mpr ? 1 : 0); },
  setWindow(center, width) { Module._limn_set_window(center, width); },
  setTileLimit(pixels) { Module._limn_set_tile_limit(pixels); },
  lastFrameMs() { return Module._limn_last_frame_ms(); },
  // Frames drawn whole and in part; redrawAll(): the next one whole;
  // setPartialRedraw(false): every frame whole (for comparison).
  redrawStats() { return JSON.parse(Module.UTF8ToString(Module._limn_redraw_stats_json())); },
  redrawAll() { Module._limn_redraw_all(); },
  setPartialRedraw(on) { Module._limn_set_partial_redraw(on ? 1 : 0); },

  // Annotations: a JSON file picked by the user (label schema or annotation
  // file) goes to the app as text; saving offers the app's annotation file
  // as a download. Nothing leaves the machine.
  openText(kind) {
    const input = document.getElementById('text-input');
    input.onchange = async () => {
      const file = input.files[0];
      input.value = '';
      if (file) Module.ccall('limn_opened_text', null, ['string', 'string'], [kind, await file.text()]);
    };
    input.click();
  },
  // `count` random bytes as hex (secrets and salts made in the page).
  randomHex(count) {
    return Array.from(crypto.getRandomValues(new Uint8Array(count)), (b) => b.toString(16).padStart(2, '0')).join('');
  },
  saveText(name, text) { window.limn.download(new Blob([text], { type: 'application/json' }), name); },
  saveFiles(name, files) {
    const entries = {};
    for (const [path, text] of Object.entries(files)) entries[path] = fflate.strToU8(text);
    window.limn.download(new Blob([fflate.zipSync(entries)], { type: 'application/zip' }), name);
  },
  // Offers a blob as a file download (the only way anything leaves the page).
  download(blob, name) {
    window.limn.account?.audit('file.save', 'local', { bytes: blob.size, kind: name.split('.').pop() });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  },
  annotationsJson() { return JSON.parse(Module.UTF8ToString(Module._limn_annotations_json())); },
  // Scripted annotation commands (tests, benchmarks): see limn_annotate.
  annotate(command) { return Module.ccall('limn_annotate', 'number', ['string'], [JSON.stringify(command)]); },
  lastAppMs() { return Module._limn_last_app_ms(); },
};

async function openPicked(input) {
  await window.limn.openFiles(input.files);
  input.value = '';
}
document.getElementById('file-input').addEventListener('change', (e) => openPicked(e.target));
document.getElementById('folder-input').addEventListener('change', (e) => openPicked(e.target));

// Dropped folders arrive as directory entries; walk them into files.
async function filesFromDrop(dataTransfer) {
  const entries = [...dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  if (!entries.some((e) => e.isDirectory)) return [...dataTransfer.files];
  const files = [];
  const walk = async (entry) => {
    if (entry.isFile) {
      files.push(await new Promise((res, rej) => entry.file(res, rej)));
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const e of batch) await walk(e);
      }
    }
  };
  for (const e of entries) await walk(e);
  return files;
}

const dropHint = document.getElementById('drop-hint');
window.addEventListener('dragover', (event) => {
  event.preventDefault();
  dropHint.classList.remove('hidden');
});
window.addEventListener('dragleave', () => dropHint.classList.add('hidden'));
window.addEventListener('drop', async (event) => {
  event.preventDefault();
  dropHint.classList.add('hidden');
  if (!event.dataTransfer) return;
  const files = await filesFromDrop(event.dataTransfer);
  if (files.length) await window.limn.openFiles(files);
});

// The app draws only while something happens: any input wakes it.
for (const type of ['pointermove', 'pointerdown', 'pointerup', 'wheel', 'keydown', 'keyup', 'focus', 'blur', 'resize']) {
  window.addEventListener(type, () => { if (window.limn.ready) Module._limn_wake(); }, { passive: true, capture: true });
}

// The app's shortcuts win over the browser's inside the page (save page,
// select all text): Ctrl+S saves annotations, Ctrl+A selects them.
window.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && ['s', 'a', 'z', 'y'].includes(event.key.toLowerCase())) event.preventDefault();
});

// Right-drag is window/level, as in every PACS: no context menu on the image.
Module.canvas.addEventListener('contextmenu', (event) => event.preventDefault());
