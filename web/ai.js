// AI assistance in the page: on first use, fetches the site's model cards
// (models/index.json, served by limn-server beside the app), hands them to
// the app (C++ checks them), and runs the app's inference requests in a
// worker (workers/infer-worker.js, ONNX Runtime Web). Tensors go from the
// app's memory to the worker and back; pixels never leave the tab.
'use strict';

(() => {
  let worker = null;
  const cards = [];  // as handed to the app
  const benchRuns = new Map();  // request id (negative) -> resolve, for bench()
  let benchId = 0;
  const requests = new Map();  // request id -> model name, for the audit event of each run

  const call = (name, json) => Module.ccall(name, null, ['string'], [JSON.stringify(json)]);

  function onMessage(event) {
    const m = event.data;
    if (m.type === 'status') {
      window.limn.ai.status = m;
      call('limn_ai_status', m);
    } else if (m.type === 'output' && m.request < 0) {
      benchRuns.get(m.request)?.(m);
      benchRuns.delete(m.request);
    } else if (m.type === 'output') {
      if (m.index === 0) window.limn.account?.audit('model.run', 'local', { model: requests.get(m.request) || '' });
      requests.delete(m.request);
      const count = m.data ? m.data.length : 0;
      if (count) Module.HEAPF32.set(m.data, Module._limn_ai_output_buffer(count) >> 2);
      Module.ccall('limn_ai_output', null, ['number', 'number', 'string', 'number', 'string'],
        [m.request, m.index, JSON.stringify(m.dims || []), m.ms || 0, m.error || '']);
      window.limn.ai.runs += 1;
    }
  }

  const keyOf = (card) => `${card.name}@${card.version}`;

  function modelEntry(card, url, bytes) {
    return { key: keyOf(card), url, bytes, sha256: card.sha256 || '', input: card.input.name, output: card.output.name };
  }

  // Options from the page's address (for benchmarks and tests):
  // ?ai-backend=wasm|webgpu|auto&ai-threads=1 (see web/workers/infer-worker.js)
  function options() {
    const q = new URLSearchParams(window.location.search);
    return { backend: q.get('ai-backend') || 'auto', threads: Number(q.get('ai-threads')) || 0 };
  }

  async function start() {
    let list = [];
    try {
      const index = await fetch('models/index.json', { credentials: 'same-origin' });
      if (index.ok) list = (await index.json()).models || [];
    } catch (e) {
      list = [];
    }
    // A list of card file names; anything else in the site's index is no model.
    if (!Array.isArray(list)) list = [];
    list = list.filter((file) => typeof file === 'string');
    for (const file of list) {
      try {
        const r = await fetch('models/' + file, { credentials: 'same-origin' });
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        cards.push({ file, card: await r.json() });
      } catch (e) {
        cards.push({ file, error: `cannot read the card: ${e.message}` });
      }
    }
    call('limn_ai_models', cards);
    const state = window.limn.state().ai;
    const ok = cards.filter((c) => c.card && state.models.some((m) => m.key === keyOf(c.card)));
    worker = new Worker('workers/infer-worker.js', { type: 'module' });
    worker.onmessage = onMessage;
    worker.onerror = (e) => call('limn_ai_status', { backend: 'unavailable', note: 'the model worker failed: ' + e.message });
    const { backend, threads } = options();
    worker.postMessage({ type: 'init', backend, threads,
      models: ok.map((c) => modelEntry(c.card, new URL('models/' + c.card.file, document.baseURI).href)) });
  }

  window.limn.ai = {
    runs: 0,
    status: null,
    run(request, index, model, data, dims) {
      if (index === 0) requests.set(request, model);
      worker.postMessage({ type: 'run', request, index, model, data, dims }, [data.buffer]);
    },
    // Runs a model on one tensor `repeat` times in the worker (for
    // web/bench/infer-bench.mjs and the tests): the worker's time per run
    // (ms) and the last output.
    async bench(model, data, dims, repeat) {
      const times = [];
      let output = null;
      for (let i = 0; i < repeat; i++) {
        const request = --benchId;
        const copy = new Float32Array(data);
        const done = new Promise((resolve) => benchRuns.set(request, resolve));
        worker.postMessage({ type: 'run', request, index: 0, model, data: copy, dims }, [copy.buffer]);
        const m = await done;
        if (m.error) throw new Error(m.error);
        times.push(m.ms);
        output = { data: [...m.data], dims: m.dims };
      }
      return { times, output };
    },
    // A model the person picked from their disk: its card and .onnx file.
    // It replaces a served model of the same name and version, and the app
    // selects it for its kind (the person chose it).
    async openLocal(cardFile, onnxFile) {
      await window.limn.ai.start();
      const card = JSON.parse(await cardFile.text());
      // In its place, so the app's models keep their order (runs in flight
      // refer to them by position).
      const same = cards.findIndex((c) => c.card && keyOf(c.card) === keyOf(card));
      const entry = { file: cardFile.name, card, local: true };
      if (same >= 0) cards[same] = entry;
      else cards.push(entry);
      call('limn_ai_models', cards);
      worker.postMessage({ type: 'add', model: modelEntry(card, '', await onnxFile.arrayBuffer()) });
    },
  };

  // File > a local model: the person picks a card (.json) and its .onnx together.
  const picker = document.getElementById('model-input');
  picker?.addEventListener('change', async () => {
    const files = [...picker.files];
    picker.value = '';
    const card = files.find((f) => f.name.endsWith('.json'));
    const onnx = files.find((f) => f.name.endsWith('.onnx'));
    if (!card || !onnx) {
      call('limn_ai_status', { error: 'pick a model card (.json) and its .onnx file together' });
      return;
    }
    try {
      await window.limn.ai.openLocal(card, onnx);
    } catch (e) {
      call('limn_ai_status', { error: `${card.name}: ${e.message}` });
    }
  });
  window.limn.ai.pick = () => picker?.click();

  // The app asks for the models on first use (limn_js_ai_start), once.
  let started = null;
  window.limn.ai.start = () => {
    started ??= start();
    return started;
  };
})();
