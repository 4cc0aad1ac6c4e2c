// Live, end-to-end encrypted sync between two physicians in two browsers
// (Chromium) through a real limn-server: each signs in (keys unwrapped in
// the tab), opens the same task, and sees the other's edits within a
// second; edits made offline wait in the IndexedDB outbox as ciphertext and
// reach the server exactly once on reconnect; the CLI reads the same
// document; the server's files hold no label, and no request carries one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { limnBin, pydicomData, repoRoot } from '../lib/harness.mjs';
import {
  addPerson, editToScreenLatencies, openTaskInBrowser, serverBytes, sqliteExec, startSite, stopSite,
} from '../lib/limn_site.mjs';
import { uiInput } from '../lib/ui_input.mjs';

let site, admin, ana, task, workDir;
const sides = {};  // name -> { browser, page, consoleErrors, bodies }

async function openSide(person) {
  const bodies = [];
  const files = readdirSync(path.join(workDir, 'ct')).sort().map((f) => path.join(workDir, 'ct', f));
  const side = await openTaskInBrowser(site, person, task, files, {
    watch: (p) => p.on('request', (r) => bodies.push(r.postData() ?? '')),
  });
  side.bodies = bodies;
  return side;
}

const count = (name) => sides[name].page.evaluate(() => window.limn.state().annotations.annotations.length);
const syncState = (name) => sides[name].page.evaluate(() => window.limn.sync.state());
// On a timeout it says what the page held then (its count, its sync state
// and status line), so a failure under load can be told apart from a refusal.
const waitForCount = (name, n, timeout = 5000) => sides[name].page.waitForFunction(
  (want) => window.limn.state().annotations.annotations.length >= want, n, { timeout, polling: 5 }).catch(async (e) => {
  const held = await sides[name].page.evaluate(() => ({ count: window.limn.state().annotations.annotations.length,
    sync: window.limn.sync.state(), status: document.getElementById('sync-status')?.textContent }));
  throw new Error(`${name}: waited ${timeout} ms for ${n} annotations: ${JSON.stringify(held)} (${e.message})`);
});
// A box made by the scripted command (the same App::createShape as the mouse).
const scriptedBox = (name, i) => sides[name].page.evaluate((k) => window.limn.annotate({ op: 'polygons', count: 1, vertices: 4 + k }), i);

before(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'limn-e2e-sync-'));
  execFileSync(limnBin, ['dicom', 'synth', '--out', path.join(workDir, 'ct'), '--size', '64', '--slices', '3']);
  site = await startSite();
  admin = site.people['root-admin'];
  assert.equal((await admin.login()).status, 0);
  assert.equal(admin.cli('project', 'create', '--name', 'Live', '--schema', path.join(repoRoot, 'examples/schema.json')).status, 0);
  ana = await addPerson(site, admin, 'dr.ana', 'Live', 'annotator');
  assert.equal(admin.cli('project', 'confirm-members', '--project', 'Live').status, 0);
  const t = admin.cli('task', 'create', '--project', 'Live', '--image-id', '1.2.826.0.1.3680043.10.1234.1', '--json');
  assert.equal(t.status, 0, t.stderr);
  task = t.json.id;
  assert.equal(admin.cli('task', 'assign', '--task', String(task), '--user', ana.name).status, 0);
  sides.admin = await openSide(admin);
  sides.ana = await openSide(ana);
});

after(async () => {
  for (const s of Object.values(sides)) await s.browser?.close();
  await stopSite(site);
  rmSync(workDir, { recursive: true, force: true });
});

test('a box drawn by one physician appears on the other\'s screen within a second', async () => {
  const { key, drag } = uiInput(sides.ana.page);
  await key('b');
  const sc = (await sides.ana.page.evaluate(() => window.limn.state().viewports[0].screen));
  const at = (x, y) => ({ x: Math.round(sc.x0 + x * sc.sx), y: Math.round(sc.y0 + y * sc.sy) });
  await drag(at(10, 12), at(30, 40));
  const started = Date.now();  // the box exists from the mouse-up frame on
  assert.equal(await count('ana'), 1);
  await waitForCount('admin', 1, 1000);
  const seen = Date.now() - started;
  const theirs = await sides.admin.page.evaluate(() => window.limn.state().annotations.annotations[0]);
  const mine = await sides.ana.page.evaluate(() => window.limn.state().annotations.annotations[0]);
  assert.deepEqual(theirs.vertices, mine.vertices);
  assert.equal(theirs.label, mine.label);
  assert.ok(seen < 1000, `${seen} ms`);
  // And back: the admin's edit reaches Ana.
  await scriptedBox('admin', 0);
  await waitForCount('ana', 2, 1000);
  assert.equal((await syncState('ana')).error, '');
});

