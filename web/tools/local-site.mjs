// A Limn site for tests and benchmarks: a real limn-server (SQLite or
// PostgreSQL), accounts made the way people make them (admin create on the
// command line, invitations accepted with the CLI), logins through the CLI
// (the client derives the authentication key; nothing here hand-rolls the
// protocol), raw HTTPS calls with a logged-in person's cookie and CSRF
// token for the checks the CLI would not make, and people signed in to the
// web app in Chromium with a task open for live annotation.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { limnBin, openApp, serverBin, startServer } from './local-app.mjs';

export const PASSWORD = 'correct horse battery staple';

// `limn-server admin create` for `name` on the site's data; its account (TOTP secret...).
function createAdmin(dataDir, name, passwordFile, dbArgs) {
  const made = spawnSync(serverBin, ['admin', 'create', '--data', dataDir, '--user', name,
    '--password-file', passwordFile, '--json', ...dbArgs], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`admin create failed: ${made.stderr}`);
  return JSON.parse(made.stdout);
}

export async function startSite({ db = 'sqlite', args = [] } = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'limn-site-'));
  const dbArgs = db === 'sqlite' ? [] : ['--db', db];
  const passwordFile = path.join(dataDir, 'password');
  writeFileSync(passwordFile, `${PASSWORD}\n`);
  const account = createAdmin(dataDir, 'root-admin', passwordFile, dbArgs);
  const server = await startServer({ dataDir, args: [...dbArgs, ...args] });
  const site = { server, db, dbArgs, passwordFile, people: {} };
  site.people['root-admin'] = person(site, 'root-admin', account);
  return site;
}

// One more server administrator, made from the command line like the first
// (`limn-server admin create`), member of no project; logged in.
export async function addServerAdmin(site, name) {
  const admin = person(site, name, createAdmin(site.server.dataDir, name, site.passwordFile, site.dbArgs));
  const login = await admin.login();
  if (login.status !== 0) throw new Error(`${name} cannot log in: ${login.stderr}`);
  return admin;
}

const steps = new Map();  // TOTP secret -> last step used

// A code no server has seen yet (RFC 6238 by Debian's oathtool, not ours),
// moving one step ahead (within the accepted drift) or waiting for the next.
export async function freshTotp(secret) {
  for (;;) {
    const now = Math.floor(Date.now() / 1000);
    const step = Math.floor(now / 30);
    const last = steps.get(secret) ?? -1;
    const use = last < step ? step : last + 1;
    if (use <= step + 1) {
      steps.set(secret, use);
      const at = new Date(use * 30 * 1000 + 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
      const out = spawnSync('oathtool', ['--totp', '-b', '--now', at, secret], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`oathtool: ${out.stderr}`);
      return out.stdout.trim();
    }
    await new Promise((r) => setTimeout(r, (30 - (now % 30)) * 1000 + 100));
  }
}

function person(site, name, account) {
  const home = mkdtempSync(path.join(os.tmpdir(), `limn-home-${name}-`));
  return {
    name, home, account,
    cli(...args) { return cliAs(home, args); },
    async login(extra = []) {
      const code = await freshTotp(account.totp_secret);
      return cliAs(home, ['login', '--server', site.server.base, '--user', name, '--password-file', site.passwordFile,
        '--totp', code, '--ca-file', site.server.certFile, '--json', ...extra]);
    },
    session() {
      const s = JSON.parse(readFileSync(path.join(home, 'session.json'), 'utf8'));
      return { cookie: s.session, csrf: s.csrf };
    },
    api(method, urlPath, body, opts = {}) { return apiCall(site, method, urlPath, body, { session: this.session(), ...opts }); },
  };
}

export function cliAs(home, args) {
  const out = spawnSync(limnBin, args, { encoding: 'utf8', env: { ...process.env, LIMN_HOME: home } });
  let json = null;
  try { json = JSON.parse(out.stdout); } catch { /* not JSON */ }
  return { status: out.status, stdout: out.stdout, stderr: out.stderr, json };
}

// Invites `name` to `project` as `role` (by `inviter`), accepts with the
// CLI, logs in. Returns the person.
export async function addPerson(site, inviter, name, project, role, qualifications = []) {
  const quals = qualifications.flatMap((q) => ['--qualification', q]);
  const inv = inviter.cli('user', 'invite', '--project', project, '--role', role, ...quals, '--json');
  if (inv.status !== 0) throw new Error(`invite ${name}: ${inv.stderr}`);
  return acceptInvitation(site, name, inv.json.token);
}

export async function acceptInvitation(site, name, token) {
  const home = mkdtempSync(path.join(os.tmpdir(), `limn-home-${name}-`));
  const acc = cliAs(home, ['user', 'accept', '--server', site.server.base, '--token', token, '--user', name,
    '--password-file', site.passwordFile, '--ca-file', site.server.certFile, '--json']);
  if (acc.status !== 0) throw new Error(`accept ${name}: ${acc.stderr}`);
  const p = person(site, name, acc.json);
  site.people[name] = p;
  const login = await p.login();
  if (login.status !== 0) throw new Error(`login ${name}: ${login.stderr}`);
  return p;
}

// Raw HTTPS: { status, headers, json, text }.
export function apiCall(site, method, urlPath, body, { session = null, csrf = undefined, headers = {} } = {}) {
  const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
  const h = { ...headers };
  if (payload) {
    h['Content-Type'] = 'application/json';
    h['Content-Length'] = payload.length;  // as browsers send it (limn-server wants a length for small bodies)
  }
  if (session) {
    h.Cookie = `limn_session=${session.cookie}`;
    const token = csrf === undefined ? session.csrf : csrf;
    if (token !== null) h['X-Limn-CSRF'] = token;
  }
  return new Promise((resolve, reject) => {
    const req = https.request(`${site.server.base}${urlPath}`, { method, headers: h, ca: site.server.ca(), agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, json, text });
      });
    });
    req.on('error', reject);
    req.setTimeout(20000, () => req.destroy(new Error('request timed out')));
    if (payload) req.write(payload);
    req.end();
  });
}

