// Zero-knowledge sync end to end: CLI clients push sealed, signed ops to a
// real limn-server and pull them back; the server refuses envelopes it can
// tell are wrong (another task, another author, a stale epoch, a forged
// signature), the client refuses what a tampered server sends (a flipped
// bit, a reordered log, an op moved between tasks) and applies nothing;
// removing a member starts a key epoch they do not hold; and after it all,
// no label name, comment or coordinate is anywhere in the server's files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshPostgresDatabase, stopOwnPostgres } from '../lib/postgres.mjs';
import { addPerson, serverBytes, sqliteExec as sqlite, startSite, stopSite } from '../lib/limn_site.mjs';
import { limnBin, repoRoot, startServer } from '../lib/harness.mjs';

const schema = path.join(repoRoot, 'examples/schema.json');
const work = mkdtempSync(path.join(os.tmpdir(), 'limn-sync-'));

// Values planted in the ops: none may reach the server in the clear.
const planted = {
  label: 'planted-label-quokka',
  comment: 'planted comment: suspicious margin near segment VII',
  coordinate: '4321.123456',
  attribute: 'planted-birads-4c',
};

// An annotation file of `count` ops by `author`: boxes, then comments.
function opsFile(name, author, count, { first = 1 } = {}) {
  const ops = [];
  for (let i = 0; i < count; ++i) {
    const counter = first + i;
    const base = { v: 1, id: { author, counter }, lamport: counter, time_ms: 1795000000000 + counter,
      guideline_version: '2026-11' };
    if (i % 4 === 3) {
      ops.push({ ...base, kind: 'comment', target_annotation: `${author}-a${counter - 1}`,
        comment: { author, time_ms: 1795000000000 + counter, text: `${planted.comment} #${counter}` } });
    } else {
      ops.push({ ...base, kind: 'create', annotation: { id: `${author}-a${counter}`, image: 'img-1', frame: 0,
        label: planted.label, shape: { type: 'box', box: [Number(planted.coordinate) + counter, 50.5, 21, 20.75] },
        source: 'human', confidence: 1, status: 'draft', attributes: { birads: planted.attribute } } });
    }
  }
  const file = path.join(work, name);
  writeFileSync(file, JSON.stringify({ format: 'limn-annotations', version: 1, schema_file: schema,
    images: [{ id: 'img-1', rows: 512, columns: 512 }], ops }));
  return { file, ops };
}

// What an op says, without the defaults a written file spells out.
const essence = (op) => ({ id: op.id, lamport: op.lamport, kind: op.kind, label: op.annotation?.label,
  box: op.annotation?.shape?.box, attributes: op.annotation?.attributes, comment: op.comment?.text,
  target: op.target_annotation });

function pulledOps(person, task, out) {
  const r = person.cli('sync', 'pull', '--task', String(task), '--out', out, '--json');
  return { ...r, ops: r.status === 0 ? JSON.parse(readFileSync(out, 'utf8')).ops.map(essence) : null };
}

after(() => stopOwnPostgres());

