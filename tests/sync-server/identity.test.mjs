// limn-server's security boundary end to end, against SQLite and a real
// PostgreSQL: logins with a client-derived key and TOTP, sessions (cookie
// flags, CSRF, logout, revocation, idle timeout), no user enumeration,
// brute-force lockout, invitations, roles and tasks, and the signed Merkle
// audit log, whose export `limn audit verify` checks and whose tampering it
// names. Every step goes through the CLI or raw HTTPS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { freshPostgresDatabase, stopOwnPostgres } from '../lib/postgres.mjs';
import { acceptInvitation, addPerson, apiCall, cliAs, freshTotp, sqliteExec, startSite, stopSite } from '../lib/limn_site.mjs';
import { repoRoot } from '../lib/harness.mjs';

const schema = path.join(repoRoot, 'examples/schema.json');

after(() => stopOwnPostgres());

for (const backend of ['sqlite', 'postgres']) {
  describe(`identity, roles, tasks and audit on ${backend}`, () => {
    let site, admin;

    before(async () => {
      const db = backend === 'sqlite' ? 'sqlite' : await freshPostgresDatabase();
      site = await startSite({ db });
      admin = site.people['root-admin'];
    });
    after(() => stopSite(site));

    test('login needs the second factor; the session cookie is HttpOnly, Secure and SameSite=Strict', async () => {
      const noCode = admin.cli('login', '--server', site.server.base, '--user', 'root-admin', '--password-file',
        site.passwordFile, '--ca-file', site.server.certFile);
      assert.equal(noCode.status, 1);
      assert.match(noCode.stderr, /^limn login: a TOTP code \(or a recovery code\) is required\n$/);
      const r = await admin.login();
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.json.admin, true);
      assert.equal(r.json.recovery_codes_left, 10);
      const me = await admin.api('GET', '/api/v1/auth/session');
      assert.equal(me.status, 200);
      assert.equal(me.json.user, 'root-admin');
      const pre = await apiCall(site, 'POST', '/api/v1/auth/prelogin', { user: 'root-admin' });
      assert.equal(pre.status, 200);
      assert.match(pre.json.salt, /^[0-9a-f]{32}$/);
    });

    test('a TOTP code works once; a wrong password, code or unknown name all get the same answer', async () => {
      const code = await freshTotp(admin.account.totp_secret);
      const first = admin.cli('login', '--server', site.server.base, '--user', 'root-admin', '--password-file',
        site.passwordFile, '--totp', code, '--ca-file', site.server.certFile);
      assert.equal(first.status, 0, first.stderr);
      const replay = admin.cli('login', '--server', site.server.base, '--user', 'root-admin', '--password-file',
        site.passwordFile, '--totp', code, '--ca-file', site.server.certFile);
      assert.equal(replay.status, 1);
      const wrongPw = path.join(site.server.dataDir, 'wrong-password');
      writeFileSync(wrongPw, 'not the right passphrase\n');
      const bad = admin.cli('login', '--server', site.server.base, '--user', 'root-admin', '--password-file', wrongPw,
        '--totp', '123456', '--ca-file', site.server.certFile);
      const nobody = admin.cli('login', '--server', site.server.base, '--user', 'no-such-person', '--password-file',
        site.passwordFile, '--totp', '123456', '--ca-file', site.server.certFile);
      for (const r of [replay, bad, nobody]) {
        assert.equal(r.status, 1);
        assert.equal(r.stderr, 'limn login: wrong user name, password or code\n');
      }
      // An unknown name gets a salt too, the same one every time.
      const a = await apiCall(site, 'POST', '/api/v1/auth/prelogin', { user: 'no-such-person' });
      const b = await apiCall(site, 'POST', '/api/v1/auth/prelogin', { user: 'No-Such-Person' });
      assert.equal(a.status, 200);
      assert.match(a.json.salt, /^[0-9a-f]{32}$/);
      assert.equal(a.json.salt, b.json.salt);
      // Names outside the allowed shape are refused before anything is looked up or logged.
      const huge = await apiCall(site, 'POST', '/api/v1/auth/prelogin', { user: 'x'.repeat(500) });
      assert.equal(huge.status, 400);
      await admin.login();
    });

    test('a recovery code logs in once', async () => {
      const code = admin.account.recovery_codes[0];
      const args = ['login', '--server', site.server.base, '--user', 'root-admin', '--password-file',
        site.passwordFile, '--recovery-code', code.toLowerCase(), '--ca-file', site.server.certFile, '--json'];
      const r = admin.cli(...args);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.json.recovery_codes_left, 9);
      assert.equal(admin.cli(...args).status, 1);
      await admin.login();
    });

    test('state changes need the CSRF token and the same origin; logout ends the session at once', async () => {
      const body = { name: `csrf-${backend}`, schema_sha256: 'a'.repeat(64) };
      const none = await admin.api('POST', '/api/v1/projects', body, { csrf: null });
      assert.equal(none.status, 403);
      assert.match(none.json.error.message, /X-Limn-CSRF/);
      const wrong = await admin.api('POST', '/api/v1/projects', body, { csrf: 'f'.repeat(64) });
      assert.equal(wrong.status, 403);
      const crossSite = await admin.api('POST', '/api/v1/projects', body, { headers: { Origin: 'https://evil.example' } });
      assert.equal(crossSite.status, 403);
      const ok = await admin.api('POST', '/api/v1/projects', body);
      assert.equal(ok.status, 200, ok.text);
      // A new tab knows the cookie but not the token: signing in again still works.
      const fresh = await admin.api('POST', '/api/v1/auth/prelogin', { user: 'root-admin' }, { csrf: null });
      assert.equal(fresh.status, 200);
      const old = admin.session();
      const out = await admin.api('POST', '/api/v1/auth/logout', {});
      assert.equal(out.status, 200);
      // The cookie's attributes, as a browser receives them (here expiring it).
      const cookie = out.headers['set-cookie'].join('\n');
      for (const attr of [/limn_session=;/, /Max-Age=0/, /HttpOnly/, /SameSite=Strict/, /Secure/, /Path=\//])
        assert.match(cookie, attr);
      const after = await apiCall(site, 'GET', '/api/v1/auth/session', undefined, { session: old });
      assert.equal(after.status, 401);
      assert.equal(admin.cli('logout').status, 0, 'logging out of an ended session is fine');
      await admin.login();
    });

    test('an idle session expires; an admin revokes all of a person\'s sessions at once', async () => {
      const quick = await startSite({ db: 'sqlite', args: ['--session-idle', '2'] });
      try {
        const a = quick.people['root-admin'];
        assert.equal((await a.login()).status, 0);
        assert.equal((await a.api('GET', '/api/v1/auth/session')).status, 200);
        await new Promise((r) => setTimeout(r, 3500));
        assert.equal((await a.api('GET', '/api/v1/auth/session')).status, 401);
        // The person's requests keep a session alive; the page's own (a
        // timer's audit check, a long poll: X-Limn-Background) do not.
        const tick = () => new Promise((r) => setTimeout(r, 700));
        assert.equal((await a.login()).status, 0);
        for (let i = 0; i < 5; ++i, await tick())
          assert.equal((await a.api('GET', '/api/v1/audit/checkpoint')).status, 200, `foreground ${i}`);
        for (let i = 0; i < 5; ++i, await tick()) {
          const background = await a.api('GET', '/api/v1/audit/checkpoint', undefined, { headers: { 'X-Limn-Background': '1' } });
          if (background.status === 401) break;
        }
        assert.equal((await a.api('GET', '/api/v1/auth/session')).status, 401, 'background requests kept the session alive');
      } finally {
        await stopSite(quick);
      }
      const p = admin.cli('project', 'create', '--name', `Revoke ${backend}`, '--schema', schema, '--json');
      assert.equal(p.status, 0, p.stderr);
      const ann = await addPerson(site, admin, `revokee-${backend}`, `Revoke ${backend}`, 'annotator');
      assert.equal((await ann.api('GET', '/api/v1/auth/session')).status, 200);
      const rv = admin.cli('user', 'revoke-sessions', '--user', ann.name, '--json');
      assert.equal(rv.status, 0, rv.stderr);
      assert.equal(rv.json.sessions_ended, 1);
      assert.equal((await ann.api('GET', '/api/v1/auth/session')).status, 401);
    });

    test('repeated failures make the account wait (429), and every attempt is audited', async () => {
      const name = `locked-${backend}`;
      const p = admin.cli('project', 'create', '--name', `Lock ${backend}`, '--schema', schema);
      assert.equal(p.status, 0, p.stderr);
      await addPerson(site, admin, name, `Lock ${backend}`, 'annotator');
      const wrongPw = path.join(site.server.dataDir, 'wrong-password');
      writeFileSync(wrongPw, 'not the right passphrase\n');
      const statuses = [];
      for (let i = 0; i < 12; i++) {
        const r = await apiCall(site, 'POST', '/api/v1/auth/login', { user: name, auth_key: '0'.repeat(64), totp: '000000' });
        statuses.push(r.status);
        if (r.status === 429) {
          const wait = Number(/retry in (\d+) s/.exec(r.json.error.message)?.[1]);
          assert.ok(wait > 0, r.json.error.message);
          assert.equal(r.headers['retry-after'], String(wait));
          break;
        }
      }
      assert.equal(statuses[0], 401);
      assert.equal(statuses.at(-1), 429, `statuses ${statuses}`);
      // While it waits (1 s after the sixth failure), every attempt is refused
      // before any password check: asked at once, before that wait can pass.
      const again = await apiCall(site, 'POST', '/api/v1/auth/login', { user: name, auth_key: '0'.repeat(64), totp: '000000' });
      assert.equal(again.status, 429);
      const review = admin.cli('audit', 'review', '--json');
      assert.equal(review.status, 0, review.stderr);
      assert.ok(review.json.flagged.some((f) => f.entry.action === 'auth.login' && f.flags.includes('denied')));
      // A month that does not exist is refused, not reported as a clean one.
      const noSuchMonth = admin.cli('audit', 'review', '--month', '2026-13');
      assert.equal(noSuchMonth.status, 1);
      assert.match(noSuchMonth.stderr, /month is YYYY-MM, a month that exists \(01 to 12\), not '2026-13'/);
    });

    test('names people read are printable, task ids whole, and a task is assigned to someone named', async () => {
      const project = `Printable ${backend}`;
      assert.equal(admin.cli('project', 'create', '--name', project, '--schema', schema).status, 0);
      const forged = await admin.api('POST', `/api/v1/projects/${encodeURIComponent(project)}/tasks`,
        { image_id: '9.9\nP1  task 1  1.2.3.4  accepted  ana\u001b[2K' });
      assert.equal(forged.status, 400);
      assert.equal(forged.json.error.message, 'an image id may not hold control characters');
      const twin = await admin.api('POST', '/api/v1/projects', { name: `${project} `, schema_sha256: '0'.repeat(64) });
      assert.equal(twin.status, 400);
      assert.match(twin.json.error.message, /may not begin or end with a space/);
      const made = admin.cli('task', 'create', '--project', project, '--image-id', '1.2.3.77', '--json');
      assert.equal(made.status, 0, made.stderr);
      const id = made.json.id;
      const loose = await admin.api('GET', `/api/v1/tasks/${id}abc`);
      assert.equal(loose.status, 400);
      const nobody = await admin.api('POST', `/api/v1/tasks/${id}/assign`, {});
      assert.equal(nobody.status, 400);
      assert.match(nobody.json.error.message, /name a "user", or ask for "policy": "round_robin"/);
    });

    test('a number option that is not a number is refused before anything is sent', () => {
      for (const [args, said] of [
        [['task', 'create', '--project', 'P', '--image-id', 'i', '--deadline', '1.5e9'], /--deadline must be a whole number/],
        [['project', 'create', '--name', 'P', '--schema', schema, '--review-rates', '1,,0.2'], /each of --review-rates must be a number from 0 to 1, not ''/],
        [['user', 'invite', '--project', 'P', '--role', 'annotator', '--max-open-tasks', 'abc'], /--max-open-tasks must be a whole number/],
      ]) {
        const r = admin.cli(...args);
        assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, said);
      }
    });

    test('invitations are one-time and expire; roles and qualifications come with them', async () => {
      const project = `Onco ${backend}`;
      assert.equal(admin.cli('project', 'create', '--name', project, '--schema', schema, '--review-rates', '1,1').status, 0);
      const inv = admin.cli('user', 'invite', '--project', project, '--role', 'annotator', '--qualification',
        'specialty:oncology', '--json');
      assert.equal(inv.status, 0, inv.stderr);
      assert.match(inv.json.token, /^[0-9a-f]{64}$/);
      const home = site.server.dataDir;
      const first = cliAs(path.join(home, 'h1'), ['user', 'accept', '--server', site.server.base, '--token', inv.json.token,
        '--user', `onco-ann-${backend}`, '--password-file', site.passwordFile, '--ca-file', site.server.certFile, '--json']);
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.json.totp_secret, /^[A-Z2-7]{32}$/);
      assert.equal(first.json.recovery_codes.length, 10);
      const second = cliAs(path.join(home, 'h2'), ['user', 'accept', '--server', site.server.base, '--token', inv.json.token,
        '--user', `onco-ann2-${backend}`, '--password-file', site.passwordFile, '--ca-file', site.server.certFile]);
      assert.equal(second.status, 1);
      assert.match(second.stderr, /forbidden: the invitation is unknown, used or expired/);
      // Numbers that are fractions, texts or out of range are refused with the range.
      const invitations = `/api/v1/projects/${encodeURIComponent(project)}/invitations`;
      for (const [field, value] of [['expires_hours', 1e300], ['expires_hours', '24'], ['max_open_tasks', 1.5],
        ['max_open_tasks', -1]]) {
        const r = await admin.api('POST', invitations, { role: 'annotator', [field]: value });
        assert.equal(r.status, 400, `${field}: ${value}`);
        assert.match(r.json.error.message, new RegExp(`^${field} is a whole number from \\d+ to \\d+$`));
      }
    });

    test('a bad invitation token gets one answer whatever the name; a taken name leaves a good token unused', async () => {
      // A key set of the right shape (shared/protocol/published_keys.h), so
      // nothing but the token and the name decides the answer.
      const b64 = (n) => Buffer.alloc(n, 7).toString('base64url');
      const keys = { v: 1, signing_public: b64(32), box_public: b64(32), wrapped_by_password: b64(104),
        wrapped_by_recovery: b64(104) };
      const accept = (user, token) => apiCall(site, 'POST', '/api/v1/invitations/accept',
        { token, user, salt: '1'.repeat(32), auth_key: '2'.repeat(64), keys });
      const bad = 'f'.repeat(64);
      const taken = await accept('root-admin', bad);
      const free = await accept(`nobody-yet-${backend}`, bad);
      assert.deepEqual([taken.status, taken.json.error], [free.status, free.json.error]);
      assert.equal(free.status, 403);
      // With a good token a taken name is said (to the invitee alone), and the token still works.
      const project = `Names ${backend}`;
      assert.equal(admin.cli('project', 'create', '--name', project, '--schema', schema).status, 0);
      const inv = admin.cli('user', 'invite', '--project', project, '--role', 'annotator', '--json');
      assert.equal(inv.status, 0, inv.stderr);
      const clash = cliAs(path.join(site.server.dataDir, 'h3'), ['user', 'accept', '--server', site.server.base, '--token',
        inv.json.token, '--user', 'root-admin', '--password-file', site.passwordFile, '--ca-file', site.server.certFile]);
      assert.equal(clash.status, 1);
      assert.match(clash.stderr, /already exists/);
      // A key set whose version is text: refused, and the token still works.
      const oddKeys = await apiCall(site, 'POST', '/api/v1/invitations/accept', { token: inv.json.token,
        user: `odd-keys-${backend}`, salt: '1'.repeat(32), auth_key: '2'.repeat(64), keys: { ...keys, v: '1' } });
      assert.equal(oddKeys.status, 400, oddKeys.text);
      const p = await acceptInvitation(site, `names-ann-${backend}`, inv.json.token);
      assert.equal((await p.api('GET', '/api/v1/auth/session')).json.user, p.name);
    });

    test('tasks: qualification and load limits, round robin, review levels, four eyes, least privilege', async () => {
      const project = `Neuro ${backend}`;
      assert.equal(admin.cli('project', 'create', '--name', project, '--schema', schema, '--review-rates', '1').status, 0);
      const neuro = await addPerson(site, admin, `neuro-${backend}`, project, 'annotator', ['specialty:neuroradiology']);
      const general = await addPerson(site, admin, `general-${backend}`, project, 'annotator');
      const reviewer = await addPerson(site, admin, `reviewer-${backend}`, project, 'reviewer');
      const t1 = admin.cli('task', 'create', '--project', project, '--image-id', '1.2.3.4.1', '--qualification',
        'specialty:neuroradiology', '--json');
      assert.equal(t1.status, 0, t1.stderr);
      const id = String(t1.json.id);
      const refused = admin.cli('task', 'assign', '--task', id, '--user', general.name);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /does not hold the qualification specialty:neuroradiology/);
      const rr = admin.cli('task', 'assign', '--task', id, '--round-robin', '--json');
      assert.equal(rr.status, 0, rr.stderr);
      assert.equal(rr.json.assignee, neuro.name);
      // Least privilege: the other annotator sees nothing, cannot read or submit it.
      assert.deepEqual(general.cli('task', 'list', '--json').json.tasks, []);
      const peek = general.cli('task', 'submit', '--task', id);
      assert.equal(peek.status, 1);
      assert.match(peek.stderr, /^limn task submit: forbidden: /);
      assert.equal(neuro.cli('task', 'list', '--json').json.tasks.length, 1);
      assert.equal(reviewer.cli('task', 'list', '--json').json.tasks.length, 0);
      const sub = neuro.cli('task', 'submit', '--task', id, '--json');
      assert.equal(sub.status, 0, sub.stderr);
      assert.equal(sub.json.state, 'in_review');
      assert.equal(sub.json.review_level, 1);
      assert.equal(reviewer.cli('task', 'list', '--json').json.tasks.length, 1);
      assert.match(neuro.cli('task', 'accept', '--task', id).stderr, /forbidden/);
      const ret = reviewer.cli('task', 'return', '--task', id, '--json');
      assert.equal(ret.json.state, 'returned');
      assert.equal(neuro.cli('task', 'submit', '--task', id).status, 0);
      const acc = reviewer.cli('task', 'accept', '--task', id, '--json');
      assert.equal(acc.status, 0, acc.stderr);
      assert.equal(acc.json.state, 'accepted');
      // Progress counters for the admin.
      const show = await admin.api('GET', `/api/v1/projects/${encodeURIComponent(project)}`);
      assert.equal(show.json.progress.by_state.accepted, 1);
      assert.equal(show.json.progress.by_user[neuro.name].accepted, 1);
      // Load limit: the general annotator gets round-robin tasks until none is eligible.
      const t2 = admin.cli('task', 'create', '--project', project, '--image-id', '1.2.3.4.2', '--json');
      const a2 = admin.cli('task', 'assign', '--task', String(t2.json.id), '--round-robin', '--json');
      assert.equal(a2.json.assignee, general.name, 'fewest open tasks first');
      // A batch from a file: all or none.
      const list = path.join(site.server.dataDir, `images-${backend}.txt`);
      writeFileSync(list, '1.2.3.5.1\n1.2.3.5.2\n1.2.3.5.3\n');
      const batch = admin.cli('task', 'create', '--project', project, '--image-ids-file', list, '--json');
      assert.equal(batch.status, 0, batch.stderr);
      assert.equal(batch.json.tasks.length, 3);
      const dup = admin.cli('task', 'create', '--project', project, '--image-id', '1.2.3.5.4', '--image-id', '1.2.3.5.1');
      assert.equal(dup.status, 1);
      assert.match(dup.stderr, /already has a task for image 1\.2\.3\.5\.1/);
      assert.ok(!admin.cli('task', 'list', '--project', project, '--json').json.tasks.some((t) => t.image_id === '1.2.3.5.4'));
      // A load limit set by the invitation.
      const inv = admin.cli('user', 'invite', '--project', project, '--role', 'annotator', '--max-open-tasks', '1', '--json');
      assert.equal(inv.json.max_open_tasks, 1);
      const limited = await acceptInvitation(site, `limited-${backend}`, inv.json.token);
      const [b1, b2] = batch.json.tasks.map((t) => String(t.id));
      assert.equal(admin.cli('task', 'assign', '--task', b1, '--user', limited.name).status, 0);
      const over = admin.cli('task', 'assign', '--task', b2, '--user', limited.name);
      assert.equal(over.status, 1);
      assert.match(over.stderr, /already has 1 open tasks \(limit 1\)/);
      // The review sampling seed is committed to the audit log when the
      // project is made; managers may read it to recompute draws, others not.
      const shown = await apiCall(site, 'GET', `/api/v1/projects/${encodeURIComponent(project)}`, undefined,
        { session: admin.session() });
      assert.match(shown.json.review_sample_seed, /^[0-9a-f]{64}$/);
      const asReviewer = await apiCall(site, 'GET', `/api/v1/projects/${encodeURIComponent(project)}`, undefined,
        { session: reviewer.session() });
      assert.equal(asReviewer.status, 200);
      assert.equal(asReviewer.json.review_sample_seed, undefined);
      const out = path.join(site.server.dataDir, 'seed-audit.json');
      assert.equal(admin.cli('audit', 'export', '--out', out).status, 0);
      const committed = createHash('sha256').update(Buffer.from(shown.json.review_sample_seed, 'hex')).digest('hex');
      assert.ok(JSON.parse(readFileSync(out, 'utf8')).entries.map((e) => JSON.parse(e.entry))
        .some((e) => e.action === 'project.create' && e.detail.sample_seed_sha256 === committed &&
          JSON.stringify(e.detail.review_rates) === '[1]'), 'the seed\'s hash is in the project.create entry');
      // Fifty content reads in an hour by one person (annotation ops, not
      // just list and read routes) are flagged as bulk reads.
      for (let i = 0; i < 50; i++) {
        const pull = await apiCall(site, 'GET', `/api/v1/tasks/${id}/ops`, undefined, { session: admin.session() });
        assert.equal(pull.status, 200, pull.text);
      }
      const review = admin.cli('audit', 'review', '--json');
      assert.equal(review.status, 0, review.stderr);
      assert.ok(review.json.flagged.some((f) => f.entry.action === 'task.ops.pull' && f.flags.includes('bulk_read')),
        'fifty op pulls in an hour are a bulk read');
    });

    test('keys are made on the client: the server hands out public keys whose fingerprints match', async () => {
      assert.match(admin.account.recovery_key, /^([A-Z2-7]{4}-){12}[A-Z2-7]{4}$/);
      const project = `Keys ${backend}`;
      assert.equal(admin.cli('project', 'create', '--name', project, '--schema', schema).status, 0);
      const a = await addPerson(site, admin, `keys-a-${backend}`, project, 'annotator');
      const b = await addPerson(site, admin, `keys-b-${backend}`, project, 'reviewer');
      assert.match(a.account.fingerprint, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
      assert.notEqual(a.account.fingerprint, b.account.fingerprint);
      assert.equal(a.cli('keys', 'fingerprint', '--json').json.fingerprint, a.account.fingerprint);
      assert.equal(a.cli('keys', 'fingerprint', '--user', b.name, '--json').json.fingerprint, b.account.fingerprint);
      // Someone sharing no project with them gets nothing.
      const c = await addPerson(site, admin, `keys-c-${backend}`, `Lock ${backend}`, 'annotator');
      const peek = c.cli('keys', 'fingerprint', '--user', a.name);
      assert.equal(peek.status, 1);
      assert.match(peek.stderr, /forbidden: you share no project/);
      // The server stores only wraps: no private key material it could use.
      const keysRow = await a.api('GET', `/api/v1/users/${a.name}/keys`);
      assert.deepEqual(Object.keys(keysRow.json).sort(), ['box_public', 'signing_public', 'user']);
    });

    test('project keys: the creator holds epoch 1; confirmed members get it, checked against the wrapper\'s signature', async () => {
      const project = `Keyed ${backend}`;
      const made = admin.cli('project', 'create', '--name', project, '--schema', schema, '--json');
      assert.equal(made.status, 0, made.stderr);
      assert.equal(made.json.key_epoch, 1);
      const ana = await addPerson(site, admin, `keyed-ana-${backend}`, project, 'annotator');
      const before = ana.cli('project', 'keys', '--project', project, '--json');
      assert.equal(before.status, 0, before.stderr);
      assert.deepEqual(before.json.held_epochs, []);
      assert.match(admin.cli('project', 'keys', '--project', project).stdout, /waiting for a key: keyed-ana/);
      // Ana cannot hand herself the key.
      const self = ana.cli('project', 'confirm-members', '--project', project);
      assert.equal(self.status, 1);
      assert.match(self.stderr, /forbidden: you do not hold the project's current key/);
      const confirm = admin.cli('project', 'confirm-members', '--project', project, '--json');
      assert.equal(confirm.status, 0, confirm.stderr);
      assert.deepEqual(confirm.json.confirmed, [{ user: ana.name, fingerprint: ana.account.fingerprint }]);
      assert.deepEqual(ana.cli('project', 'keys', '--project', project, '--json').json.held_epochs, [1]);
      // Logging out removes the keys from the machine; logging in brings them back.
      assert.equal(ana.cli('logout').status, 0);
      assert.equal(ana.cli('project', 'keys', '--project', project).status, 1);
      assert.equal((await ana.login()).status, 0);
      assert.deepEqual(ana.cli('project', 'keys', '--project', project, '--json').json.held_epochs, [1]);
    });

    // Tampered on the SQLite file; the client's check is the same whatever the backend.
    if (backend === 'sqlite') test('a server that hands out other keys for someone already seen is caught before anything is sealed to them', async () => {
      const project = `Swap ${backend}`;
      assert.equal(admin.cli('project', 'create', '--name', project, '--schema', schema).status, 0);
      const bob = await addPerson(site, admin, `swap-bob-${backend}`, project, 'annotator');
      const eve = await addPerson(site, admin, `swap-eve-${backend}`, project, 'annotator');
      // The admin's client sees Bob's keys once...
      assert.match(admin.cli('project', 'keys', '--project', project).stdout, /waiting for a key: .*swap-bob/);
      // ...then the server (or whoever holds its disk) gives Bob Eve's keys.
      sqliteExec(site, `UPDATE users SET published_keys = (SELECT published_keys FROM users WHERE name = '${eve.name}')
        WHERE name = '${bob.name}'`);
      const confirm = admin.cli('project', 'confirm-members', '--project', project);
      assert.equal(confirm.status, 1, confirm.stdout);
      assert.match(confirm.stderr, new RegExp(`the server now gives ${bob.name} other keys \\(fingerprint [A-Z2-7 ]+\\) than ` +
        'this client saw before'));
      // Nothing was wrapped to anyone: Bob and Eve still wait.
      const keys = admin.cli('project', 'keys', '--project', project);
      assert.equal(keys.status, 1);
      // Bob's own client holds his real keys and refuses the status too.
      const own = bob.cli('project', 'keys', '--project', project);
      assert.equal(own.status, 1);
      assert.match(own.stderr, new RegExp(`the server now gives ${bob.name} other keys .* than this client holds`));
    });

    test('a disabled account cannot log in and its sessions end; enabling restores it', async () => {
      const project = `Disable ${backend}`;
      assert.equal(admin.cli('project', 'create', '--name', project, '--schema', schema).status, 0);
      const p = await addPerson(site, admin, `leaver-${backend}`, project, 'annotator');
      const off = admin.cli('user', 'disable', '--user', p.name, '--json');
      assert.equal(off.status, 0, off.stderr);
      assert.equal(off.json.sessions_ended, 1);
      assert.equal((await p.api('GET', '/api/v1/auth/session')).status, 401);
      assert.equal((await p.login()).status, 1);
      const users = admin.cli('user', 'list', '--json').json.users;
      assert.equal(users.find((u) => u.user === p.name).disabled, true);
      assert.deepEqual(users.find((u) => u.user === p.name).projects, [{ project, roles: ['annotator'] }]);
      assert.equal(admin.cli('user', 'enable', '--user', p.name).status, 0);
      assert.equal((await p.login()).status, 0);
    });

    test('client events enter the log only signed by the caller\'s own key, once each', async () => {
      const project = `Events ${backend}`;
      assert.equal(admin.cli('project', 'create', '--name', project, '--schema', schema).status, 0);
      const ana = await addPerson(site, admin, `ev-ana-${backend}`, project, 'annotator');
      const bob = await addPerson(site, admin, `ev-bob-${backend}`, project, 'annotator');
      const rec = ana.cli('audit', 'record', '--action', 'deid.run', '--detail', '{"files":3,"released":2}', '--count', '2', '--json');
      assert.equal(rec.status, 0, rec.stderr);
      assert.equal(rec.json.seqs.length, 2);
      const post = (who, events) => apiCall(site, 'POST', '/api/v1/audit/events', { events }, { session: who.session() });
      const printed = (who, ...args) => {
        const r = who.cli('audit', 'record', '--print-only', ...args);
        assert.equal(r.status, 0, r.stderr);
        return r.stdout.trim().split('\n').map((l) => JSON.parse(l).events[0]);
      };
      // Unsigned (as before signing existed): refused.
      const bare = await post(ana, [{ action: 'image.open', resource: 'local' }]);
      assert.equal(bare.status, 400);
      assert.match(bare.json.error.message, /signed/);
      // Signed by bob, sent by ana; and ana's name on bob's key: both forbidden.
      const [bobs] = printed(bob, '--action', 'image.open');
      assert.equal((await post(ana, [bobs])).status, 403);
      assert.equal((await post(ana, [{ ...bobs, user: ana.name }])).status, 403);
      // A changed detail breaks the signature; nothing of the batch is kept.
      const [good, tampered] = printed(ana, '--action', 'file.save', '--detail', '{"bytes":10}', '--count', '2');
      const changed = await post(ana, [good, { ...tampered, detail: { bytes: 99999 } }]);
      assert.equal(changed.status, 400, changed.text);
      assert.match(changed.json.error.message, /signature does not verify/);
      // The good one alone is recorded, and a replay of it is refused.
      assert.equal((await post(ana, [good])).status, 200);
      const replay = await post(ana, [good]);
      assert.equal(replay.status, 409);
      assert.match(replay.json.error.message, /already in the audit log/);
      // The log holds each signed statement as sent, and verify checks them all.
      const out = path.join(site.server.dataDir, 'events.json');
      assert.equal(admin.cli('audit', 'export', '--out', out).status, 0);
      const doc = JSON.parse(readFileSync(out, 'utf8'));
      const mine = doc.entries.map((e) => JSON.parse(e.entry)).filter((e) => e.actor === ana.name && e.action.startsWith('client.'));
      assert.deepEqual(mine.map((e) => e.action), ['client.deid.run', 'client.deid.run', 'client.file.save']);
      assert.deepEqual(mine[0].detail.event.detail, { files: 3, released: 2 });
      assert.equal(mine[2].detail.event.id, good.id);
      assert.equal(mine[2].detail.event.signature, good.signature);
      const v = admin.cli('audit', 'verify', out, '--json');
      assert.equal(v.status, 0, v.stdout + v.stderr);
      assert.equal(v.json.client_events, 3);
    });

    test('the audit export verifies, and each kind of tampering is named', async () => {
      const out = path.join(site.server.dataDir, 'audit.json');
      const ex = admin.cli('audit', 'export', '--out', out, '--json');
      assert.equal(ex.status, 0, ex.stderr);
      const ok = admin.cli('audit', 'verify', out, '--json');
      assert.equal(ok.status, 0, ok.stdout + ok.stderr);
      assert.equal(ok.json.ok, true);
      const doc = JSON.parse(readFileSync(out, 'utf8'));
      const actions = doc.entries.map((e) => JSON.parse(e.entry).action);
      for (const a of ['admin.create', 'auth.login', 'auth.logout', 'project.create', 'invitation.create',
        'invitation.accept', 'task.create', 'task.assign', 'task.submit', 'task.return', 'task.accept',
        'user.revoke_sessions', 'user.disable', 'user.enable', 'user.list', 'project.key_epoch',
        'project.key_wrap']) assert.ok(actions.includes(a), `no ${a} entry`);
      // Throttled attempts are on record with their wait.
      assert.ok(doc.entries.map((e) => JSON.parse(e.entry)).some((e) => e.action === 'auth.login' &&
        e.outcome === 'denied' && e.detail.status === 429 && e.detail.retry_after > 0));
      const verify = (name, mutate) => {
        const d = JSON.parse(JSON.stringify(doc));
        mutate(d);
        const f = path.join(site.server.dataDir, `${name}.json`);
        writeFileSync(f, JSON.stringify(d));
        const r = admin.cli('audit', 'verify', f, '--json');
        assert.equal(r.status, 1, `${name} passed verification`);
        return r.json.findings;
      };
      const modified = verify('modified', (d) => {
        const e = JSON.parse(d.entries[4].entry);
        e.actor = 'someone-else';
        d.entries[4].entry = JSON.stringify(e);
      });
      assert.deepEqual(modified.map((f) => [f.kind, f.seq]), [['modified', 4]]);
      assert.deepEqual(verify('deleted', (d) => d.entries.splice(7, 1)).map((f) => [f.kind, f.seq]), [['deleted', 7]]);
      assert.deepEqual(verify('inserted', (d) => d.entries.splice(3, 0, d.entries[2])).map((f) => [f.kind, f.seq]),
        [['inserted', 2]]);
      const reordered = verify('reordered', (d) => { [d.entries[5], d.entries[6]] = [d.entries[6], d.entries[5]]; });
      assert.deepEqual(reordered.map((f) => [f.kind, f.seq]), [['reordered', 5]]);
      const truncated = verify('truncated', (d) => d.entries.splice(-2));
      assert.deepEqual(truncated.map((f) => f.kind), ['truncated']);
      // A whole log re-signed with another key is refused by the pinned key.
      const resigned = verify('rekeyed', (d) => { d.public_key = 'ab'.repeat(32); });
      assert.equal(resigned[0].kind, 'key');
      // The file's server field is not signed: naming another server does
      // not get a re-keyed log past the pinned key.
      const renamed = verify('renamed', (d) => { d.server = 'https://elsewhere.example'; d.public_key = 'ab'.repeat(32); });
      assert.equal(renamed[0].kind, 'key');
      // A client that pinned no key trusts none: the file's own key proves
      // nothing until the verifier names the key the site publishes.
      const stranger = mkdtempSync(path.join(os.tmpdir(), 'limn-home-stranger-'));
      const unanchored = cliAs(stranger, ['audit', 'verify', out, '--json']);
      assert.equal(unanchored.status, 1);
      assert.deepEqual(unanchored.json.findings.map((f) => f.kind), ['key']);
      const keyed = cliAs(stranger, ['audit', 'verify', out, '--public-key', doc.public_key, '--json']);
      assert.equal(keyed.status, 0, keyed.stdout + keyed.stderr);
      // Once this client has seen a longer log, the old export reads as cut
      // short (a current log cut back to an old checkpoint looks the same),
      // unless it is explicitly checked as an older export.
      assert.equal(admin.cli('user', 'list').status, 0);
      const later = admin.cli('audit', 'verify', out, '--json');
      assert.equal(later.status, 1);
      assert.deepEqual(later.json.findings.map((f) => f.kind), ['truncated']);
      assert.equal(admin.cli('audit', 'verify', out, '--older-export').status, 0);
    });

    test('/metrics answers Prometheus text to the local machine only', async () => {
      const m = await apiCall(site, 'GET', '/metrics');
      assert.equal(m.status, 200);
      assert.match(m.headers['content-type'], /^text\/plain/);
      assert.match(m.text, /^limn_logins_total \d+$/m);
      assert.match(m.text, /^limn_audit_log_size \d+$/m);
    });

    test('the database holds no password, no TOTP code and no session token in the clear', async () => {
      if (backend !== 'sqlite') return;
      const db = readFileSync(path.join(site.server.dataDir, 'limn.sqlite3'));
      assert.ok(!db.includes(Buffer.from('correct horse battery staple')));
      assert.ok(!db.includes(Buffer.from(admin.session().cookie)));
    });
  });
}

