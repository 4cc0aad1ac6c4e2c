// The authorization matrix: every endpoint the server has (from
// `limn-server routes --json`) x every role x own/other project or task,
// asserting who is let through and who gets 401 or 403. An endpoint with no
// row here fails the test, so a new endpoint cannot ship without its rule.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { addPerson, addServerAdmin, apiCall, startSite, stopSite } from '../lib/limn_site.mjs';
import { repoRoot, serverBin } from '../lib/harness.mjs';

const schema = path.join(repoRoot, 'examples/schema.json');
// server-admin made P and Q, so is also a member (project admin) of both;
// lone-admin is a server administrator of neither: unless a rule names it,
// it is let through where server-admin is, but it never gets task content.
const ROLES = ['anonymous', 'server-admin', 'lone-admin', 'project-admin', 'annotator', 'other-annotator', 'reviewer',
  'expert', 'outsider'];
// The rules below name every role but lone-admin, which takes server-admin's.
const RULE_ROLES = ROLES.filter((r) => r !== 'lone-admin');
const ALLOW = 'allow';  // let through authorization (the handler may still answer 400/404/409)

let site;
const people = {};

// Expectations: a map role -> 'allow' | 401 | 403, or 'same' (everyone
// gets what an anonymous caller gets: public endpoints).
const members = { 'server-admin': ALLOW, 'project-admin': ALLOW, annotator: ALLOW, 'other-annotator': ALLOW,
  reviewer: ALLOW, expert: ALLOW, outsider: 403, anonymous: 401 };
const everyoneLoggedIn = Object.fromEntries(RULE_ROLES.map((r) => [r, r === 'anonymous' ? 401 : ALLOW]));
const serverAdminOnly = Object.fromEntries(RULE_ROLES.map((r) => [r, r === 'anonymous' ? 401 : r === 'server-admin' ? ALLOW : 403]));
const managers = { ...Object.fromEntries(RULE_ROLES.map((r) => [r, 403])), anonymous: 401, 'server-admin': ALLOW, 'project-admin': ALLOW };
const onlyServerAdmin = { ...Object.fromEntries(RULE_ROLES.map((r) => [r, 403])), anonymous: 401, 'server-admin': ALLOW };
const nobody = { ...Object.fromEntries(RULE_ROLES.map((r) => [r, 403])), anonymous: 401 };
const only = (role) => ({ ...nobody, [role]: ALLOW });
// Task content (ops, relayed images) and the key itself: members holding it only.
const noContent = { 'lone-admin': 403 };

// Tasks in a given state, made fresh for each check (checks change them).
async function taskIn(project, state) {
  const admin = people['server-admin'];
  const image = `1.2.826.0.1.${Date.now()}.${Math.floor(Math.random() * 1e6)}`;
  const t = admin.cli('task', 'create', '--project', project, '--image-id', image, '--json');
  assert.equal(t.status, 0, t.stderr);
  const id = String(t.json.id);
  if (state === 'new') return id;
  const assignee = project === 'P' ? 'annotator' : 'outsider';
  const a = admin.cli('task', 'assign', '--task', id, '--user', people[assignee].name);
  assert.equal(a.status, 0, a.stderr);
  if (state === 'annotating') return id;
  const s = people[assignee].cli('task', 'submit', '--task', id, '--json');
  assert.equal(s.json.state, 'in_review');
  return id;
}

