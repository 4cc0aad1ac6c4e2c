// Live sync of a task in the browser. The app's module (client/app/
// sync_link.h) holds the keys, seals this person's ops and opens what
// arrives; this script only moves ciphertext: an outbox in IndexedDB (sealed
// envelopes, so nothing readable is stored), pushes that survive going
// offline (each op kept until the server acknowledged it; the server
// ignores an op id it already has, so a push cut off half-way is simply
// sent again), and a long poll that brings other people's edits within a
// moment of their push (this session's own ops come along with them but do
// not end the wait; the same person's from another computer or tab do).
//
// An op is sent as soon as it is sealed and written to the outbox at the
// same time; it leaves the outbox once the server acknowledged it.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const kBatch = 200;
  const kWaitSeconds = 20;
  const state = { task: null, project: null, generation: 0, pushing: false, retry: null, retryWait: 0, error: '', polling: null };

  // A task left (another opened, or closed): its long poll is ended at once.
  // Left waiting, it would hold one of the browser's six connections to the
  // server for up to 20 s, and a few task switches would stall every request.
  function leaveTask() {
    state.generation++;
    state.polling?.abort();
    state.polling = null;
  }

  const appState = () => JSON.parse(Module.UTF8ToString(Module._limn_sync_state_json()));
  const say = (text, isError = false) => {
    state.error = isError ? text : '';
    const el = $('sync-status');
    if (el) {
      el.textContent = text;
      el.classList.toggle('error', isError);
    }
  };

  const api = (method, path, body) => window.limn.account.api(method, path, body);
  // Whatever the module learnt of people's keys from a key status is kept
  // for the next visit (web/account.js).
  const keepKnownKeys = () => window.limn.account.keepKnownKeys();

  // Edits a member sealed that hold no valid edit (a faulty or hostile app)
  // are left out by every reader alike; the rest of the task stays in sync,
  // and the person sees whose they were.
  function showRefused(task, s) {
    const el = $('sync-refused');
    if (!el) return;
    el.hidden = !(s.refused > 0);
    if (!s.refused) return;
    const last = s.last_refused;
    el.textContent = `Task ${task}: ${s.refused} edit${s.refused > 1 ? 's' : ''} left out, not valid as sealed by ` +
      `${s.refused > 1 ? 'their authors' : 'its author'}; the last, ${last.op} by ${last.author}: ${last.reason}. ` +
      `Ask ${last.author} to check their app; the task's other edits are in sync.`;
  }

  // --- the outbox: sealed envelopes, keyed by task and op id ---------------
  let dbPromise = null;
  function outbox() {
    dbPromise ??= new Promise((resolve, reject) => {
      const open = indexedDB.open('limn-sync', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('outbox', { keyPath: 'key' });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    return dbPromise;
  }
  async function store(mode, work) {
    const db = await outbox();
    return new Promise((resolve, reject) => {
      const tx = db.transaction('outbox', mode);
      const result = work(tx.objectStore('outbox'));
      tx.oncomplete = () => resolve(result?.result ?? result);
      tx.onerror = () => reject(tx.error);
    });
  }
  const stored = async (task) => (await store('readonly', (s) => s.getAll())).filter((e) => e.task === task);

  // Sealed ops of the open task not yet acknowledged, in the order made;
  // each is also written to the outbox, and sent without waiting for that
  // write (the outbox is what survives going offline or closing the tab).
  const pending = new Map();  // key -> { key, task, envelope, persisted }

  function push(envelopes) {
    const task = state.task;
    if (!task) return;
    const entries = envelopes.map((envelope) => ({ key: `${task}/${envelope.op}`, task, envelope }));
    const persisted = store('readwrite', (s) => { for (const e of entries) s.put({ key: e.key, task, envelope: e.envelope }); });
    for (const e of entries) pending.set(e.key, { ...e, persisted });
    flush();
  }

  // `background`: a retry the page makes on its own, which must not keep an
  // unattended session from timing out (limn-server's X-Limn-Background).
  async function flush({ background = false } = {}) {
    if (state.pushing || !state.task) return;
    state.pushing = true;
    clearTimeout(state.retry);
    const task = state.task;
    try {
      for (;;) {
        const batch = [...pending.values()].filter((e) => e.task === task).slice(0, kBatch);
        if (batch.length === 0 || task !== state.task) break;
        const reply = await api('POST', `/api/v1/tasks/${encodeURIComponent(task)}/ops`, { ops: batch.map((e) => e.envelope) },
          { background });
        for (const e of batch) pending.delete(e.key);
        if (task === state.task) Module._limn_sync_acknowledged(reply.acks.length);  // not another task's count
        Promise.all(batch.map((e) => e.persisted))
          .then(() => store('readwrite', (s) => { for (const e of batch) s.delete(e.key); }));
      }
      if (!state.error && task === state.task) say(`Task ${task}: in sync.`);
      state.retryWait = 0;
    } catch (e) {
      // Offline or refused: the ops stay queued and go with the next try,
      // tried again less and less often (1 s doubling to half a minute: a
      // short cut-off costs its edits a few seconds, not a minute).
      state.retryWait = Math.min(30000, state.retryWait ? state.retryWait * 2 : 1000);
      let wait = state.retryWait;
      if (e.code === 'stale_key_epoch') {
        wait = await rekey(task, [...pending.values()].filter((p) => p.task === task)).then(() => 0, (err) => {
          say(`Task ${task}: your queued edits could not be sealed again: ${err.message}`, true);
          return 2000;
        });
      } else if (e.status >= 400 && e.status < 500 && e.status !== 401) {
        say(`Task ${task}: ${e.message}`, true);
      } else {
        say(`Task ${task}: offline; ${pending.size} edits wait to be sent.`);
      }
      state.retry = setTimeout(() => flush({ background: true }), wait);
    } finally {
      state.pushing = false;
    }
    // Another task opened while this push was on its way: its edits go now.
    if (state.task && state.task !== task) flush();
  }

  // After a key rotation (a member removed): the app's module takes the
  // project's keys as they are now, and `entries` (queued edits the server
  // refused as sealed under the replaced epoch) are opened with the old key
  // and sealed again under the new one. Their op ids stay, so an edit the
  // server already has is still not stored twice.
  async function rekey(task, entries = []) {
    const keys = await api('GET', `/api/v1/projects/${encodeURIComponent(state.project)}/keys`);
    const made = JSON.parse(Module.ccall('limn_sync_rekey', 'string', ['string', 'string'],
      [JSON.stringify(keys), JSON.stringify(entries.map((e) => e.envelope))]));
    keepKnownKeys();
    if (made.error) throw new Error(made.error);
    if (entries.length === 0) return;
    entries.forEach((e, i) => { e.envelope = made.envelopes[i]; });
    const persisted = store('readwrite', (s) => { for (const e of entries) s.put({ key: e.key, task, envelope: e.envelope }); });
    for (const e of entries) e.persisted = persisted;
    say(`Task ${task}: the project key changed; ${entries.length} queued edits sealed again under it.`);
  }

  async function poll(generation) {
    while (generation === state.generation) {
      const task = state.task;
      try {
        const { last_seq: after, lane } = appState();
        const mine = Number.isInteger(lane) ? `&lane=${lane}` : '';
        // A long poll is the page waiting, not the person working: the
        // session's idle time runs on (limn-server's X-Limn-Background).
        state.polling = new AbortController();
        const res = await fetch(`/api/v1/tasks/${encodeURIComponent(task)}/ops?after=${after}&wait=${kWaitSeconds}${mine}`,
          { credentials: 'same-origin', headers: { 'X-Limn-Background': '1' }, signal: state.polling.signal });
        if (generation !== state.generation) return;
        const text = await res.text();
        if (!res.ok) throw Object.assign(new Error(JSON.parse(text).error?.message ?? `the server answered ${res.status}`), { status: res.status });
        const before = appState().received;
        Module.ccall('limn_sync_incoming', null, ['string'], [text]);
        if (appState().error) {
          // Others' edits under a key epoch this page has not seen yet (a
          // rotation): take the project's keys now and open the page again.
          await rekey(task).catch(() => {});
          Module.ccall('limn_sync_incoming', null, ['string'], [text]);
        }
        const s = appState();
        showRefused(task, s);
        if (s.received > before) {
          // When others' edits arrived, and the frame that shows them (figures).
          const arrived = { at: Date.now(), lastSeq: s.last_seq, shownAt: null };
          state.lastArrival = arrived;
          requestAnimationFrame(() => {
            arrived.shownAt = Date.now();
            window.dispatchEvent(new CustomEvent('limn:sync-shown', { detail: arrived }));
          });
        }
        if (s.error) {
          say(`Task ${task}: ${s.error}`, true);
          return;
        }
      } catch (e) {
        if (generation !== state.generation) return;
        if (e.status === 401 || e.status === 403) {
          say(`Task ${task}: ${e.message}`, true);
          if (e.status === 401) window.limn.account.sessionEndedOnServer();
          return;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  // Binds the app's document to `task` and starts pulling and pushing. The
  // same person may have the task open elsewhere too (another device, another
  // tab): each editing session numbers its ops in a lane of its own
  // (shared/sync/op_lane.h), so their edits never share an op id.
  async function openTask(task) {
    task = String(task);
    const me = window.limn.account.state().user;
    if (!me) throw new Error('sign in first');
    if (!appState().unlocked) throw new Error('unlock your keys first: File > Account..., your password');
    const info = await api('GET', `/api/v1/tasks/${encodeURIComponent(task)}`);
    const keys = await api('GET', `/api/v1/projects/${encodeURIComponent(info.project)}/keys`);
    // What an earlier visit left in the outbox goes first, in the order it
    // was made (the store's keys sort as text, ana#10 before ana#9, and the
    // server refuses a session's ops out of order; counters stay below 2^53,
    // exact as numbers), and only this person's (another person's, on a
    // shared computer, wait for them).
    const counter = (e) => Number(e.envelope.op.slice(e.envelope.op.lastIndexOf('#') + 1));
    const left = (await stored(task)).filter((e) => e.envelope.op.startsWith(`${me}#`))
      .sort((a, b) => counter(a) - counter(b));
    const error = Module.ccall('limn_sync_bind', 'string', ['string'],
      [JSON.stringify({ task, image_id: info.image_id, keys })]);
    keepKnownKeys();
    if (error) throw new Error(error);
    leaveTask();
    state.task = task;
    state.project = info.project;
    pending.clear();
    for (const e of left) pending.set(e.key, { ...e, persisted: Promise.resolve() });
    say(`Task ${task} (${info.project}, image ${info.image_id}): connected.`);
    showRefused(task, appState());
    window.limn.account.checkAuditLog();
    poll(state.generation);
    flush();
    return info;
  }

  // Images the site relays to the open task (sealed, where the project
  // allows it; `limn sync put-image`): each fetched, checked and opened in
  // the app's module, then opened like files from this computer. Nothing of
  // them is stored: the page keeps only what it shows.
  async function openRelayedImages() {
    const task = state.task;
    if (!task) throw new Error('open a task first');
    const { blobs } = await api('GET', `/api/v1/tasks/${encodeURIComponent(task)}/blobs`);
    if (!blobs.length) {
      say(`Task ${task}: no images are relayed to it.`);
      return null;
    }
    const files = [];
    for (const b of blobs) {
      const reply = await api('GET', `/api/v1/tasks/${encodeURIComponent(task)}/blobs/${encodeURIComponent(b.name)}`);
      const out = JSON.parse(Module.ccall('limn_sync_open_image', 'string', ['string', 'string'], [JSON.stringify(reply), b.name]));
      if (out.error) throw new Error(`${b.name} (from ${b.author}): ${out.error}; nothing opened`);
      files.push(new File([Module.HEAPU8.slice(out.ptr, out.ptr + out.size)], b.name));
      Module._limn_sync_image_release();
    }
    const opened = await window.limn.openFiles(files);
    say(`Task ${task}: ${files.length} relayed image${files.length === 1 ? '' : 's'} checked and opened in this browser.`);
    return opened;
  }

  function close() {
    state.task = null;
    leaveTask();
    showRefused(null, { refused: 0 });
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // Resolves once the open task's document holds every op the server had
  // when asked (the long poll brings them; this only asks whether any lie
  // beyond what arrived), so work that depends on what the task already
  // holds sees all of it.
  async function caughtUp(timeoutMs = 30000) {
    const task = state.task;
    if (!task) throw new Error('open a task first');
    for (const deadline = Date.now() + timeoutMs; ;) {
      const s = appState();
      if (s.error) throw new Error(`task ${task}: ${s.error}`);
      const { ops } = await api('GET', `/api/v1/tasks/${encodeURIComponent(task)}/ops?after=${s.last_seq}&limit=1`);
      if (task !== state.task) throw new Error(`task ${task} was closed`);
      if (ops.length === 0) return;
      if (Date.now() > deadline) throw new Error(`task ${task}: its edits did not all arrive within ${timeoutMs / 1000} s`);
      await sleep(50);
    }
  }

  // Resolves once the server acknowledged every edit of the open task made
  // in this page; rejects when pushing stopped with an error or took longer
  // than `timeoutMs` (the edits stay in the outbox and go with the next try).
  async function sent(timeoutMs = 60000) {
    const task = state.task;
    if (!task) throw new Error('open a task first');
    for (const deadline = Date.now() + timeoutMs; ;) {
      const waiting = [...pending.values()].filter((e) => e.task === task).length;
      if (waiting === 0 && !state.pushing) return;
      if (state.error) throw new Error(state.error);
      if (task !== state.task) throw new Error(`task ${task} was closed with ${waiting} edits in the outbox`);
      if (Date.now() > deadline) throw new Error(`task ${task}: ${waiting} edits wait to be sent (they stay in the outbox)`);
      await sleep(50);
    }
  }

  async function listTasks() {
    const { projects } = await api('GET', '/api/v1/projects');
    const out = [];
    for (const p of projects) {
      const { tasks } = await api('GET', `/api/v1/projects/${encodeURIComponent(p.name)}/tasks`);
      for (const t of tasks) out.push({ ...t, project: p.name });
    }
    return out;
  }

  async function refreshTaskList() {
    refreshProjects().catch((e) => membersSay(e.message, true));
    const select = $('sync-task');
    if (!select) return;
    select.replaceChildren();
    try {
      for (const t of await listTasks()) {
        const option = document.createElement('option');
        option.value = t.id;
        option.textContent = `${t.project}: task ${t.id} (${t.image_id}, ${t.state})`;
        select.append(option);
      }
      $('sync-open').disabled = select.options.length === 0;
    } catch (e) {
      say(e.message, true);
    }
  }

  // --- project members: fingerprints, and confirming those who wait ----------
  const membersSay = (text, isError = false) => {
    $('members-status').textContent = text;
    $('members-status').classList.toggle('error', isError);
  };
  const keyStatus = (project) => api('GET', `/api/v1/projects/${encodeURIComponent(project)}/keys`);

  // Whether this person may manage `project`'s members (the server decides;
  // the page only hides what it would refuse).
  const projectAdmin = new Map();  // project -> bool

  function memberButton(className, text, title, onClick) {
    const button = Object.assign(document.createElement('button'), { type: 'button', className, textContent: text, title });
    button.addEventListener('click', onClick);
    return button;
  }

  async function showMembers(project) {
    const status = await keyStatus(project);
    const listed = JSON.parse(Module.ccall('limn_project_members', 'string', ['string'], [JSON.stringify(status)]));
    keepKnownKeys();
    if (listed.error) throw new Error(listed.error);
    const { members } = listed;
    const me = window.limn.account.state().user;
    const manages = projectAdmin.get(project) || window.limn.account.state().admin;
    const body = $('members').tBodies[0];
    body.replaceChildren();
    for (const m of members) {
      const row = body.insertRow();
      row.dataset.user = m.user;
      row.insertCell().textContent = m.user;
      const fp = row.insertCell();
      fp.className = 'fingerprint';
      fp.textContent = m.fingerprint;
      const key = row.insertCell();
      if (m.holds_current) key.textContent = `holds epoch ${status.current_epoch}`;
      else key.append(memberButton('confirm-member', 'Confirm',
        'Give them the project key, after comparing the fingerprint with them', () => confirmMember(project, m.user)));
      const remove = row.insertCell();
      if (manages && m.user !== me) remove.append(memberButton('remove-member', 'Remove',
        'Take every role of theirs in this project and start a key epoch they do not hold', () => removeMember(project, m.user)));
    }
    const rotate = $('rotate-key');
    rotate.hidden = !status.current_epoch_stale;
    rotate.onclick = () => rotateKey(project).then((epoch) => {
      membersSay(`Started key epoch ${epoch}: new edits are sealed under it.`);
      return showMembers(project);
    }).catch((e) => membersSay(e.message, true));
    return members;
  }

  // The next key epoch, made in the app's module (a fresh key wrapped to
  // the members who hold the current one; refused unless this person does
  // too) and sent as wraps only; the open task's page takes the new keys.
  async function rotateKey(project) {
    const made = JSON.parse(Module.ccall('limn_rotation_request', 'string', ['string'],
      [JSON.stringify(await keyStatus(project))]));
    keepKnownKeys();
    if (made.error) throw new Error(made.error);
    await api('POST', `/api/v1/projects/${encodeURIComponent(project)}/key-epochs`, made);
    if (state.task && state.project === project) await rekey(state.task);
    return made.epoch;
  }

  // A member leaves: the server drops every role of theirs and marks the
  // current key stale (they may have kept it), then this person starts the
  // next epoch if they hold the current key; otherwise a key holder must.
  async function removeMember(project, user) {
    if (!window.confirm(`Remove ${user} from ${project}? They keep what they have read; nothing written from now on is theirs to read.`)) return;
    try {
      await api('DELETE', `/api/v1/projects/${encodeURIComponent(project)}/members/${encodeURIComponent(user)}`);
      const epoch = await rotateKey(project).then((e) => e, (e) => {
        membersSay(`Removed ${user}. New edits wait until a key holder starts the next key epoch (${e.message}).`, true);
        return null;
      });
      if (epoch) membersSay(`Removed ${user}. New edits are sealed under key epoch ${epoch}, which they do not hold.`);
      await showMembers(project);
    } catch (e) {
      membersSay(e.message, true);
    }
  }

  // Wraps the project key(s) to `user` in the app's module (sealed to their
  // published key, signed with this person's) and sends only the wraps.
  async function confirmMember(project, user) {
    try {
      const status = await keyStatus(project);
      const made = JSON.parse(Module.ccall('limn_confirm_members', 'string', ['string', 'string', 'number'],
        [JSON.stringify(status), JSON.stringify([user]), $('confirm-past').checked ? 1 : 0]));
      keepKnownKeys();
      if (made.error) throw new Error(made.error);
      for (const body of made.requests) await api('POST', `/api/v1/projects/${encodeURIComponent(project)}/key-wraps`, body);
      membersSay(`Confirmed ${user} (${made.confirmed[0].fingerprint}).`);
      await showMembers(project);
    } catch (e) {
      membersSay(e.message, true);
    }
  }

  async function refreshProjects() {
    const select = $('members-project');
    select.replaceChildren();
    const { projects } = await api('GET', '/api/v1/projects');
    for (const p of projects) {
      select.append(new Option(p.name, p.name));
      projectAdmin.set(p.name, (p.roles ?? []).includes('admin'));
    }
    if (projects.length) await showMembers(projects[0].name);
  }
  $('members-project')?.addEventListener('change', (e) => showMembers(e.target.value).catch((err) => membersSay(err.message, true)));

  $('sync-open')?.addEventListener('click', async () => {
    try {
      await openTask($('sync-task').value);
    } catch (e) {
      say(e.message, true);
    }
  });
  $('sync-images')?.addEventListener('click', () => openRelayedImages().catch((e) => say(e.message, true)));
  window.addEventListener('online', () => flush());

  window.limn.sync = {
    push, flush, openTask, openRelayedImages, close, caughtUp, sent, listTasks, refreshTaskList, showMembers, confirmMember, removeMember, rotateKey,
    state: () => ({ ...appState(), page: { task: state.task, pushing: state.pushing, error: state.error,
      lastArrival: state.lastArrival ?? null } }),
    outboxSize: async () => (state.task ? (await stored(state.task)).length : 0),
  };
})();
