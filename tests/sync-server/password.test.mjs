// Passwords against a real limn-server: changing one needs the current
// password (a session alone is not enough) and ends every session; a lost
// one is replaced with an administrator's one-time token and the key
// recovery key; either way the same keys stay readable (project keys
// still open) and the old password stops working.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addPerson, freshTotp, startSite, stopSite } from '../lib/limn_site.mjs';
import { repoRoot } from '../lib/harness.mjs';

let site, admin, ana, bob;
const file = (name, text) => {
  const p = path.join(site.server.dataDir, name);
  writeFileSync(p, `${text}\n`);
  return p;
};
const loginWith = async (person, passwordFile) => person.cli('login', '--server', site.server.base, '--user', person.name,
  '--password-file', passwordFile, '--totp', await freshTotp(person.account.totp_secret), '--ca-file', site.server.certFile);
const heldEpochs = (person) => person.cli('project', 'keys', '--project', 'Pw', '--json').json?.held_epochs;

before(async () => {
  site = await startSite();
  admin = site.people['root-admin'];
  assert.equal((await admin.login()).status, 0);
  assert.equal(admin.cli('project', 'create', '--name', 'Pw', '--schema', path.join(repoRoot, 'examples/schema.json')).status, 0);
  ana = await addPerson(site, admin, 'pw-ana', 'Pw', 'annotator');
  bob = await addPerson(site, admin, 'pw-bob', 'Pw', 'annotator');
  assert.equal(admin.cli('project', 'confirm-members', '--project', 'Pw').status, 0);
});
after(() => stopSite(site));

test('changing a password proves the current one, ends every session and keeps the keys', async () => {
  const newPw = file('ana-new', 'a brand new passphrase for ana');
  const wrong = ana.cli('user', 'change-password', '--password-file', file('ana-wrong', 'not the current passphrase'),
    '--new-password-file', newPw);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /forbidden: the current password is wrong/);
  assert.deepEqual(heldEpochs(ana), [1]);  // still logged in, nothing changed

  const changed = ana.cli('user', 'change-password', '--password-file', site.passwordFile, '--new-password-file', newPw, '--json');
  assert.equal(changed.status, 0, changed.stderr);
  assert.ok(changed.json.sessions_ended >= 1);
  assert.equal(ana.cli('task', 'list').status, 1);  // logged out here too
  const old = await loginWith(ana, site.passwordFile);
  assert.equal(old.status, 1);
  assert.match(old.stderr, /wrong user name, password or code/);
  const again = await loginWith(ana, newPw);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(heldEpochs(ana), [1]);  // the same private keys open the project key
});

test('keys handed out again in a session need the password: a wrong one is refused and counts toward the lockout', async () => {
  // pw-bob's session (the CLI's), as a page reloaded in it would use it.
  const wrong = await bob.api('POST', '/api/v1/auth/unlock', { auth_key: '0'.repeat(64) });
  assert.equal(wrong.status, 403);
  assert.equal(wrong.json.error.message, 'forbidden: the password is wrong');
  assert.equal(wrong.json.keys, undefined);
  assert.equal((await bob.api('POST', '/api/v1/auth/unlock', { auth_key: 'x' })).status, 400);
  const statuses = [403];
  for (let i = 0; i < 12 && statuses.at(-1) !== 429; ++i)
    statuses.push((await bob.api('POST', '/api/v1/auth/unlock', { auth_key: '0'.repeat(64) })).status);
  assert.equal(statuses.at(-1), 429, `statuses ${statuses}`);
  // The same throttle as logins: a right password waits too until then.
  const login = await loginWith(bob, site.passwordFile);
  assert.equal(login.status, 1);
  assert.match(login.stderr, /retry in \d+ s/);
  const audit = admin.cli('audit', 'review', '--json');
  assert.ok(audit.json.flagged.some((f) => f.entry.action === 'auth.unlock' && f.flags.includes('denied')));
  await new Promise((r) => setTimeout(r, 1100));  // the first wait is a second (the next test logs bob in)
});

test('a lost password is replaced with a one-time token and the recovery key', async () => {
  const notAdmin = ana.cli('user', 'reset-token', '--user', bob.name);
  assert.equal(notAdmin.status, 1);
  assert.match(notAdmin.stderr, /forbidden/);
  const issued = admin.cli('user', 'reset-token', '--user', bob.name, '--json');
  assert.equal(issued.status, 0, issued.stderr);
  const newPw = file('bob-new', 'bob chose another passphrase');
  const reset = (recoveryKeyFile) => bob.cli('user', 'reset-password', '--server', site.server.base, '--token', issued.json.token,
    '--recovery-key-file', recoveryKeyFile, '--new-password-file', newPw, '--ca-file', site.server.certFile, '--json');

  // Someone else's recovery key opens nothing, and nothing changes.
  const wrongKey = reset(file('ana-recovery', ana.account.recovery_key));
  assert.equal(wrongKey.status, 1);
  assert.match(wrongKey.stderr, /the recovery key does not open pw-bob's keys .*nothing was changed/);
  assert.deepEqual(heldEpochs(bob), [1]);

  const ok = reset(file('bob-recovery', bob.account.recovery_key));
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(bob.cli('task', 'list').status, 1);  // his sessions ended
  const reused = reset(file('bob-recovery', bob.account.recovery_key));
  assert.equal(reused.status, 1);
  assert.match(reused.stderr, /forbidden: this reset token is unknown, used or expired/);
  assert.equal((await loginWith(bob, site.passwordFile)).status, 1);
  const login = await loginWith(bob, newPw);
  assert.equal(login.status, 0, login.stderr);
  assert.deepEqual(heldEpochs(bob), [1]);

  // Each step is in the audit log.
  const exported = path.join(site.server.dataDir, 'audit.json');
  assert.equal(admin.cli('audit', 'export', '--out', exported).status, 0);
  const entries = JSON.parse(readFileSync(exported, 'utf8')).entries.map((e) => JSON.parse(e.entry));
  const outcomes = (action) => entries.filter((e) => e.action === action).map((e) => `${e.actor}:${e.outcome}`);
  assert.deepEqual(outcomes('auth.password_change'), ['pw-ana:denied', 'pw-ana:ok']);
  assert.deepEqual(outcomes('user.password_reset_token'), ['pw-ana:denied', 'root-admin:ok']);
  assert.deepEqual(outcomes('auth.password_reset_keys'), ['pw-bob:ok', 'pw-bob:ok', '-:denied']);
  assert.deepEqual(outcomes('auth.password_reset'), ['pw-bob:ok']);
});