const matrix = {
  'GET /api/v1/health': { cases: [{ expect: 'same' }] },
  'GET /metrics': { cases: [{ expect: 'same' }] },
  'POST /api/v1/auth/prelogin': { body: { user: 'someone' }, cases: [{ expect: 'same' }] },
  // A new name each time, so the account throttle does not answer instead.
  'POST /api/v1/auth/login': {
    body: () => ({ user: `someone-${Math.random().toString(36).slice(2)}`, auth_key: '0'.repeat(64), totp: '000000' }),
    cases: [{ expect: 'same' }],
  },
  'POST /api/v1/invitations/accept': {
    body: { token: 'f'.repeat(64), user: 'newcomer', salt: '0'.repeat(32), auth_key: '0'.repeat(64) },
    cases: [{ expect: 'same' }],
  },
  // Wrong current password for everyone: authorization lets them through to that check (403 is its answer, so
  // the matrix asks for a malformed body instead and expects 400).
  'POST /api/v1/auth/password': { body: { current_auth_key: 'x' }, cases: [{ expect: everyoneLoggedIn }] },
  'POST /api/v1/users/{name}/password-reset': { body: { expires_hours: 24 }, cases: [{ name: 'nobody-here', expect: serverAdminOnly }] },
  'POST /api/v1/auth/password-reset/keys': { body: { token: 'not-a-token' }, cases: [{ expect: 'same' }] },
  'POST /api/v1/auth/password-reset': { body: { token: 'not-a-token' }, cases: [{ expect: 'same' }] },
  'GET /api/v1/auth/session': { cases: [{ expect: everyoneLoggedIn }] },
  // As for the password change: a malformed key, so no one's throttle counts a failure.
  'POST /api/v1/auth/unlock': { body: { auth_key: 'x' }, cases: [{ expect: everyoneLoggedIn }] },
  'POST /api/v1/auth/logout': { last: true, body: {}, cases: [{ expect: everyoneLoggedIn }] },
  'POST /api/v1/users/{name}/revoke-sessions': { body: {}, cases: [{ name: 'bystander', expect: serverAdminOnly }] },
  'GET /api/v1/users': { cases: [{ expect: serverAdminOnly }] },
  // ann's keys: people sharing project P with ann (and server admins); bystander's: only Q's people.
  'GET /api/v1/users/{name}/keys': {
    cases: [{ name: 'ann', expect: { ...members, outsider: 403 } },
      { name: 'bystander', expect: { ...nobody, 'server-admin': ALLOW, outsider: ALLOW } }],
  },
  // Enabling a person who is not disabled changes nothing; disabling is checked on a throwaway name.
  'POST /api/v1/users/{name}/enable': { body: {}, cases: [{ name: 'bystander', expect: serverAdminOnly }] },
  'POST /api/v1/users/{name}/disable': { body: {}, cases: [{ name: 'nobody-here', expect: serverAdminOnly }] },
  'POST /api/v1/projects': {
    body: () => ({ name: `proj-${Math.random().toString(36).slice(2)}`, schema_sha256: 'b'.repeat(64), require_mfa: true }),
    cases: [{ expect: serverAdminOnly }],
  },
  'GET /api/v1/projects': { cases: [{ expect: everyoneLoggedIn }] },
  'GET /api/v1/projects/{name}': {
    cases: [{ name: 'P', expect: members }, { name: 'Q', expect: { ...nobody, 'server-admin': ALLOW, outsider: ALLOW } }],
  },
  'GET /api/v1/projects/{name}/tasks': {
    cases: [{ name: 'P', expect: members }, { name: 'Q', expect: { ...nobody, 'server-admin': ALLOW, outsider: ALLOW } }],
  },
  'POST /api/v1/projects/{name}/invitations': {
    body: { role: 'annotator', expires_hours: 24, max_open_tasks: 0 },
    cases: [{ name: 'P', expect: managers }, { name: 'Q', expect: onlyServerAdmin }],
  },
  'POST /api/v1/projects/{name}/tasks': {
    body: () => ({ image_id: `1.2.3.${Math.floor(Math.random() * 1e9)}`, deadline: 0 }),
    cases: [{ name: 'P', expect: managers }, { name: 'Q', expect: onlyServerAdmin }],
  },
  // A wrong epoch number: members get past authorization to a 409.
  'POST /api/v1/projects/{name}/key-epochs': {
    body: { epoch: 99, wraps: [] },
    cases: [{ name: 'P', expect: members }, { name: 'Q', expect: { ...nobody, 'server-admin': ALLOW, outsider: ALLOW } }],
  },
  // Epoch 1 of P and Q is held by their creator (the server admin) only.
  'POST /api/v1/projects/{name}/key-wraps': {
    body: { epoch: 1, wraps: [] },
    cases: [{ name: 'P', expect: { ...only('server-admin'), ...noContent } },
      { name: 'Q', expect: { ...only('server-admin'), ...noContent } }],
  },
  'GET /api/v1/projects/{name}/keys': {
    cases: [{ name: 'P', expect: members }, { name: 'Q', expect: { ...nobody, 'server-admin': ALLOW, outsider: ALLOW } }],
  },
  'GET /api/v1/tasks/{id}': {
    cases: [
      { id: () => taskIn('P', 'annotating'), expect: { ...managers, annotator: ALLOW } },
      { id: () => taskIn('P', 'in_review'), expect: { ...managers, annotator: ALLOW, reviewer: ALLOW } },
      { id: () => taskIn('Q', 'annotating'), expect: { ...onlyServerAdmin, outsider: ALLOW } },
    ],
  },
  'GET /api/v1/tasks/{id}/ops': {
    query: '?after=0',
    cases: [
      { id: () => taskIn('P', 'annotating'), expect: { ...managers, ...noContent, annotator: ALLOW } },
      { id: () => taskIn('P', 'in_review'), expect: { ...managers, ...noContent, annotator: ALLOW, reviewer: ALLOW } },
      { id: () => taskIn('Q', 'annotating'), expect: { ...onlyServerAdmin, ...noContent, outsider: ALLOW } },
    ],
  },
  'POST /api/v1/tasks/{id}/ops': {
    body: { ops: [] },
    cases: [
      { id: () => taskIn('P', 'annotating'), expect: { ...managers, ...noContent, annotator: ALLOW } },
      { id: () => taskIn('P', 'in_review'), expect: { ...managers, ...noContent, annotator: ALLOW, reviewer: ALLOW } },
      { id: () => taskIn('Q', 'annotating'), expect: { ...onlyServerAdmin, ...noContent, outsider: ALLOW } },
    ],
  },
  'DELETE /api/v1/projects/{name}/members/{user}': {
    cases: [{ name: 'P', user: 'nobody-here', expect: managers }, { name: 'Q', user: 'bystander-2', expect: onlyServerAdmin }],
  },
  'POST /api/v1/projects/{name}/policy': {
    body: { image_relay: 'maybe' },
    cases: [{ name: 'P', expect: managers }, { name: 'Q', expect: onlyServerAdmin }],
  },
  'POST /api/v1/tasks/{id}/blobs': {
    body: { blob: {} },
    cases: [
      { id: () => taskIn('P', 'annotating'), expect: { ...managers, ...noContent, annotator: ALLOW } },
      { id: () => taskIn('Q', 'annotating'), expect: { ...onlyServerAdmin, ...noContent, outsider: ALLOW } },
    ],
  },
  'GET /api/v1/tasks/{id}/blobs': {
    cases: [
      { id: () => taskIn('P', 'in_review'), expect: { ...managers, ...noContent, annotator: ALLOW, reviewer: ALLOW } },
      { id: () => taskIn('Q', 'annotating'), expect: { ...onlyServerAdmin, ...noContent, outsider: ALLOW } },
    ],
  },
  'GET /api/v1/tasks/{id}/blobs/{blob}': {
    cases: [
      { id: () => taskIn('P', 'annotating'), blob: 'none.dcm', expect: { ...managers, ...noContent, annotator: ALLOW } },
      { id: () => taskIn('Q', 'annotating'), blob: 'none.dcm', expect: { ...onlyServerAdmin, ...noContent, outsider: ALLOW } },
    ],
  },
  'POST /api/v1/tasks/{id}/assign': {
    body: () => ({ user: people.annotator.name }),
    cases: [{ id: () => taskIn('P', 'new'), expect: managers }, { id: () => taskIn('Q', 'new'), expect: onlyServerAdmin }],
  },
  'POST /api/v1/tasks/{id}/start': {
    body: {},
    cases: [{ id: () => taskIn('P', 'annotating'), expect: only('annotator') },
      { id: () => taskIn('Q', 'annotating'), expect: only('outsider') }],
  },
  'POST /api/v1/tasks/{id}/submit': {
    body: {},
    cases: [{ id: () => taskIn('P', 'annotating'), expect: only('annotator') },
      { id: () => taskIn('Q', 'annotating'), expect: only('outsider') }],
  },
  'POST /api/v1/tasks/{id}/accept': {
    body: {},
    cases: [{ id: () => taskIn('P', 'in_review'), expect: only('reviewer') }, { id: () => taskIn('Q', 'in_review'), expect: nobody }],
  },
  'POST /api/v1/tasks/{id}/return': {
    body: {},
    cases: [{ id: () => taskIn('P', 'in_review'), expect: only('reviewer') }, { id: () => taskIn('Q', 'in_review'), expect: nobody }],
  },
  'GET /api/v1/audit/checkpoint': { cases: [{ expect: everyoneLoggedIn }] },
  'GET /api/v1/audit/consistency': { query: '?old=1&new=2', cases: [{ expect: everyoneLoggedIn }] },
  'GET /api/v1/audit/inclusion': { query: '?index=0&size=2', cases: [{ expect: everyoneLoggedIn }] },
  'GET /api/v1/audit/entries': { query: '?from=0&to=5', cases: [{ expect: serverAdminOnly }] },
  'GET /api/v1/audit/review': { cases: [{ expect: serverAdminOnly }] },
  'POST /api/v1/audit/events': { body: { events: [{ action: 'image.open', resource: 'image:1' }] }, cases: [{ expect: everyoneLoggedIn }] },
};

