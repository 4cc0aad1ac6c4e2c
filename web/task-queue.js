// Pre-annotation of a person's task queue (File > Account... > "Pre-annotate
// my tasks"): every task assigned to them that is theirs to annotate (new,
// annotating or returned), one after the other. Each task is opened for
// annotation and what the server holds of it is taken in first (images that
// already hold the model's results are not run again); its images are those
// the site relays to it, else the images open in this browser that its
// image_id names (a SOP Instance, Series or Study Instance UID); the chosen
// pre-annotation model runs over them in the app (web/ai.js's worker), and
// the next task waits until the server acknowledged every proposal. Tasks
// whose images are not here are named, not guessed at. Cancel stops the run;
// proposals made before it are kept and sent. Every result is a proposal a
// person confirms or corrects before it counts.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const kOpenStates = new Set(['new', 'annotating', 'returned']);
  const kModelWaitMs = 180000;
  const run = { active: false, cancelled: false, results: [] };

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const aiState = () => window.limn.state().ai;
  const say = (text, isError = false) => {
    const el = $('queue-status');
    if (!el) return;
    el.textContent = text;
    el.classList.toggle('error', isError);
  };
  // `done` tasks of `total`, plus the share of the current one's images.
  const showProgress = (done, total, share = 0) => {
    const bar = $('queue-progress');
    if (!bar) return;
    bar.hidden = false;
    bar.max = Math.max(total, 1);
    bar.value = done + share;
  };

  function showResults() {
    const list = $('queue-results');
    if (!list) return;
    list.replaceChildren(...run.results.map((r) => {
      const item = document.createElement('li');
      item.dataset.task = r.task;
      item.dataset.outcome = r.outcome;
      item.textContent = `task ${r.task} (${r.image_id}): ${r.note}`;
      return item;
    }));
  }

  // The site's models, loaded once; resolves when the chosen pre-annotation
  // model is ready, or every model has either loaded or failed (the app
  // then says why it cannot run).
  async function modelsReady() {
    window.limn.annotate({ op: 'ai_start' });
    await window.limn.ai.start();  // the site's cards are in the app once this resolves
    for (const deadline = Date.now() + kModelWaitMs; Date.now() < deadline && !run.cancelled; await sleep(200)) {
      const { models } = aiState();
      const chosen = models.find((m) => m.selected && m.task !== 'interactive-segmentation');
      if (chosen?.ready || models.every((m) => m.ready || m.error)) return;
    }
  }

  // The AI queue of the open task, drawn into the bar until it is empty.
  async function preannotated(done, total) {
    for (;;) {
      const { busy, queue } = aiState();
      showProgress(done, total, queue.total ? queue.done / queue.total : 0);
      if (!busy) return queue;
      if (run.cancelled) window.limn.annotate({ op: 'ai_cancel' });
      await sleep(100);
    }
  }

  // One task: opened, caught up, its images found, pre-annotated, sent.
  async function preannotateTask(task, relayed, done, total) {
    const result = { task: task.id, image_id: task.image_id, outcome: 'done', proposals: 0, note: '' };
    await window.limn.sync.openTask(task.id);
    await window.limn.sync.caughtUp();
    if (relayed) {
      const opened = await window.limn.sync.openRelayedImages();
      if (!opened?.ok) throw new Error('its relayed images did not open');
    }
    const start = JSON.parse(Module.ccall('limn_ai_preannotate', 'string', ['string'], [relayed ? '' : task.image_id]));
    if (start.refused) throw Object.assign(new Error(start.message), { stopsRun: true });
    if (start.images === 0) {
      return { ...result, outcome: 'skipped', note: 'its image is not open in this browser (open it, or ask the site to relay it)' };
    }
    if (start.queued === 0) return { ...result, outcome: 'already', note: 'already pre-annotated' };
    const queue = await preannotated(done, total);
    await window.limn.sync.sent();
    result.proposals = queue.proposals;
    if (queue.cancelled || run.cancelled) return { ...result, outcome: 'cancelled', note: `cancelled after ${queue.done} of ${start.queued} images, ${queue.proposals} proposals kept` };
    const left = start.images - start.queued;
    result.note = `${queue.proposals} proposal${queue.proposals === 1 ? '' : 's'} on ${start.queued} image${start.queued === 1 ? '' : 's'}` +
      (left ? ` (${left} already pre-annotated)` : '');
    return result;
  }

  async function preannotateQueue() {
    if (run.active) throw new Error('a queue is already being pre-annotated');
    const me = window.limn.account.state().user;
    if (!me) throw new Error('sign in first');
    if (!window.limn.sync.state().unlocked) throw new Error('unlock your keys first: your password, above');
    Object.assign(run, { active: true, cancelled: false, results: [] });
    // The run opens task after task: opening another by hand meanwhile waits.
    const controls = ['queue-start', 'sync-open', 'sync-images'].map($).filter(Boolean);
    const enabled = controls.map((c) => !c.disabled);
    for (const c of controls) c.disabled = true;
    $('queue-cancel').hidden = false;
    try {
      const tasks = (await window.limn.sync.listTasks())
        .filter((t) => t.assignee === me && kOpenStates.has(t.state))
        .sort((a, b) => a.id - b.id);
      if (tasks.length === 0) {
        say('No task of yours waits for annotation.');
        return run.results;
      }
      // Relayed images replace what is open, so the tasks whose images are
      // open here go first.
      const relayed = new Map();
      for (const t of tasks) relayed.set(t.id, (await window.limn.account.api('GET', `/api/v1/tasks/${encodeURIComponent(t.id)}/blobs`)).blobs.length > 0);
      const order = [...tasks.filter((t) => !relayed.get(t.id)), ...tasks.filter((t) => relayed.get(t.id))];
      say('Loading the models...');
      showProgress(0, order.length);
      await modelsReady();
      for (const [i, task] of order.entries()) {
        if (run.cancelled) break;
        say(`Task ${task.id} (${i + 1} of ${order.length})...`);
        let result;
        try {
          result = await preannotateTask(task, relayed.get(task.id), i, order.length);
        } catch (e) {
          // Signed out or the session ended: no later task would fare better.
          if (e.stopsRun || e.status === 401 || !window.limn.account.state().user) throw e;
          result = { task: task.id, image_id: task.image_id, outcome: 'failed', proposals: 0, note: e.message };
        }
        run.results.push(result);
        showResults();
        showProgress(i + 1, order.length);
        if (result.outcome === 'cancelled') break;
      }
      const made = run.results.reduce((n, r) => n + r.proposals, 0);
      const by = (outcome) => run.results.filter((r) => r.outcome === outcome).length;
      const open = window.limn.sync.state().page.task;
      say(`${run.cancelled ? 'Cancelled' : 'Done'}: ${made} proposals to confirm or correct on ${by('done') + by('cancelled')} tasks` +
        `${by('already') ? `, ${by('already')} already pre-annotated` : ''}` +
        `${by('skipped') ? `, ${by('skipped')} without their image here` : ''}` +
        `${by('failed') ? `, ${by('failed')} failed` : ''}.${open ? ` Task ${open} is open.` : ''}`, by('failed') > 0);
      return run.results;
    } catch (e) {
      say(e.message, true);
      throw e;
    } finally {
      run.active = false;
      $('queue-cancel').hidden = true;
      controls.forEach((c, i) => { c.disabled = !enabled[i]; });
    }
  }

  function cancel() {
    if (!run.active) return;
    run.cancelled = true;
    window.limn.annotate({ op: 'ai_cancel' });
    say('Cancelling: proposals made so far are kept.');
  }

  $('queue-start')?.addEventListener('click', () => preannotateQueue().catch(() => {}));
  $('queue-cancel')?.addEventListener('click', cancel);

  window.limn.queue = {
    preannotate: preannotateQueue,
    cancel,
    state: () => ({ active: run.active, cancelled: run.cancelled, results: run.results.map((r) => ({ ...r })) }),
  };
})();
