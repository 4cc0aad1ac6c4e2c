// The image relay against a real limn-server: off until a project admin
// turns it on; only files that say they were de-identified leave the
// client; they travel sealed in chunks and signed, come out byte for byte
// for another member, and a changed byte on the server is caught; the
// server's files never hold the image.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addPerson, serverBytes, sqliteExec, startSite, stopSite } from '../lib/limn_site.mjs';
import { limnBin, pydicomData, repoRoot } from '../lib/harness.mjs';

let site, admin, ana, task, work, deidentified;

before(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'limn-relay-'));
  const deid = spawnSync(limnBin, ['deid', path.join(pydicomData, 'test_files/CT_small.dcm'), '--out', path.join(work, 'deid')],
    { encoding: 'utf8' });
  assert.equal(deid.status, 0, deid.stderr);
  deidentified = path.join(work, 'deid/CT_small.dcm');
  assert.ok(existsSync(deidentified));
  site = await startSite();
  admin = site.people['root-admin'];
  assert.equal((await admin.login()).status, 0);
  assert.equal(admin.cli('project', 'create', '--name', 'Relay', '--schema', path.join(repoRoot, 'examples/schema.json')).status, 0);
  ana = await addPerson(site, admin, 'relay-ana', 'Relay', 'annotator');
  assert.equal(admin.cli('project', 'confirm-members', '--project', 'Relay').status, 0);
  const t = admin.cli('task', 'create', '--project', 'Relay', '--image-id', '1.2.826.0.1.3680043.10.99', '--json');
  task = String(t.json.id);
  assert.equal(admin.cli('task', 'assign', '--task', task, '--user', ana.name).status, 0);
});
after(() => stopSite(site));

test('the relay is off by default, and only project admins turn it on', () => {
  const off = admin.cli('sync', 'put-image', '--task', task, '--file', deidentified);
  assert.equal(off.status, 1);
  assert.match(off.stderr, /project Relay does not relay images/);
  const notAdmin = ana.cli('project', 'set-policy', '--project', 'Relay', '--image-relay', 'on');
  assert.equal(notAdmin.status, 1);
  assert.match(notAdmin.stderr, /forbidden/);
  const on = admin.cli('project', 'set-policy', '--project', 'Relay', '--image-relay', 'on', '--json');
  assert.equal(on.status, 0, on.stderr);
  assert.equal(on.json.image_relay, true);
});

test('a file that does not say it was de-identified never leaves the client', () => {
  const raw = admin.cli('sync', 'put-image', '--task', task, '--file', path.join(pydicomData, 'test_files/CT_small.dcm'));
  assert.equal(raw.status, 1);
  assert.match(raw.stderr, /does not say it was de-identified \(Patient Identity Removed is not YES\)/);
  assert.equal(JSON.parse(admin.cli('sync', 'images', '--task', task, '--json').stdout).blobs.length, 0);
});

test('a de-identified image reaches another member byte for byte; a changed byte on the server is caught', () => {
  const put = admin.cli('sync', 'put-image', '--task', task, '--file', deidentified, '--name', 'ct-small.dcm', '--json');
  assert.equal(put.status, 0, put.stderr);
  assert.equal(put.json.duplicate, false);
  const listed = ana.cli('sync', 'images', '--task', task, '--json');
  assert.deepEqual(listed.json.blobs.map((b) => [b.name, b.author]), [['ct-small.dcm', 'root-admin']]);
  const out = path.join(work, 'received.dcm');
  const got = ana.cli('sync', 'get-image', '--task', task, '--name', 'ct-small.dcm', '--out', out, '--json');
  assert.equal(got.status, 0, got.stderr);
  assert.ok(readFileSync(out).equals(readFileSync(deidentified)));

  // A byte changed in the stored ciphertext: refused, nothing written.
  const sql = (s) => sqliteExec(site, s);
  // (A different byte whatever was there: the ciphertext is random.)
  sql("CREATE TABLE kept AS SELECT * FROM blobs; UPDATE blobs SET ciphertext = substr(ciphertext, 1, 9000) ||" +
    " CASE WHEN substr(ciphertext, 9001, 1) = x'00' THEN x'01' ELSE x'00' END || substr(ciphertext, 9002);");
  const tampered = path.join(work, 'tampered.dcm');
  const bad = ana.cli('sync', 'get-image', '--task', task, '--name', 'ct-small.dcm', '--out', tampered);
  sql('DELETE FROM blobs; INSERT INTO blobs SELECT * FROM kept; DROP TABLE kept;');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /signature does not verify; nothing written/);
  assert.equal(existsSync(tampered), false);
});

test('an image\'s name (which may be PHI) reaches neither the server\'s log nor its audit log', async () => {
  const name = 'Doe_John_1962.dcm';
  const put = admin.cli('sync', 'put-image', '--task', task, '--file', deidentified, '--name', name, '--json');
  assert.equal(put.status, 0, put.stderr);
  const got = ana.cli('sync', 'get-image', '--task', task, '--name', name, '--out', path.join(work, 'named.dcm'));
  assert.equal(got.status, 0, got.stderr);
  assert.ok(ana.cli('sync', 'images', '--task', task, '--json').json.blobs.some((b) => b.name === name));
  const out = path.join(work, 'audit.json');
  assert.equal(admin.cli('audit', 'export', '--out', out).status, 0);
  const entries = JSON.parse(readFileSync(out, 'utf8')).entries.map((e) => JSON.parse(e.entry));
  const relayed = entries.filter((e) => e.action === 'task.blob.put' || e.action === 'task.blob.get');
  assert.ok(relayed.length >= 2);
  // The same name, the same digest: a put and its get can still be matched.
  assert.match(relayed.at(-1).detail.blob_digest, /^[0-9a-f]{32}$/);
  assert.equal(new Set(relayed.slice(-2).map((e) => e.detail.blob_digest)).size, 1);
  // The CLI ran synchronously: let the server's stderr reach the log first.
  await new Promise((r) => setTimeout(r, 200));
  for (const [what, text] of [['log', site.server.log()], ['audit export', readFileSync(out, 'utf8')]])
    for (const part of ['Doe_John', 'John_1962']) assert.equal(text.includes(part), false, `${part} in the ${what}`);
  assert.match(site.server.log(), /"path":"\/api\/v1\/tasks\/\d+\/blobs\/\{blob\}"/);
});

test('the server\'s files and log never hold the image', () => {
  const image = readFileSync(deidentified);
  const stored = serverBytes(site);
  // Windows of the pixel data and of the header, none of them trivial.
  for (const at of [image.length - 3000, image.length - 9000, 400]) {
    const window = image.subarray(at, at + 48);
    assert.ok(new Set(window).size > 8, `window at ${at} is too plain to search for`);
    assert.equal(stored.includes(window), false, `bytes ${at}.. of the image are on the server`);
  }
});
