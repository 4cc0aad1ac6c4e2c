// `limn-server admin create`: the first administrator, from the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serverBin } from '../lib/harness.mjs';

const password = 'a physician-grade passphrase 42';

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'limn-admin-'));
  const pwFile = path.join(dir, 'password.txt');
  writeFileSync(pwFile, password + '\n', { mode: 0o600 });
  return { data: path.join(dir, 'data'), pwFile, dir };
}
const run = (args) => spawnSync(serverBin, ['admin', 'create', ...args], { encoding: 'utf8' });

test('creates the first admin and prints the TOTP secret once', () => {
  const { data, pwFile } = setup();
  const r = run(['--data', data, '--user', 'chief', '--password-file', pwFile]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Created administrator 'chief'/);
  assert.match(r.stdout, /^ {2}[A-Z2-7]{32}$/m);
  assert.match(r.stdout, /otpauth:\/\/totp\/Limn:chief\?secret=[A-Z2-7]{32}&issuer=Limn/);
  assert.match(r.stdout, /script\/server/);
  // The same name again is refused, whatever its case.
  const again = run(['--data', data, '--user', 'CHIEF', '--password-file', pwFile]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already exists/);
});

test('--json output, and the password never reaches the database', () => {
  const { data, pwFile } = setup();
  const r = run(['--data', data, '--user', 'admin.two', '--password-file', pwFile, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.user, 'admin.two');
  assert.match(out.totp_secret, /^[A-Z2-7]{32}$/);
  for (const f of readdirSync(data)) {
    if (!f.startsWith('limn.sqlite3')) continue;
    assert.ok(!readFileSync(path.join(data, f)).includes(password), `${f} holds the password`);
  }
});

test('short passwords, bad names and missing files are refused with a reason', () => {
  const { data, dir } = setup();
  const short = path.join(dir, 'short.txt');
  writeFileSync(short, 'tooshort');
  let r = run(['--data', data, '--user', 'x', '--password-file', short]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /at least 12 characters/);
  r = run(['--data', data, '--user', 'bad name!', '--password-file', short]);
  assert.equal(r.status, 2);
  r = run(['--data', data, '--user', 'x', '--password-file', path.join(dir, 'missing')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot read the password file/);
  r = run(['--data', data]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /usage/);
});