before(async () => {
  site = await startSite();
  const admin = site.people['root-admin'];
  people['server-admin'] = admin;
  assert.equal((await admin.login()).status, 0);
  for (const [name, rates] of [['P', '1'], ['Q', '1']]) {
    const p = admin.cli('project', 'create', '--name', name, '--schema', schema, '--review-rates', rates);
    assert.equal(p.status, 0, p.stderr);
  }
  people['lone-admin'] = await addServerAdmin(site, 'lone-admin');
  people['project-admin'] = await addPerson(site, admin, 'padmin', 'P', 'admin');
  people.annotator = await addPerson(site, admin, 'ann', 'P', 'annotator');
  people['other-annotator'] = await addPerson(site, admin, 'ann2', 'P', 'annotator');
  people.reviewer = await addPerson(site, admin, 'rev', 'P', 'reviewer');
  people.expert = await addPerson(site, admin, 'exp', 'P', 'expert');
  people.outsider = await addPerson(site, admin, 'outsider', 'Q', 'annotator');
  await addPerson(site, admin, 'bystander', 'Q', 'annotator');
});

after(() => stopSite(site));

function routeKeys() {
  const out = spawnSync(serverBin, ['routes', '--json'], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout).map((r) => `${r.method} ${r.path}`);
}

test('every endpoint has a row in the matrix, and every row is an endpoint', () => {
  const keys = routeKeys();
  for (const k of keys) assert.ok(matrix[k], `no authorization rule tested for ${k}`);
  for (const k of Object.keys(matrix)) assert.ok(keys.includes(k), `the matrix names ${k}, which the server lacks`);
});