test('edits made offline wait in the outbox as ciphertext and reach the server exactly once', async () => {
  const context = sides.ana.page.context();
  assert.equal(await count('admin'), 2);
  await context.setOffline(true);
  await scriptedBox('ana', 1);
  await scriptedBox('ana', 2);
  await sides.ana.page.waitForFunction(async () => (await window.limn.sync.outboxSize()) === 2, null, { timeout: 5000 });
  // What the outbox holds is sealed: no label or coordinate in it.
  const stored = await sides.ana.page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('limn-sync', 1);
    open.onsuccess = () => {
      const get = open.result.transaction('outbox').objectStore('outbox').getAll();
      get.onsuccess = () => resolve(JSON.stringify(get.result));
    };
  }));
  assert.ok(stored.includes('"ct"'));
  assert.ok(!stored.includes('lesion'), stored.slice(0, 200));
  // Nothing reached the other side while offline (asked before going back
  // online: once online, the outbox may go out before any check could run).
  assert.equal(await count('admin'), 2);
  await context.setOffline(false);
  await waitForCount('admin', 4, 10000);
  await sides.ana.page.waitForFunction(async () => (await window.limn.sync.outboxSize()) === 0, null, { timeout: 5000 });
  const pulled = admin.cli('sync', 'pull', '--task', String(task), '--out', path.join(workDir, 'pulled.json'), '--json');
  assert.equal(pulled.status, 0, pulled.stderr);
  const a = await syncState('ana');
  const b = await syncState('admin');
  assert.equal(pulled.json.ops, a.sealed + b.sealed);  // every op once, none twice
  assert.equal(pulled.json.annotations, 4);
  assert.deepEqual(pulled.json.signed_by, { [ana.name]: a.sealed, 'root-admin': b.sealed });
});

test('edits keep reaching the other screen within a second (the figure is in limn bench)', async () => {
  const latencies = await editToScreenLatencies(sides.ana.page, sides.admin.page, 10);
  assert.ok(Math.max(...latencies) < 1000, JSON.stringify(latencies));
});

test('key fingerprints are shown in the page, and a newcomer is confirmed with a button', async () => {
  const bob = await addPerson(site, admin, 'dr.bob', 'Live', 'annotator');
  const { page } = sides.admin;
  await page.evaluate(() => window.limn.account.show());
  await page.evaluate(() => window.limn.sync.showMembers('Live'));
  const row = page.locator('#members tr[data-user="dr.bob"]');
  const shown = (await row.locator('.fingerprint').textContent()).trim();
  // What the page computed from the keys the server handed it is what the CLI computes.
  assert.equal(shown, admin.cli('keys', 'fingerprint', '--user', 'dr.bob', '--json').json.fingerprint);
  assert.equal(shown, bob.account.fingerprint);
  assert.deepEqual(bob.cli('project', 'keys', '--project', 'Live', '--json').json.held_epochs, []);
  await row.locator('button.confirm-member').click();
  await page.waitForSelector('#members tr[data-user="dr.bob"] button.confirm-member', { state: 'detached', timeout: 10000 });
  assert.match(await page.textContent('#members-status'), /Confirmed dr\.bob/);
  assert.deepEqual(bob.cli('project', 'keys', '--project', 'Live', '--json').json.held_epochs, [1]);
  await page.click('#account-close');
});

