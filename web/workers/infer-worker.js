// Inference worker: runs the site's ONNX models with ONNX Runtime Web (npm
// onnxruntime-web, served from this site's vendor/ort/) so the UI never
// stalls. WebGPU when the browser offers an adapter, else WebAssembly with
// as many threads as cross-origin isolation allows; the choice and why are
// reported to the page. Models come from this site (or a local file the
// person picked) and are checked against their card's SHA-256 before use.
// Nothing is fetched from anywhere else.
//
// Messages in:  {type: 'init', models: [{name, url | bytes, sha256, input, output}], backend: 'auto'|'wasm', threads}
//               {type: 'add', model: {...}}   one more model (a local file)
//               {type: 'run', request, index, model, data: Float32Array, dims}
// Messages out: {type: 'status', backend, note, models: {name: {ready, error}}}
//               {type: 'output', request, index, data, dims, ms, error}

let ort = null;
let backend = '';
let note = '';
const sessions = new Map();  // name -> {session, input, output}
const status = {};           // name -> {ready, error}
let queue = Promise.resolve();  // runs one at a time, in order

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

function report() {
  self.postMessage({ type: 'status', backend, note, models: status });
}

async function chooseBackend(wanted, threads) {
  const base = new URL('../vendor/ort/', self.location.href).href;
  let adapter = null;
  if (wanted === 'auto' && self.navigator.gpu) {
    try {
      adapter = await self.navigator.gpu.requestAdapter();
    } catch (e) {
      note = 'WebGPU adapter request failed: ' + e.message;
    }
  }
  if (adapter) {
    ort = await import(base + 'ort.min.mjs');
    ort.env.wasm.wasmPaths = base;
    backend = 'webgpu';
    note = 'WebGPU adapter found';
    return;
  }
  if (!note) note = wanted === 'auto' ? 'no WebGPU adapter in this browser' : 'WebAssembly chosen';
  ort = await import(base + 'ort.wasm.min.mjs');
  ort.env.wasm.wasmPaths = base;
  const most = self.crossOriginIsolated ? Math.min(4, self.navigator.hardwareConcurrency || 1) : 1;
  ort.env.wasm.numThreads = Math.max(1, Math.min(threads || most, most));
  backend = `wasm, ${ort.env.wasm.numThreads} thread${ort.env.wasm.numThreads > 1 ? 's' : ''}`;
  if (!self.crossOriginIsolated) note += '; one thread: the page is not cross-origin isolated';
}

async function load(model) {
  status[model.name] = { ready: false, error: '' };
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
      note = `WebGPU could not run ${model.name} (${e.message}); it runs on wasm`;
    }
    sessions.set(model.name, { session, input: model.input, output: model.output });
    status[model.name] = { ready: true, error: '' };
  } catch (e) {
    status[model.name] = { ready: false, error: String(e.message || e) };
  }
  report();
}

async function run(message) {
  const { request, index, model, data, dims } = message;
  const entry = sessions.get(model);
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

self.onmessage = (event) => {
  const m = event.data;
  if (m.type === 'init') {
    queue = queue.then(async () => {
      await chooseBackend(m.backend || 'auto', m.threads);
      for (const model of m.models) await load(model);
      report();
    });
  } else if (m.type === 'add') {
    queue = queue.then(() => load(m.model));
  } else if (m.type === 'run') {
    queue = queue.then(() => run(m));
  }
};