// The throttle lives in the server process, whatever the database: each
// test gets a site of its own so its failures count against nothing else.
describe('login throttle', () => {
  const wrongLogin = (site, user) => apiCall(site, 'POST', '/api/v1/auth/login',
    { user, auth_key: '0'.repeat(64), totp: '000000' });

  test('parallel wrong logins for one account: no more get a password check than the limit allows', async () => {
    const site = await startSite();
    try {
      // Five free failures per account (sync-server/http/server_context.h),
      // then waits of 1, 2, 4 ... s: a burst that outlasts the first wait
      // (Argon2id on a busy machine) may rightly get one more check per wait.
      const start = Date.now();
      const statuses = await Promise.all(Array.from({ length: 40 }, () => wrongLogin(site, 'root-admin')))
        .then((rs) => rs.map((r) => r.status));
      const waitsElapsed = Math.floor(Math.log2((Date.now() - start) / 1000 + 1));
      const checked = statuses.filter((s) => s === 401).length;
      assert.ok(checked >= 1 && checked <= 5 + waitsElapsed, `${checked} password checks in ${Date.now() - start} ms: ${statuses}`);
      assert.equal(statuses.filter((s) => s === 429).length, 40 - checked, `${statuses}`);
    } finally {
      await stopSite(site);
    }
  });

  test('one\'s own right password forgives an address one failure, not its guesses at other accounts', async () => {
    const site = await startSite();
    try {
      const admin = site.people['root-admin'];
      assert.equal((await admin.login()).status, 0);
      const codes = [...admin.account.recovery_codes];
      // A new name each guess (no account's limit is met), a right login of
      // one's own every fourth: each forgives one failure, so the address's
      // 20 free failures still run out, three guesses nearer each round.
      const seen = [];
      for (let i = 0; i < 32 && !seen.includes(429); ++i) {
        seen.push((await wrongLogin(site, `guess-${i}`)).status);
        if (i % 4 !== 3) continue;
        const own = admin.cli('login', '--server', site.server.base, '--user', 'root-admin', '--password-file',
          site.passwordFile, '--recovery-code', codes.shift(), '--ca-file', site.server.certFile);
        if (own.status !== 0) assert.match(own.stderr, /retry in \d+ s/);
        seen.push(own.status === 0 ? 'ok' : 429);
      }
      assert.equal(seen.at(-1), 429, `${seen}`);
      // 20 free plus one per own login, and one more if the 1 s wait after
      // them passed during a login.
      const guesses = seen.filter((s) => s === 401).length;
      const own = seen.filter((s) => s === 'ok').length;
      assert.ok(guesses >= 20 + own - 1 && guesses <= 21 + own, `${seen}`);
    } finally {
      await stopSite(site);
    }
  });
});
