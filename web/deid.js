// De-identification in the page: files go through the decode workers' wasm
// engine (client/core/deid), their reports to the app (C++) for review, and
// the de-identified bytes stay in this tab until the person saves them as a
// zip (npm fflate) or opens them in the viewer. Nothing here talks to a
// server: the original bytes never leave the tab.
'use strict';

(() => {
  const state = {
    settings: null,   // JSON the workers get (App::deidSettingsJson)
    ephemeral: null,  // the run's made-up secret when the person gave none
    sources: new Map(),  // input name -> File, for re-runs with new decisions
    outputs: new Map(),  // input name -> { name, bytes } of released files
    order: [],
    position: new Map(),  // input name -> index in order (output names follow it)
  };
  const kFilesInFlight = 16;

  const event = (body) => Module.ccall('limn_deid_event', null, ['string'], [JSON.stringify(body)]);

  // Without a project secret: one random secret for the whole run, so its
  // UIDs agree with each other and with nothing else.
  function withSecret(settings) {
    if (settings.secret) return JSON.stringify(settings);
    state.ephemeral ??= window.limn.randomHex(32);
    return JSON.stringify({ ...settings, secret: state.ephemeral, ephemeral: true });
  }

  function outputName(index) {
    return `${String(index + 1).padStart(5, '0')}.dcm`;
  }

  async function process(names) {
    let next = 0;
    const lane = async () => {
      while (next < names.length) {
        const name = names[next++];
        let result;
        try {
          const bytes = await state.sources.get(name).arrayBuffer();
          result = await window.limn.workers.deidentify(bytes, state.settings, name);
        } catch (e) {
          result = { kind: 'error', error: { message: 'cannot read file: ' + e.message } };
        }
        let report = result.report;
        if (result.kind !== 'deid') {
          report = { input: name, status: 'unreadable', reason: result.error.message };
        }
        let output = '';
        if (result.output) {
          output = outputName(state.position.get(name));
          state.outputs.set(name, { name: output, bytes: new Uint8Array(result.output) });
        } else {
          state.outputs.delete(name);
        }
        event({ event: 'file', report, output });
      }
    };
    await Promise.all(Array.from({ length: Math.min(kFilesInFlight, names.length) }, lane));
  }

  // De-identifies `files` (File objects) with `settings` (an object as
  // App::deidSettingsJson makes). Resolves with the app's summary state.
  async function run(files, settings, source = 'folder') {
    const list = [...files].filter((f) => !f.name.startsWith('.'));
    state.sources = new Map(list.map((f) => [f.webkitRelativePath || f.name, f]));
    state.order = [...state.sources.keys()];
    state.position = new Map(state.order.map((name, i) => [name, i]));
    state.outputs = new Map();
    state.ephemeral = null;
    state.settings = withSecret(settings);
    event({ event: 'begin', files: state.order.length, source });
    await process(state.order);
    event({ event: 'done' });
    window.limn.account?.audit('deid.run', 'local', { files: state.order.length, released: state.outputs.size });
    return window.limn.state().deid;
  }

  // The files not released, again, with the person's new decisions
  // (redaction box, reviewed) and the same secret.
  async function rerun(settings) {
    state.settings = withSecret(settings);
    const refused = state.order.filter((name) => !state.outputs.has(name));
    event({ event: 'rerun' });
    await process(refused);
    event({ event: 'done' });
    return window.limn.state().deid;
  }

  // The released files and the data set report (no input paths) as a zip.
  function archive() {
    const entries = {};
    for (const name of state.order) {
      const out = state.outputs.get(name);
      if (out) entries[`deidentified/${out.name}`] = [out.bytes, { level: 0 }];
    }
    const report = Module.UTF8ToString(Module._limn_deid_dataset_report());
    entries['deidentified/deid-report.json'] = new TextEncoder().encode(report);
    return fflate.zipSync(entries);
  }

  function save() {
    window.limn.download(new Blob([archive()], { type: 'application/zip' }), 'deidentified.zip');
    event({ event: 'saved', name: 'deidentified.zip' });
  }

  function open() {
    const files = state.order.filter((n) => state.outputs.has(n))
      .map((n) => new File([state.outputs.get(n).bytes], state.outputs.get(n).name));
    return window.limn.openFiles(files);
  }

  function discard() {
    state.sources = new Map();
    state.outputs = new Map();
    state.order = [];
    state.position = new Map();
    state.ephemeral = null;
  }

  // The folder picker of the de-identification panel.
  const input = document.getElementById('deid-input');
  let pendingSettings = null;
  input.addEventListener('change', async () => {
    const files = [...input.files];
    input.value = '';
    if (files.length && pendingSettings) await run(files, pendingSettings, 'folder');
  });

  // Requests from the app's panel (C++, App::sendDeid).
  async function handle(request) {
    try {
      if (request.op === 'choose_folder') {
        pendingSettings = request.settings;
        input.click();
      } else if (request.op === 'rerun') {
        await rerun(request.settings);
      } else if (request.op === 'save') {
        save();
      } else if (request.op === 'preview') {
        const file = state.sources.get(request.input);
        if (file) await window.limn.openFiles([file]);
      } else if (request.op === 'open') {
        await open();
      } else if (request.op === 'discard') {
        discard();
      }
    } catch (error) {
      event({ event: 'error', message: String(error && error.message || error) });
    }
  }

  window.limn.deid = { run, rerun, archive, save, open, discard, handle };
})();
