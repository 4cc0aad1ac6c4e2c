// Signing in to the site's limn-server, and accepting an invitation, in the
// browser. The password never leaves the tab: a decode worker derives the
// authentication key from it with Argon2id (the C++ in
// shared/crypto/password_keys.h, as the CLI does) and only that key is
// sent. The session lives in an HttpOnly cookie this script cannot read;
// the CSRF token it gets at sign-in goes back on every change. Once signed
// in, what only the browser sees (images opened, de-identification run,
// files saved) is added to the site's audit log as counts, never content,
// each event signed with the person's own key (shared/audit/client_event.h).
// On each sign-in, task opened and every few minutes, the page checks that
// the server's audit log extends the one this browser saw last (signed
// checkpoint, pinned key, consistency proof; remembered in localStorage).
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const dialog = $('account');
  const kCsrfKey = 'limn.csrf';
  const kAuditAnchorKey = 'limn.audit-anchor';
  // The people's keys this browser has seen for `user`, per site (the
  // storage's origin): a server that later hands out other keys for someone
  // is caught on the next visit too, not only within one tab's life.
  const knownKeysKey = (user) => `limn.known-keys.${user}`;
  const kAuditCheckEveryMs = 5 * 60 * 1000;
  // Requests whose 401 means a wrong password or code, not an ended session.
  const kCredentialChecks = new Set(['/api/v1/auth/prelogin', '/api/v1/auth/login', '/api/v1/auth/unlock',
    '/api/v1/auth/password']);
  const state = {
    user: null, admin: false, csrf: localStorage.getItem(kCsrfKey), pending: [], signed: [], busy: false,
    audit: { checked: false, ok: false, size: 0, error: '' },
  };

  const show = (section) => {
    for (const id of ['login-form', 'accept-form', 'enroll', 'signed-in']) $(id).hidden = id !== section;
    if (!dialog.open) dialog.showModal();
  };
  const say = (text, isError = false) => {
    $('account-status').textContent = text;
    $('account-status').classList.toggle('error', isError);
  };

  // The site's API as the signed-in person (web/sync.js uses it too);
  // failures carry the HTTP status. `background`: the page asks on its own
  // (a timer, a long poll), not the person, so the session's idle time runs on.
  async function api(method, path, body, { background = false } = {}) {
    const headers = { 'Content-Type': 'application/json' };
    if (state.csrf) headers['X-Limn-CSRF'] = state.csrf;
    if (background) headers['X-Limn-Background'] = '1';
    // A request that never reached the server (offline) says so: callers
    // tell it from a refusal without guessing from the error's type.
    const res = await fetch(path, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((e) => { throw Object.assign(new Error(`the server could not be reached (${e.message})`), { offline: true }); });
    const json = (await res.json().catch(() => null)) ?? {};
    if (!res.ok) {
      // The session ended on the server (timed out, revoked, a password
      // changed elsewhere): the keys leave this tab at once, not at sign-out.
      if (res.status === 401 && !kCredentialChecks.has(path)) sessionEndedOnServer();
      throw Object.assign(new Error(json.error?.message || `the server answered ${res.status}`),
        { status: res.status, code: json.error?.code });
    }
    return json;
  }

  // A function of the app's module that takes strings and answers JSON.
  const moduleCall = (name, ...args) => JSON.parse(Module.ccall(name, 'string', args.map(() => 'string'), args));
  // The person's keys opened in the app's module, with the people's keys
  // this browser saw before: '' or why not.
  const unlockInModule = (user, keys, kek) =>
    Module.ccall('limn_sync_unlock', 'string', ['string', 'string', 'string', 'string'],
      [user, JSON.stringify(keys), kek, localStorage.getItem(knownKeysKey(user)) ?? '']);
  // After the module read a project's key status: what it learnt is kept,
  // only from the signed-in person's unlocked keys (a locked module knows
  // nobody), and merged with what is kept: the record never shrinks and a
  // key seen first, in this tab or another, stays.
  function keepKnownKeys() {
    const module = window.limn.sync?.state();
    if (!state.user || !module?.unlocked || module.user !== state.user) return;
    const seen = JSON.parse(Module.ccall('limn_sync_known_keys', 'string', [], []));
    let kept = null;
    try {
      kept = JSON.parse(localStorage.getItem(knownKeysKey(state.user)) ?? '{}');
    } catch (_) {
      // Unreadable: what the module holds (it loaded the readable part) is kept instead.
    }
    if (typeof kept !== 'object' || kept === null || Array.isArray(kept)) kept = {};
    localStorage.setItem(knownKeysKey(state.user), JSON.stringify({ ...seen, ...kept }));
  }

  async function keysFor(password, salt, user = '') {
    const keys = await window.limn.workers.passwordKeys(password, salt, user);
    if (keys.error) throw new Error(keys.error);
    return keys;
  }

  // The session's CSRF token is kept where every tab of the site finds it:
  // the tabs share the session (its cookie), so a tab opened later resumes
  // it, and one that signs in or out tells the others (the storage event).
  function keepCsrf(token) {
    state.csrf = token;
    if (token) localStorage.setItem(kCsrfKey, token);
    else localStorage.removeItem(kCsrfKey);
  }

  function signedIn(user, admin, { open = true } = {}) {
    state.user = user;
    state.admin = admin;
    $('me').textContent = user + (admin ? ' (server administrator)' : '');
    showKeysLocked();
    if (open) show('signed-in');
    say('');
    flushAudit();
    checkAuditLog();
  }
  const keysUnlocked = () => {
    try {
      return !!window.limn.sync?.state().unlocked;
    } catch (_) {
      return false;  // the app's module is still loading: nothing is unlocked yet
    }
  };
  const showKeysLocked = () => { $('unlock-form').hidden = !state.user || keysUnlocked(); };

  // Keys out of this tab's memory but the session alive (a reload, a tab
  // opened later): the password alone unlocks them again. Its
  // authentication key is checked by the server (throttled like a login),
  // which then hands back the person's wrapped keys; they open in the app's
  // module with the password's key-encryption key.
  async function unlock(event) {
    event.preventDefault();
    const form = event.target;
    const password = form.password.value;
    form.reset();
    say('Unlocking…');
    try {
      const pre = await api('POST', '/api/v1/auth/prelogin', { user: state.user });
      const keys = await keysFor(password, pre.salt);
      const out = await api('POST', '/api/v1/auth/unlock', { auth_key: keys.auth_key });
      const locked = unlockInModule(out.user, out.keys, keys.kek);
      if (locked) throw new Error(`your keys did not open: ${locked}`);
      showKeysLocked();
      say('Your keys are unlocked in this tab.');
      flushAudit();
      window.limn.sync?.refreshTaskList();
    } catch (e) {
      say(e.message, true);
    }
  }

  // The server's audit log must extend the one this browser verified last:
  // its checkpoint signed by the key pinned at first contact, and an RFC 6962
  // consistency proof from the checkpoint seen to the new one (the module
  // checks both, shared/audit/trust_anchor.h). A log changed behind a
  // checkpoint this browser saw is reported and the old anchor kept.
  async function checkAuditLog({ background = false } = {}) {
    if (!state.user) return state.audit;
    const anchor = localStorage.getItem(kAuditAnchorKey) ?? '{}';
    try {
      const reply = JSON.stringify(await api('GET', '/api/v1/audit/checkpoint', undefined, { background }));
      const path = moduleCall('limn_audit_proof_path', anchor, reply);
      if (path.error) throw new Error(path.error);
      const proof = path.proof_path ? JSON.stringify(await api('GET', path.proof_path, undefined, { background })) : '{}';
      const next = moduleCall('limn_audit_advance', anchor, reply, proof);
      if (next.error) throw new Error(next.error);
      localStorage.setItem(kAuditAnchorKey, JSON.stringify(next.anchor));
      state.audit = { checked: true, ok: true, size: next.size, error: '' };
      $('audit-status').textContent = `The site's audit log checked: ${next.size} entries, consistent with what this browser saw before.`;
      $('audit-status').classList.remove('error');
    } catch (e) {
      // Signed out (401): nothing to check. Offline: nothing was checked,
      // and the page says so rather than keep an older "checked" on show (a
      // failed check stays on show until a check passes).
      if (e.status === 401) return state.audit;
      if (e.offline) {
        if (state.audit.ok || !state.audit.checked) $('audit-status').textContent = `The site's audit log was not checked now: ${e.message}.`;
        return state.audit;
      }
      state.audit = { checked: true, ok: false, size: state.audit.size, error: e.message };
      $('audit-status').textContent = `The site's audit log failed its check: ${e.message}. Tell your site's security officer.`;
      $('audit-status').classList.add('error');
    }
    return state.audit;
  }
  setInterval(() => checkAuditLog({ background: true }), kAuditCheckEveryMs);

  async function signIn(event) {
    event.preventDefault();
    const form = event.target;
    const user = form.user.value.trim();
    const password = form.password.value;
    form.password.value = '';
    say('Checking…');
    try {
      const pre = await api('POST', '/api/v1/auth/prelogin', { user });
      const keys = await keysFor(password, pre.salt);
      const body = { user, auth_key: keys.auth_key };
      if (form.totp.value) body.totp = form.totp.value.trim();
      if (form.recovery.value) body.recovery_code = form.recovery.value.trim();
      const out = await api('POST', '/api/v1/auth/login', body);
      keepCsrf(out.csrf_token);
      form.reset();
      // The person's keys open in the app's module with the password's
      // key-encryption key; the page keeps neither.
      const locked = out.keys ? unlockInModule(out.user, out.keys, keys.kek) : 'the server returned none';
      signedIn(out.user, out.admin);
      if (locked) say(`Signed in, but your keys did not open: ${locked}`, true);
      window.limn.sync?.refreshTaskList();
      if (out.recovery_codes_left < 3) say(`Only ${out.recovery_codes_left} recovery codes left: ask an administrator for new ones.`);
    } catch (e) {
      say(e.message, true);
    }
  }

  // The session is over (signed out, or ended by a password change): the
  // person's keys leave the app's module, the open task is let go. `here`:
  // it ended in this tab, which tells the others; otherwise another tab
  // ended it or holds another person's session now.
  function ended(message, { here = true } = {}) {
    window.limn.sync?.close();
    Module._limn_sync_lock();
    forgetEnrollment();
    state.user = null;
    if (here) keepCsrf(null);
    else state.csrf = null;
    show('login-form');
    say(message);
  }

  // A request of the session answered 401: it timed out or was ended
  // elsewhere (another device's password change, an administrator).
  function sessionEndedOnServer() {
    if (state.user) ended('Your session ended (timed out, or ended elsewhere or by an administrator). Sign in again.');
  }

  async function signOut() {
    try {
      await api('POST', '/api/v1/auth/logout', {});
    } catch (_) { /* already ended */ }
    ended('Signed out.');
  }

  // What enrolment showed once (the TOTP secret, recovery codes, the key
  // recovery key) leaves the page once the person has it.
  function forgetEnrollment() {
    for (const id of ['totp-secret', 'recovery-key', 'fingerprint', 'recovery-codes', 'enroll-project']) $(id).replaceChildren();
    const canvas = $('totp-qr');
    canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
    $('save-codes').onclick = null;
  }

  function drawQr(text) {
    const qr = qrcode(0, 'M');
    qr.addData(text);
    qr.make();
    const n = qr.getModuleCount(), quiet = 4, scale = 5;
    const canvas = $('totp-qr');
    canvas.width = canvas.height = (n + 2 * quiet) * scale;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#000';
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++)
        if (qr.isDark(r, c)) ctx.fillRect((c + quiet) * scale, (r + quiet) * scale, scale, scale);
  }

  async function accept(event) {
    event.preventDefault();
    const form = event.target;
    if (form.password.value !== form.password2.value) return say('The two passwords differ.', true);
    const password = form.password.value;
    form.password.value = form.password2.value = '';
    say('Creating your keys…');
    try {
      const user = form.user.value.trim();
      const keys = await keysFor(password, '', user);
      const out = await api('POST', '/api/v1/invitations/accept', {
        token: form.token.value.trim(), user, salt: keys.salt, auth_key: keys.auth_key, keys: keys.keys,
      });
      form.reset();
      $('enroll-project').textContent = `${out.role} in ${out.project}`;
      $('totp-secret').textContent = out.totp_secret;
      drawQr(out.otpauth_uri);
      const list = $('recovery-codes');
      list.replaceChildren(...out.recovery_codes.map((c) => Object.assign(document.createElement('li'), { textContent: c })));
      $('recovery-key').textContent = keys.recovery_key;
      $('fingerprint').textContent = keys.fingerprint;
      $('save-codes').onclick = () => window.limn.download(
        new Blob([`Limn recovery codes for ${out.user} (each works once)\n${out.recovery_codes.join('\n')}\n\n`
          + `Key recovery key (unwraps your keys if you lose the password)\n${keys.recovery_key}\n`],
          { type: 'text/plain' }), 'limn-recovery-codes.txt');
      $('login-form').user.value = out.user;
      show('enroll');
      say(`Welcome, ${out.user}.`);
    } catch (e) {
      say(e.message, true);
    }
  }

  // Client-side audit events: stamped when they happen, signed in the
  // module with the person's key once it is unlocked (signing in), then
  // sent in batches. A signed event is kept until the server has it: the
  // same signed event is sent again after a failure, and a replay answer
  // (the server recorded the batch before the reply was lost) ends it.
  // Each person's events are signed with their own key and sent in their
  // own session only (a shared computer: the next person's session takes
  // none of them).
  function audit(action, resource, detail = {}) {
    if (!state.user) return;
    state.pending.push({ user: state.user, event: { action, resource, detail, time: new Date().toISOString() } });
    flushAudit();
  }
  const dropSigned = (events) => { state.signed = state.signed.filter((e) => !events.includes(e)); };
  async function flushAudit() {
    if (state.busy || !state.user) return;
    for (const p of state.pending.filter((q) => q.user === state.user)) {
      const out = moduleCall('limn_sign_client_event', JSON.stringify(p.event));
      if (out.error && !keysUnlocked()) break;  // keys not unlocked yet: kept until they are
      state.pending.splice(state.pending.indexOf(p), 1);
      if (out.error) console.warn(`audit event ${p.event.action} not recorded: ${out.error}`);
      else state.signed.push(out.event);
    }
    const events = state.signed.filter((e) => e.user === state.user).slice(0, 100);
    if (!events.length) return;
    state.busy = true;
    try {
      await api('POST', '/api/v1/audit/events', { events });
      dropSigned(events);
    } catch (e) {
      // A replay answer: the server has them. Another refusal (not the
      // session's end, not the throttle) will not change on a retry.
      if (e.code === 'conflict') dropSigned(events);
      else if (e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 429) {
        console.warn(`audit events not recorded: ${e.message}`);
        dropSigned(events);
      }
    } finally {
      state.busy = false;
    }
    if (state.signed.some((e) => e.user === state.user)) setTimeout(flushAudit, 1000);
  }

  // A new password: the current one is proven (its authentication key), the
  // new one's key-encryption key (Argon2id in the decode worker, a new salt)
  // wraps the same keys again in the app's module. Only derived keys and the
  // new wrap are sent; every session ends, this one too.
  async function changePassword(event) {
    event.preventDefault();
    const form = event.target;
    const current = form.current.value, next = form.password.value, again = form.password2.value;
    form.reset();
    if (next !== again) return say('The two new passwords differ.', true);
    say('Changing the password…');
    try {
      const pre = await api('POST', '/api/v1/auth/prelogin', { user: state.user });
      const proof = await keysFor(current, pre.salt);
      const salt = window.limn.randomHex(16);
      const made = await keysFor(next, salt);
      const wrap = moduleCall('limn_password_rewrap', made.kek);
      if (wrap.error) throw new Error(wrap.error);
      const out = await api('POST', '/api/v1/auth/password', {
        current_auth_key: proof.auth_key, salt, auth_key: made.auth_key, wrapped_by_password: wrap.wrapped_by_password,
      });
      ended(`Password changed; ${out.sessions_ended} session${out.sessions_ended === 1 ? '' : 's'} ended. Sign in with the new password.`);
    } catch (e) {
      say(e.message, true);
    }
  }

  $('login-form').addEventListener('submit', signIn);
  $('accept-form').addEventListener('submit', accept);
  $('logout').addEventListener('click', signOut);
  $('password-form').addEventListener('submit', changePassword);
  $('unlock-form').addEventListener('submit', unlock);
  $('enrolled').addEventListener('click', () => {
    forgetEnrollment();
    show('login-form');
    say('Sign in with a code from your authenticator.');
  });
  $('account-close').addEventListener('click', () => dialog.close());
  $('show-accept').addEventListener('click', () => show('accept-form'));

  window.limn.account = {
    sessionEndedOnServer,
    show() {
      showKeysLocked();
      show(state.user ? 'signed-in' : 'login-form');
    },
    state: () => ({ user: state.user, admin: state.admin, signedIn: !!state.user,
      queuedEvents: state.pending.length + state.signed.length,
      auditLog: state.audit }),
    audit,
    checkAuditLog,
    keepKnownKeys,
    api,
  };

  // An invitation link (https://site/#invite=TOKEN): the token is taken out
  // of the address bar at once, then the acceptance form is shown.
  const invite = /[#&]invite=([0-9a-f]{64})/.exec(location.hash);
  if (invite) {
    history.replaceState(null, '', location.pathname + location.search);
    $('accept-form').token.value = invite[1];
    show('accept-form');
  } else if (state.csrf) {
    resumeSession();
  }

  // Signed in earlier (this tab before a reload, or another tab): is the
  // session still alive, and whose is it? The keys stay locked until the
  // password unlocks them.
  function resumeSession() {
    api('GET', '/api/v1/auth/session').then((me) => signedIn(me.user, me.admin, { open: false }))
      .catch((e) => { if (e.status === 401) keepCsrf(null); });  // offline: the session may well be alive
  }

  // Another tab signed in or out: a session ended there is ended here too;
  // a new one is taken up if it is the same person's (keys stay), and ends
  // this tab's otherwise (a shared computer: the next person's session).
  window.addEventListener('storage', (e) => {
    if (e.key !== kCsrfKey || e.newValue === state.csrf) return;
    if (!e.newValue) {
      if (state.user) ended('Signed out in another tab.', { here: false });
      return;
    }
    state.csrf = e.newValue;
    if (!state.user) return resumeSession();
    api('GET', '/api/v1/auth/session').then((me) => {
      if (me.user !== state.user) ended(`${me.user} signed in in another tab; sign in again here.`, { here: false });
    }).catch(() => {});
  });
})();
