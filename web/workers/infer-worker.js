// Inference worker: runs the site's ONNX models with ONNX Runtime Web (npm
// onnxruntime-web, served from this site's vendor/ort/) so the UI never
// stalls. WebGPU when the browser offers a hardware adapter, else WebAssembly with
// as many threads as cross-origin isolation allows; the choice and why are
// reported to the page. Models come from this site (or a local file the
// person picked) and are checked against their card's SHA-256 before use.
// Nothing is fetched from anywhere else.
//
// Messages in:  {type: 'init', models: [{key, url | bytes, sha256, input, output}], backend: 'auto'|'webgpu'|'wasm', threads}
//               (key: the card's name@version; a bare name in a run finds the one version loaded)
//               {type: 'add', model: {...}}   one more model (a local file)
//               {type: 'run', request, index, model, data: Float32Array, dims}
// Messages out: {type: 'status', backend, note, models: {key: {ready, error}}}
//               {type: 'output', request, index, data, dims, ms, error}

let ort = null;
let backend = '';
let note = '';
const sessions = new Map();  // key -> {session, input, output}
const status = {};           // key -> {ready, error}
let queue = Promise.resolve();  // runs one at a time, in order

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

function report() {
  self.postMessage({ type: 'status', backend, note, models: status });
}

// "vendor architecture description" of a WebGPU adapter, for the person.
function adapterName(adapter) {
  const info = adapter.info || {};
  return [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed';
}

// A fallback adapter is the browser's software renderer on the CPU (e.g.
// SwiftShader: a 256x256 segmentation takes seconds there, tens of
// milliseconds in WebAssembly), so `auto` takes it only when asked by name.
function isSoftware(adapter) {
  return Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter);
}

// wanted: 'auto' (a hardware WebGPU adapter, else WebAssembly), 'webgpu'
// (any WebGPU adapter, software included; else WebAssembly) or 'wasm'.
async function chooseBackend(wanted, threads) {
  const base = new URL('../vendor/ort/', self.location.href).href;
  let adapter = null;
  if (wanted !== 'wasm' && self.navigator.gpu) {
    try {
      adapter = await self.navigator.gpu.requestAdapter();
    } catch (e) {
      note = 'WebGPU adapter request failed: ' + e.message;
    }
  }
  // Where the runtime finds its wasm, and its threads (for WebAssembly, also
  // under WebGPU for a model WebGPU cannot run).
  const most = self.crossOriginIsolated ? Math.min(4, self.navigator.hardwareConcurrency || 1) : 1;
  const configureWasm = (module) => {
    module.env.wasm.wasmPaths = base;
    module.env.wasm.numThreads = Math.max(1, Math.min(threads || most, most));
  };
  if (adapter && (wanted === 'webgpu' || !isSoftware(adapter))) {
    ort = await import(base + 'ort.min.mjs');
    configureWasm(ort);
    backend = 'webgpu';
    note = `WebGPU adapter: ${adapterName(adapter)}${isSoftware(adapter) ? ' (software fallback, asked for by name)' : ''}`;
    return;
  }
  if (!note) {
    if (wanted === 'wasm') note = 'WebAssembly chosen';
    else if (!self.navigator.gpu) note = 'no WebGPU in this browser';
    else if (!adapter) note = 'no WebGPU adapter in this browser';
    else note = `the only WebGPU adapter is a software fallback (${adapterName(adapter)}); WebAssembly is faster`;
  }
  ort = await import(base + 'ort.wasm.min.mjs');
  configureWasm(ort);
  backend = `wasm, ${ort.env.wasm.numThreads} thread${ort.env.wasm.numThreads > 1 ? 's' : ''}`;
  if (!self.crossOriginIsolated) note += '; one thread: the page is not cross-origin isolated';
}

async function load(model) {
  status[model.key] = { ready: false, error: '' };
  report();
  try {
    let bytes = model.bytes;
    if (!bytes) {
      const response = await fetch(model.url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${model.url}: HTTP ${response.status}`);
      bytes = await response.arrayBuffer();
    }
    if (model.sha256) {
      const digest = hex(await crypto.subtle.digest('SHA-256', bytes));
      if (digest !== model.sha256) throw new Error(`the model file's SHA-256 is ${digest}, its card says ${model.sha256}`);
    }
    const options = { executionProviders: [backend === 'webgpu' ? 'webgpu' : 'wasm'], graphOptimizationLevel: 'all' };
    let session;
    try {
      session = await ort.InferenceSession.create(new Uint8Array(bytes), options);
    } catch (e) {
      if (backend !== 'webgpu') throw e;
      // WebGPU may lack an operator: this model runs on WebAssembly instead.
      session = await ort.InferenceSession.create(new Uint8Array(bytes), { executionProviders: ['wasm'] });
      note = `WebGPU could not run ${model.key} (${e.message}); it runs on wasm`;
    }
    sessions.set(model.key, { session, input: model.input, output: model.output });
    status[model.key] = { ready: true, error: '' };
  } catch (e) {
    status[model.key] = { ready: false, error: String(e.message || e) };
  }
  report();
}

async function run(message) {
  const { request, index, model, data, dims } = message;
  const versions = [...sessions.keys()].filter((k) => k.startsWith(`${model}@`));
  const entry = sessions.get(model) ?? (versions.length === 1 ? sessions.get(versions[0]) : undefined);
  if (!entry) {
    self.postMessage({ type: 'output', request, index, error: `${model} is not loaded`, ms: 0 });
    return;
  }
  try {
    const start = performance.now();
    const feeds = { [entry.input]: new ort.Tensor('float32', data, dims) };
    const results = await entry.session.run(feeds);
    const out = results[entry.output];
    if (!out) throw new Error(`the model has no output named ${entry.output}`);
    const values = out.location === 'gpu-buffer' ? await out.getData() : out.data;
    const copy = new Float32Array(values);
    const ms = performance.now() - start;
    self.postMessage({ type: 'output', request, index, data: copy, dims: out.dims, ms, error: '' }, [copy.buffer]);
  } catch (e) {
    self.postMessage({ type: 'output', request, index, error: String(e.message || e), ms: 0 });
  }
}

// One step at a time, in order; a step that fails (a runtime that did not
// start) does not stop the ones after it, which answer with their errors.
const enqueue = (step) => {
  queue = queue.then(step).catch((e) => {
    note = `the model runtime failed: ${e.message || e}`;
    report();
  });
};

self.onmessage = (event) => {
  const m = event.data;
  if (m.type === 'init') {
    enqueue(async () => {
      // Every model is listed as loading from the start: a status that
      // named only those loaded so far would read as "all settled".
      for (const model of m.models) status[model.key] = { ready: false, error: '' };
      try {
        await chooseBackend(m.backend || 'auto', m.threads);
      } catch (e) {
        for (const model of m.models) status[model.key] = { ready: false, error: `the model runtime did not start: ${e.message || e}` };
        report();
        return;
      }
      for (const model of m.models) await load(model);
      report();
    });
  } else if (m.type === 'add') {
    enqueue(() => load(m.model));
  } else if (m.type === 'run') {
    enqueue(() => run(m));
  }
};