test('edits queued while a removal rotates the key are sealed again under the new key and arrive once', async () => {
  const context = sides.ana.page.context();
  const before = { ana: await count('ana'), admin: await count('admin') };
  await context.setOffline(true);
  await scriptedBox('ana', 5);
  await scriptedBox('ana', 6);
  await sides.ana.page.waitForFunction(async () => (await window.limn.sync.outboxSize()) === 2, null, { timeout: 5000 });
  // Bob leaves, removed in the admin's page, which starts key epoch 2 at
  // once (wrapped in its module to those who hold epoch 1); Ana's queued
  // edits are sealed under epoch 1, which the server now refuses.
  const { page } = sides.admin;
  await page.evaluate(() => window.limn.account.show());
  await page.evaluate(() => window.limn.sync.showMembers('Live'));
  assert.equal(await page.locator('#members tr[data-user="root-admin"] button.remove-member').count(), 0);
  page.once('dialog', (d) => d.accept());
  await page.click('#members tr[data-user="dr.bob"] button.remove-member');
  await page.waitForSelector('#members tr[data-user="dr.bob"]', { state: 'detached', timeout: 10000 });
  assert.equal(await page.textContent('#members-status'),
    'Removed dr.bob. New edits are sealed under key epoch 2, which they do not hold.');
  const keys = (await admin.api('GET', '/api/v1/projects/Live/keys')).json;
  assert.equal(keys.current_epoch, 2);
  assert.equal(keys.current_epoch_stale, false);
  assert.deepEqual(Object.keys(keys.members).sort(), ['dr.ana', 'root-admin']);
  assert.ok(Object.values(keys.members).every((m) => m.holds_current));
  assert.equal(await page.isHidden('#rotate-key'), true);
  await page.click('#account-close');
  await context.setOffline(false);
  await sides.ana.page.waitForFunction(async () => (await window.limn.sync.outboxSize()) === 0, null, { timeout: 10000 });
  // The admin's page takes the new key when the first op under it arrives.
  await waitForCount('admin', before.admin + 2, 10000);
  assert.equal((await syncState('admin')).error, '');
  const { json } = await admin.api('GET', `/api/v1/tasks/${task}/ops?after=0`);
  const mine = json.ops.filter((o) => o.author === ana.name);
  assert.deepEqual(mine.slice(-2).map((o) => o.envelope.epoch), [2, 2]);
  assert.equal(new Set(json.ops.map((o) => o.envelope.op)).size, json.ops.length);  // none twice
  // Both pages now seal under epoch 2: the admin's next edit reaches Ana.
  await scriptedBox('admin', 7);
  await waitForCount('ana', before.ana + 3, 5000);
  assert.equal((await syncState('ana')).epoch, 2);
  const pulled = admin.cli('sync', 'pull', '--task', String(task), '--out', path.join(workDir, 'after-rotation.json'), '--json');
  assert.equal(pulled.status, 0, pulled.stderr);
  assert.equal(pulled.json.ops, json.ops.length + 1);
});

test('what a closed tab left in the outbox goes out in the order made, beside the edits of the next visit', async () => {
  const { page } = sides.ana;
  const before = await count('admin');
  // Every push fails (the connection drops) while Ana edits on; the edits
  // wait in the outbox.
  const edits = 12;
  const pushes = '**/api/v1/tasks/*/ops';
  await page.route(pushes, (route) => (route.request().method() === 'POST' ? route.abort() : route.continue()));
  for (let i = 0; i < edits; ++i) await scriptedBox('ana', i % 8);
  await page.waitForFunction((n) => window.limn.sync.outboxSize().then((k) => k === n), edits, { timeout: 20000 });
  // The task opened afresh (as after a reload): the document comes from the
  // server, the queued edits only from the outbox.
  await page.evaluate((t) => window.limn.sync.openTask(t), task);
  await page.unroute(pushes);
  await scriptedBox('ana', 3);  // made before the queued edits are on the server
  await page.waitForFunction(async () => (await window.limn.sync.outboxSize()) === 0, null, { timeout: 20000 });
  await waitForCount('admin', before + edits + 1, 20000);
  const pulled = admin.cli('sync', 'pull', '--task', String(task), '--out', path.join(workDir, 'after-reopen.json'), '--json');
  assert.equal(pulled.status, 0, pulled.stderr);  // readers refuse an author's ops out of order
  assert.equal(pulled.json.annotations, before + edits + 1);
  assert.equal((await syncState('ana')).error, '');
});