export async function stopSite(site) {
  await site?.server.stop();
}

// `person` signs in on an open page of the web app (File > Account...),
// their keys unlocked in the page by the password.
export async function signInInBrowser(page, person) {
  await page.evaluate(() => window.limn.account.show());
  await page.fill('#login-form input[name=user]', person.name);
  await page.fill('#login-form input[name=password]', PASSWORD);
  await page.fill('#login-form input[name=totp]', await freshTotp(person.account.totp_secret));
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: 30000 });
  await page.waitForFunction(() => window.limn.state().sync.unlocked, null, { timeout: 30000 });
}

// `person` signed in to the web app in a fresh Chromium, with the images in
// `files` open and `task` bound for live annotation (keys unlocked in the
// page by the password, as a person does it in File > Account...).
export async function openTaskInBrowser(site, person, task, files, { width = 1100, height = 700, watch = null } = {}) {
  const side = await openApp(site.server, { width, height, watch });
  const { page } = side;
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction(() => {
    const s = window.limn.state();
    return s.loaded && s.load.displayed >= s.load.generation && s.viewports[0].ready;
  }, null, { timeout: 60000 });
  await signInInBrowser(page, person);
  await page.waitForFunction((t) => [...document.querySelectorAll('#sync-task option')].some((o) => o.value === t),
    String(task), { timeout: 10000 });
  await page.selectOption('#sync-task', String(task));
  await page.click('#sync-open');
  await page.waitForFunction(() => window.limn.state().sync.bound, null, { timeout: 10000 });
  await page.click('#account-close');
  return side;
}

// Edit-to-screen latency, `edits` times: from the moment the editor's page
// makes an edit (a polygon, through the same command as the mouse) to the
// first animation frame on the viewer's page after the op arrived. Both
// pages read the same clock (one machine). Returns the latencies in ms, in
// the order measured.
// Edits come as fast as a person makes them in a hurry (a few a second),
// not as fast as a script can: the editor's own drawing after each edit
// shares this machine's cores with the viewer being measured.
const kEditPauseMs = 250;

export async function editToScreenLatencies(editor, viewer, edits) {
  const latencies = [];
  for (let i = 0; i < edits; ++i) {
    // The viewer's page waits for the frame (no polling: that would steal
    // the very CPU time being measured).
    await viewer.evaluate(() => {
      const after = window.limn.sync.state().last_seq;
      window.limnBenchShown = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the edit was not shown within 5 s')), 5000);
        const shown = (e) => {
          if (e.detail.lastSeq <= after) return;
          window.removeEventListener('limn:sync-shown', shown);
          clearTimeout(timer);
          resolve(e.detail.shownAt);
        };
        window.addEventListener('limn:sync-shown', shown);
      });
    });
    const t0 = await editor.evaluate((k) => {
      const t = Date.now();
      window.limn.annotate({ op: 'polygons', count: 1, vertices: 3 + (k % 20) });
      return t;
    }, i);
    latencies.push((await viewer.evaluate(() => window.limnBenchShown)) - t0);
    await new Promise((r) => setTimeout(r, kEditPauseMs));
  }
  return latencies;
}