test('each role is let through or refused exactly as its rule says', async () => {
  const keys = routeKeys().sort((a, b) => Number(!!matrix[a]?.last) - Number(!!matrix[b]?.last));
  const failures = [];
  let checks = 0;
  for (const key of keys) {
    const row = matrix[key];
    if (!row) continue;
    const [method, pattern] = key.split(' ');
    for (const c of row.cases) {
      let anonymousStatus = null;
      for (const role of ROLES) {
        let urlPath = pattern.replace('{name}', encodeURIComponent(c.name ?? '')).replace('{user}', encodeURIComponent(c.user ?? ''))
          .replace('{blob}', encodeURIComponent(c.blob ?? ''));
        if (c.id) urlPath = urlPath.replace('{id}', await c.id());
        urlPath += row.query ?? '';
        const body = method === 'GET' ? undefined : (typeof row.body === 'function' ? row.body() : row.body);
        const session = role === 'anonymous' ? null : people[role].session();
        const res = await apiCall(site, method, urlPath, body, { session });
        checks++;
        if (role === 'anonymous') anonymousStatus = res.status;
        const want = c.expect === 'same' ? anonymousStatus : (c.expect[role] ?? c.expect['server-admin']);
        const ok = want === ALLOW ? res.status !== 401 && res.status !== 403 : res.status === want;
        if (!ok) failures.push(`${key} ${c.name ?? ''} as ${role}: ${res.status} (want ${want}) ${res.text.slice(0, 120)}`);
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(checks > 400, `${checks} checks`);
});

// Every field of every endpoint's body given the wrong type (and bodies that
// are not what any endpoint takes), as a server admin who passes every rule:
// the answer is a 4xx with a reason, never a 5xx, and the server lives on.
test('malformed bodies get a 4xx with a reason from every endpoint, never a 5xx', async () => {
  for (const person of Object.values(people)) assert.equal((await person.login()).status, 0);  // the matrix ended every session
  const wrong = [null, 7, -1, 1e300, 'x', '', [], [1, 'a'], {}, { nested: { deeper: [null] } }, true];
  const failures = [];
  let checks = 0;
  for (const key of routeKeys()) {
    const row = matrix[key];
    const [method, pattern] = key.split(' ');
    if (method === 'GET' || row.last || !row.cases.length) continue;
    const c = row.cases[0];
    let urlPath = pattern.replace('{name}', encodeURIComponent(c.name ?? '')).replace('{user}', encodeURIComponent(c.user ?? ''))
      .replace('{blob}', encodeURIComponent(c.blob ?? ''));
    if (c.id) urlPath = urlPath.replace('{id}', await c.id());
    urlPath += row.query ?? '';
    const base = (typeof row.body === 'function' ? row.body() : row.body) ?? {};
    const bodies = [{ unexpected: 1 }, { ...base, extra: '"\u0000' }];
    for (const field of Object.keys(base)) for (const value of wrong) bodies.push({ ...base, [field]: value });
    for (const body of bodies) {
      const res = await apiCall(site, method, urlPath, body, { session: people['server-admin'].session() });
      checks++;
      if (res.status >= 500 || res.status < 200) failures.push(`${key} ${JSON.stringify(body).slice(0, 80)}: ${res.status} ${res.text.slice(0, 120)}`);
      else if (res.status >= 400 && !/"error"/.test(res.text)) failures.push(`${key}: ${res.status} without a reason`);
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(checks > 200, `${checks} checks`);
  assert.equal((await apiCall(site, 'GET', '/api/v1/health')).status, 200);
});