for (const backend of ['sqlite', 'postgres']) {
  describe(`sync of sealed ops on ${backend}`, () => {
    let site, admin, ana, bob, project, taskA, taskB;

    before(async () => {
      const db = backend === 'sqlite' ? 'sqlite' : await freshPostgresDatabase();
      site = await startSite({ db });
      admin = site.people['root-admin'];
      assert.equal((await admin.login()).status, 0);
      project = `Sync ${backend}`;
      assert.equal(admin.cli('project', 'create', '--name', project, '--schema', schema).status, 0);
      ana = await addPerson(site, admin, `ana-${backend}`, project, 'annotator');
      bob = await addPerson(site, admin, `bob-${backend}`, project, 'annotator');
      assert.equal(admin.cli('project', 'confirm-members', '--project', project).status, 0);
      const made = admin.cli('task', 'create', '--project', project, '--image-id', 'img-1', '--image-id', 'img-2', '--json');
      assert.equal(made.status, 0, made.stderr);
      [taskA, taskB] = made.json.tasks.map((t) => t.id);
      assert.equal(admin.cli('task', 'assign', '--task', String(taskA), '--user', ana.name).status, 0);
      assert.equal(admin.cli('task', 'assign', '--task', String(taskB), '--user', bob.name).status, 0);
    });
    after(() => stopSite(site));

    test('ops pushed by one member are pulled, checked and folded identically by another; a re-push stores nothing twice', async () => {
      const { file, ops } = opsFile(`ana-${backend}.json`, ana.name, 120);
      const push = ana.cli('sync', 'push', '--task', String(taskA), '--annotations', file, '--batch', '50', '--json');
      assert.equal(push.status, 0, push.stderr);
      assert.deepEqual([push.json.ops, push.json.new, push.json.duplicates, push.json.last_seq], [120, 120, 0, 120]);
      const again = ana.cli('sync', 'push', '--task', String(taskA), '--annotations', file, '--json');
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual([again.json.new, again.json.duplicates], [0, 120]);

      // The project admin adds comments to the same task.
      const notes = opsFile(`admin-${backend}.json`, 'root-admin', 8);
      assert.equal(admin.cli('sync', 'push', '--task', String(taskA), '--annotations', notes.file).status, 0);

      const byAdmin = pulledOps(admin, taskA, path.join(work, `pulled-admin-${backend}.json`));
      const byAna = pulledOps(ana, taskA, path.join(work, `pulled-ana-${backend}.json`));
      assert.equal(byAdmin.status, 0, byAdmin.stderr);
      assert.equal(byAna.status, 0, byAna.stderr);
      assert.equal(byAdmin.json.ops, 128);
      assert.deepEqual(byAdmin.json.signed_by, { [ana.name]: 120, 'root-admin': 8 });
      assert.equal(byAdmin.json.annotations, 96);  // 90 boxes by ana, 6 by the admin; comments attach to them
      assert.deepEqual(byAdmin.ops, byAna.ops);
      assert.deepEqual(byAdmin.ops.slice(0, 120), ops.map(essence));
      // Folding the pulled file is the same document on both sides.
      assert.equal(readFileSync(path.join(work, `pulled-admin-${backend}.json`), 'utf8'),
        readFileSync(path.join(work, `pulled-ana-${backend}.json`), 'utf8'));

      // Bob (another annotator's task) sees neither the task nor its ops.
      const peek = bob.cli('sync', 'pull', '--task', String(taskA), '--out', path.join(work, 'bob-peek.json'));
      assert.equal(peek.status, 1);
      assert.match(peek.stderr, /forbidden: not a task you can see/);
    });

    test('an edit reaches another client watching the task within a second', async () => {
      const watcher = spawn(limnBin, ['sync', 'watch', '--task', String(taskA), '--after', '128', '--count', '1'],
        { env: { ...process.env, LIMN_HOME: admin.home } });
      let out = '';
      watcher.stdout.on('data', (d) => { out += d; });
      const done = new Promise((resolve) => watcher.on('exit', resolve));
      await new Promise((r) => setTimeout(r, 1500));  // the watcher is waiting on the server
      const one = opsFile(`ana-live-${backend}.json`, ana.name, 1, { first: 500 });
      const pushedAt = Date.now();
      assert.equal(ana.cli('sync', 'push', '--task', String(taskA), '--annotations', one.file).status, 0);
      assert.equal(await done, 0);
      const line = JSON.parse(out.trim());
      assert.equal(line.seq, 129);
      assert.deepEqual(essence(line.op), essence(one.ops[0]));
      const latencyMs = line.seen_at_us / 1000 - pushedAt;
      assert.ok(latencyMs < 1000, `seen ${latencyMs} ms after the push began`);
    });

    test('the server refuses envelopes for another task, by another author, or with a forged signature', async () => {
      const reply = await ana.api('GET', `/api/v1/tasks/${taskA}/ops?after=0&limit=1`);
      assert.equal(reply.status, 200);
      const envelope = reply.json.ops[0].envelope;
      assert.equal(reply.json.more, true);
      // Everything the server holds of an op: ids, epoch, ciphertext, signature.
      assert.deepEqual(Object.keys(envelope).sort(), ['author', 'ct', 'epoch', 'op', 'project', 'sig', 'task', 'v']);

      const intoB = await admin.api('POST', `/api/v1/tasks/${taskB}/ops`, { ops: [envelope] });
      assert.equal(intoB.status, 400);
      assert.match(intoB.json.error.message, /sealed for another project or task/);
      const asAdmin = await admin.api('POST', `/api/v1/tasks/${taskA}/ops`, { ops: [envelope] });
      assert.equal(asAdmin.status, 403);
      assert.match(asAdmin.json.error.message, /signed by a key that is not yours/);
      const sig = Buffer.from(envelope.sig, 'base64url');
      sig[5] ^= 1;
      const flipped = await ana.api('POST', `/api/v1/tasks/${taskA}/ops`, { ops: [{ ...envelope, sig: sig.toString('base64url') }] });
      assert.match(flipped.json.error.message, /the signature does not verify/);
      // The op id is signed: an envelope cannot be passed off as another op.
      const renamed = await ana.api('POST', `/api/v1/tasks/${taskA}/ops`, { ops: [{ ...envelope, op: `${ana.name}#9999` }] });
      assert.match(renamed.json.error.message, /the signature does not verify/);
      const future = await ana.api('POST', `/api/v1/tasks/${taskA}/ops`, { ops: [{ ...envelope, v: 2 }] });
      assert.equal(future.status, 400);
      assert.match(future.json.error.message, /envelope format version 2 is not supported/);
      const garbage = await ana.api('POST', `/api/v1/tasks/${taskA}/ops`, { ops: [{ v: 1, ct: 'AAAA' }] });
      assert.equal(garbage.status, 400);
      const notJson = await ana.api('POST', `/api/v1/tasks/${taskA}/ops`, { ops: 'everything' });
      assert.equal(notJson.status, 400);
      const outsider = await bob.api('GET', `/api/v1/tasks/${taskA}/ops?after=0`);
      assert.equal(outsider.status, 403);
    });

    test('an op names its maker and comes in its maker\'s order: the server refuses anything else', async () => {
      const sealed = (name, author, count, first) => {
        const { file } = opsFile(`${name}-${backend}.json`, author, count, { first });
        const r = ana.cli('sync', 'seal', '--task', String(taskA), '--annotations', file, '--out', `${file}.sealed`);
        assert.equal(r.status, 0, r.stderr);
        return JSON.parse(readFileSync(`${file}.sealed`, 'utf8')).ops;
      };
      const logLength = async () => (await ana.api('GET', `/api/v1/tasks/${taskA}/ops?after=0&limit=5000`)).json.ops.length;
      const before = await logLength();
      // Signed by ana but named as the admin's (readers would take it for the admin's edit).
      const posing = await ana.api('POST', `/api/v1/tasks/${taskA}/ops`, { ops: sealed('posing', 'root-admin', 1, 900) });
      assert.equal(posing.status, 403);
      assert.match(posing.json.error.message, /^op root-admin#900: forbidden: your ops are named ana-/);
      // ana's own ops, the later one first: refused, and neither kept.
      const [first, second] = sealed('swapped', ana.name, 2, 700);
      const swapped = await ana.api('POST', `/api/v1/tasks/${taskA}/ops`, { ops: [second, first] });
      assert.equal(swapped.status, 409);
      assert.match(swapped.json.error.message, new RegExp(`^op ${ana.name}#700 comes after ${ana.name}'s op #701`));
      // Behind what the log already holds of ana's (counters up to 500): refused too.
      const behind = await ana.api('POST', `/api/v1/tasks/${taskA}/ops`, { ops: sealed('behind', ana.name, 1, 300) });
      assert.equal(behind.status, 409);
      assert.equal(await logLength(), before);
    });

    if (backend === 'sqlite') {
      test('a tampered server is caught by the client: flipped bit, reordered or gapped log, op moved between tasks', async () => {
        const out = path.join(work, 'tampered.json');
        // Runs `tamper`, pulls as `who` (the admin by default), undoes it.
        const pullWith = (tamper, undo, who = admin, task = taskA) => {
          sqlite(site, tamper);
          const r = who.cli('sync', 'pull', '--task', String(task), '--out', out);
          sqlite(site, undo);
          assert.equal(r.status, 1, `pulled despite: ${tamper}`);
          assert.match(r.stderr, /; nothing applied\n$/);
          assert.equal(existsSync(out), false);
          return r.stderr;
        };
        const keep = `CREATE TABLE kept AS SELECT * FROM ops WHERE task_id = ${taskA};`;
        const restore = `DELETE FROM ops WHERE task_id = ${taskA}; INSERT INTO ops SELECT * FROM kept; DROP TABLE kept;`;
        // A different byte whatever was there (the ciphertext is random).
        assert.match(pullWith(`${keep} UPDATE ops SET ciphertext = substr(ciphertext, 1, 40) ||` +
          ` CASE WHEN substr(ciphertext, 41, 1) = x'00' THEN x'01' ELSE x'00' END || substr(ciphertext, 42)` +
          ` WHERE task_id = ${taskA} AND seq = 7`, restore), /signature does not verify/);
        assert.match(pullWith(`${keep} UPDATE ops SET seq = -1 WHERE task_id = ${taskA} AND seq = 3;` +
          ` UPDATE ops SET seq = 3 WHERE task_id = ${taskA} AND seq = 4; UPDATE ops SET seq = 4 WHERE task_id = ${taskA} AND seq = -1`,
        restore), /reorders ana-sqlite's ops \(ana-sqlite#4 after counter 4\)|reorders ana-sqlite's ops \(ana-sqlite#3 after counter 4\)/);
        assert.match(pullWith(`${keep} DELETE FROM ops WHERE task_id = ${taskA} AND seq = 10`, restore),
          /out of order or has a gap \(expected seq 10, got 11\)/);
        assert.match(pullWith(`INSERT INTO ops SELECT ${taskB}, 1, op_id, epoch, author, author_key, ciphertext, signature,` +
          ` received_at, lane FROM ops WHERE task_id = ${taskA} AND seq = 1`, `DELETE FROM ops WHERE task_id = ${taskB}`, bob, taskB),
        /signature does not verify/);
        assert.equal(pulledOps(admin, taskA, out).status, 0);

        // A batch with one bad envelope keeps none of it.
        const last = (await ana.api('GET', `/api/v1/tasks/${taskA}/ops?after=128`)).json.ops[0];
        sqlite(site, `DELETE FROM ops WHERE task_id = ${taskA} AND seq = 129`);
        const sig = Buffer.from(last.envelope.sig, 'base64url');
        sig[0] ^= 0x80;
        const mixed = await ana.api('POST', `/api/v1/tasks/${taskA}/ops`,
          { ops: [last.envelope, { ...last.envelope, op: `${ana.name}#777`, sig: sig.toString('base64url') }] });
        assert.equal(mixed.status, 400);
        assert.equal((await ana.api('GET', `/api/v1/tasks/${taskA}/ops?after=128`)).json.ops.length, 0);
        const alone = await ana.api('POST', `/api/v1/tasks/${taskA}/ops`, { ops: [last.envelope] });
        assert.equal(alone.status, 200);
        assert.deepEqual(alone.json.acks, [{ op: last.envelope.op, seq: 129, duplicate: false }]);
      });
    }

    test('removing a member starts a key epoch they do not hold; their past ops stay readable', async () => {
      const removed = admin.cli('project', 'remove-member', '--project', project, '--user', ana.name, '--json');
      assert.equal(removed.status, 0, removed.stderr);
      assert.equal(removed.json.new_epoch, 2);
      assert.deepEqual(bob.cli('project', 'keys', '--project', project, '--json').json.held_epochs, [1, 2]);
      const noLonger = ana.cli('sync', 'pull', '--task', String(taskA), '--out', path.join(work, 'ana-after.json'));
      assert.equal(noLonger.status, 1);
      assert.match(noLonger.stderr, /forbidden/);
      // An envelope sealed under epoch 1 is refused now, even from a member.
      const bobsOps = opsFile(`bob-${backend}.json`, bob.name, 5);
      const push = bob.cli('sync', 'push', '--task', String(taskB), '--annotations', bobsOps.file, '--json');
      assert.equal(push.status, 0, push.stderr);
      assert.equal(push.json.epoch, 2);
      const pulled = (await bob.api('GET', `/api/v1/tasks/${taskB}/ops?after=0`)).json.ops;
      const stale = await bob.api('POST', `/api/v1/tasks/${taskB}/ops`,
        { ops: [{ ...pulled[0].envelope, epoch: 1 }] });
      assert.equal(stale.status, 409);
      assert.match(stale.json.error.message, /sealed under key epoch 1; the current epoch is 2/);
      // Ana's work (epoch 1, signed by a former member) still opens for the admin.
      const byAdmin = pulledOps(admin, taskA, path.join(work, `after-removal-${backend}.json`));
      assert.equal(byAdmin.status, 0, byAdmin.stderr);
      assert.equal(byAdmin.json.signed_by[ana.name], 121);
    });

    test('a live pull (lane=L) waits for edits made elsewhere; the session\'s own come along but do not end it', async () => {
      const timed = async (who, query) => {
        const started = Date.now();
        const reply = await who.api('GET', `/api/v1/tasks/${taskB}/ops?${query}`);
        assert.equal(reply.status, 200, reply.text);
        return { ms: Date.now() - started, seqs: reply.json.ops.map((o) => o.seq), authors: reply.json.ops.map((o) => o.author) };
      };
      // Bob's last op is his own, from lane 0 (ids bob#1, bob#2, ...): a plain
      // long poll answers at once, a live one from lane 0 waits out its second.
      const all = (await bob.api('GET', `/api/v1/tasks/${taskB}/ops?after=0`)).json.ops;
      const last = all[all.length - 1].seq;
      assert.equal(all[all.length - 1].author, bob.name);
      assert.ok((await timed(bob, `after=${last - 1}&wait=5`)).ms < 1000);
      const own = await timed(bob, `after=${last - 1}&wait=1&lane=0`);
      assert.ok(own.ms >= 900, `answered after ${own.ms} ms`);
      assert.deepEqual(own.seqs, [last]);
      // Asked from another of Bob's sessions (another computer), the same op is news.
      assert.ok((await timed(bob, `after=${last - 1}&wait=5&lane=12`)).ms < 1000);
      // Someone else's edit ends the wait at once, with Bob's own op before it.
      const waiting = timed(bob, `after=${last - 1}&wait=20&lane=0`);
      await new Promise((r) => setTimeout(r, 500));
      const note = opsFile(`admin-live-${backend}.json`, 'root-admin', 1, { first: 500 });
      assert.equal(admin.cli('sync', 'push', '--task', String(taskB), '--annotations', note.file).status, 0);
      const theirs = await waiting;
      assert.ok(theirs.ms < 5000, `answered after ${theirs.ms} ms`);
      assert.deepEqual(theirs.seqs, [last, last + 1]);
      assert.deepEqual(theirs.authors, [bob.name, 'root-admin']);
      // So does Bob's own edit from another session (lane 9 here).
      const fromTablet = timed(bob, `after=${last + 1}&wait=20&lane=0`);
      await new Promise((r) => setTimeout(r, 500));
      const tablet = opsFile(`bob-tablet-${backend}.json`, bob.name, 1, { first: 9 * 2 ** 20 + 1 });
      assert.equal(bob.cli('sync', 'push', '--task', String(taskB), '--annotations', tablet.file).status, 0);
      const mine = await fromTablet;
      assert.ok(mine.ms < 5000, `answered after ${mine.ms} ms`);
      assert.deepEqual(mine.seqs, [last + 2]);
      assert.equal((await bob.api('GET', `/api/v1/tasks/${taskB}/ops?after=0&lane=-1`)).status, 400);
      assert.equal((await bob.api('GET', `/api/v1/tasks/${taskB}/ops?after=0&lane=${2 ** 33}`)).status, 400);
    });

    test('a file with ops made by others: those the task holds are left out, the rest pushed only with --adopt, once', async () => {
      // What Bob pulls of task B (his ops and the admin's) pushed back as it is: nothing new, nothing refused.
      const pulledFile = path.join(work, `taskB-pulled-${backend}.json`);
      const pulled = bob.cli('sync', 'pull', '--task', String(taskB), '--out', pulledFile, '--json');
      assert.equal(pulled.status, 0, pulled.stderr);
      const back = bob.cli('sync', 'push', '--task', String(taskB), '--annotations', pulledFile, '--json');
      assert.equal(back.status, 0, back.stderr);
      assert.equal(back.json.new, 0);
      assert.ok(back.json.others_left_out >= 1, JSON.stringify(back.json));
      // An imported file (ops made by "import"): refused without --adopt, with the reason.
      const imported = opsFile(`import-${backend}.json`, 'import', 4);
      const refused = bob.cli('sync', 'push', '--task', String(taskB), '--annotations', imported.file);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, new RegExp(`forbidden: op import#1 was made by import, not by you \\(${bob.name}\\), ` +
        `and task ${taskB} does not hold it: push with --adopt`));
      const before = (await bob.api('GET', `/api/v1/tasks/${taskB}/ops?after=0`)).json.ops.length;
      const adopted = bob.cli('sync', 'push', '--task', String(taskB), '--annotations', imported.file, '--adopt', '--json');
      assert.equal(adopted.status, 0, adopted.stderr);
      assert.equal(adopted.json.adopted, 4);
      assert.equal(adopted.json.new, 4);
      // Run again, as after a failure: the same ids, nothing stored twice.
      const again = bob.cli('sync', 'push', '--task', String(taskB), '--annotations', imported.file, '--adopt', '--json');
      assert.equal(again.status, 0, again.stderr);
      assert.equal(again.json.new, 0);
      assert.equal(again.json.duplicates, 4);
      const after = (await bob.api('GET', `/api/v1/tasks/${taskB}/ops?after=0`)).json.ops;
      assert.equal(after.length, before + 4);
      assert.ok(after.slice(-4).every((o) => o.author === bob.name && o.envelope.op.startsWith(`${bob.name}#`)));
      // Readers take them as Bob's edits.
      const byAdmin = pulledOps(admin, taskB, path.join(work, `adopted-${backend}.json`));
      assert.equal(byAdmin.status, 0, byAdmin.stderr);
      assert.ok(byAdmin.ops.filter((o) => o.id.author === bob.name).length >= 4);
    });

    test('the server holds no label name, comment text, attribute or coordinate in its files or log', () => {
      const bytes = serverBytes(site);
      for (const value of Object.values(planted)) assert.equal(bytes.includes(value), false, `${value} found`);
      assert.equal(bytes.includes('segment VII'), false);
      assert.equal(bytes.includes('4322.123456'), false);
    });
  });
}

describe('a server killed in the middle of pushes from several clients', () => {
  let site, admin;
  before(async () => {
    site = await startSite();
    admin = site.people['root-admin'];
    assert.equal((await admin.login()).status, 0);
    assert.equal(admin.cli('project', 'create', '--name', 'Crash', '--schema', schema).status, 0);
  });
  after(() => stopSite(site));

  test('every acknowledged op survives SIGKILL; re-pushing stores the rest exactly once', async () => {
    const clients = [];
    for (let i = 0; i < 4; ++i) {
      const p = await addPerson(site, admin, `crash-${i}`, 'Crash', 'annotator');
      clients.push(p);
    }
    assert.equal(admin.cli('project', 'confirm-members', '--project', 'Crash').status, 0);
    for (const p of clients) {
      const t = admin.cli('task', 'create', '--project', 'Crash', '--image-id', `crash-img-${p.name}`, '--json');
      p.task = t.json.id;
      assert.equal(admin.cli('task', 'assign', '--task', String(p.task), '--user', p.name).status, 0);
      p.ops = opsFile(`crash-${p.name}.json`, p.name, 3000);
    }
    const pushes = clients.map((p) => new Promise((resolve) => {
      const child = spawn(limnBin, ['sync', 'push', '--task', String(p.task), '--annotations', p.ops.file, '--batch', '25'],
        { env: { ...process.env, LIMN_HOME: p.home } });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('exit', (status) => resolve({ status, stderr }));
    }));
    await new Promise((r) => setTimeout(r, 2500));
    site.server.child.kill('SIGKILL');
    await site.server.exited;
    const results = await Promise.all(pushes);
    const acked = results.map((r) => {
      if (r.status === 0) return 3000;
      const m = r.stderr.match(/\((\d+) of 3000 ops acknowledged/);
      assert.ok(m, `push exited ${r.status}: ${r.stderr}`);
      return Number(m[1]);
    });
    assert.ok(acked.some((n) => n < 3000), `every push finished before the kill: ${acked}`);
    assert.ok(acked.some((n) => n > 0), `nothing was acknowledged before the kill: ${acked}`);

    site.server = await startServer({ dataDir: site.server.dataDir, port: site.server.port });
    for (const [i, p] of clients.entries()) {
      const before = pulledOps(p, p.task, path.join(work, `crash-before-${i}.json`));
      assert.equal(before.status, 0, before.stderr);
      assert.ok(before.ops.length >= acked[i], `${p.name}: ${before.ops.length} ops kept, ${acked[i]} acknowledged`);
      assert.deepEqual(before.ops, p.ops.ops.slice(0, before.ops.length).map(essence));
      const again = p.cli('sync', 'push', '--task', String(p.task), '--annotations', p.ops.file, '--json');
      assert.equal(again.status, 0, again.stderr);
      assert.equal(again.json.duplicates, before.ops.length);
      assert.equal(again.json.new, 3000 - before.ops.length);
      const afterAll = pulledOps(p, p.task, path.join(work, `crash-after-${i}.json`));
      assert.equal(afterAll.json.last_seq, 3000);
      assert.deepEqual(afterAll.ops, p.ops.ops.map(essence));
    }
  });
});