test('an image the site relays to the task opens in the page, checked and opened in the module', async () => {
  const { page } = sides.ana;
  assert.equal(admin.cli('project', 'set-policy', '--project', 'Live', '--image-relay', 'on').status, 0);
  const deid = path.join(workDir, 'relay');
  execFileSync(limnBin, ['deid', path.join(pydicomData, 'test_files/CT_small.dcm'), '--out', deid]);
  const put = admin.cli('sync', 'put-image', '--task', String(task), '--file', path.join(deid, 'CT_small.dcm'), '--name', 'relayed-ct.dcm');
  assert.equal(put.status, 0, put.stderr);
  const annotations = await count('ana');
  await page.evaluate(() => window.limn.account.show());
  await page.click('#sync-images');
  await page.waitForFunction(() => /relayed image checked and opened/.test(document.getElementById('sync-status').textContent),
    null, { timeout: 20000 });
  const shown = await page.evaluate(() => { const s = window.limn.state(); return { name: s.name, size: [s.columns, s.rows] }; });
  assert.deepEqual(shown, { name: 'relayed-ct.dcm', size: [128, 128] });  // CT_small, not the 64x64 series
  assert.equal(await count('ana'), annotations, 'the task\'s annotations stay');
  // A byte changed in what the server stores: refused, nothing opened.
  sqliteExec(site, "UPDATE blobs SET ciphertext = substr(ciphertext, 1, 200) || CASE WHEN substr(ciphertext, 201, 1) = X'00' " +
    "THEN X'01' ELSE X'00' END || substr(ciphertext, 202)");
  const generation = await page.evaluate(() => window.limn.state().load.generation);
  await page.click('#sync-images');
  await page.waitForFunction(() => document.getElementById('sync-status').classList.contains('error'), null, { timeout: 20000 });
  assert.match(await page.textContent('#sync-status'), /^relayed-ct\.dcm \(from root-admin\): .*; nothing opened$/);
  assert.equal(await page.evaluate(() => window.limn.state().load.generation), generation);
  await page.click('#account-close');
});

test('one person editing the task on two computers at once: every edit of both lands', async () => {
  sides.tablet = await openSide(ana);  // Ana signed in on a second computer too
  const before = await count('admin');
  // Both edit before either has seen the other's edits (their pushes cut
  // off), so each numbers its ops knowing nothing of the other's: neither
  // may make an id the other made, or the server would take the second for
  // a re-send of the first and keep only one.
  const pushes = '**/api/v1/tasks/*/ops';
  const cutOff = (route) => (route.request().method() === 'POST' ? route.abort() : route.continue());
  for (const name of ['ana', 'tablet']) await sides[name].page.route(pushes, cutOff);
  for (let i = 0; i < 3; ++i) {
    await scriptedBox('ana', i);
    await scriptedBox('tablet', i + 3);
  }
  for (const name of ['ana', 'tablet']) await sides[name].page.unroute(pushes);
  // Each computer sees the other's edits live (the same person's edits from
  // elsewhere end its long poll).
  for (const name of ['admin', 'ana', 'tablet']) await waitForCount(name, before + 6, 10000);
  const { json } = await admin.api('GET', `/api/v1/tasks/${task}/ops?after=0`);
  const ids = json.ops.map((o) => o.envelope.op);
  assert.equal(new Set(ids).size, ids.length);
  const pulled = admin.cli('sync', 'pull', '--task', String(task), '--out', path.join(workDir, 'two-computers.json'), '--json');
  assert.equal(pulled.status, 0, pulled.stderr);
  assert.equal(pulled.json.annotations, before + 6);
  for (const name of ['ana', 'tablet']) assert.equal((await syncState(name)).error, '');
});

test('no request body and no server file holds a label or schema text', () => {
  const server = serverBytes(site);
  for (const text of ['lesion', 'Focal liver lesion', '"vertices"', '"box"']) {
    assert.equal(server.includes(text), false, `${text} on the server`);
    for (const s of Object.values(sides)) assert.ok(!s.bodies.some((b) => b.includes(text)), `${text} in a request`);
  }
  // Only the browser's own notes about requests it could not send while
  // offline (or that were cut off), and about the push refused as sealed
  // under the replaced key.
  const expected = (e) => e.includes('ERR_INTERNET_DISCONNECTED') || e.includes('net::ERR_FAILED') ||
    e.includes('status of 409 (Conflict)');
  for (const s of Object.values(sides)) assert.deepEqual(s.consoleErrors.filter((e) => !expected(e)), []);
  assert.equal(sides.ana.consoleErrors.filter((e) => e.includes('409')).length, 1);
});
