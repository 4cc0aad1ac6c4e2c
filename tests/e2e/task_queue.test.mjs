// Pre-annotation of a physician's task queue in Chromium, through a real
// limn-server: the bundled lesion segmenter runs over every task assigned
// to them (the images open in the page that a task names, the images the
// site relays to another), each task's proposals are sealed and reach the
// server before the next task starts, a task whose image is not here is
// named, cancel stops the run and keeps what was made, and a second run
// finds nothing left to do.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { limnBin, repoRoot } from '../lib/harness.mjs';
import { addPerson, openTaskInBrowser, startSite, stopSite } from '../lib/limn_site.mjs';

const kSlices = 12;
const kModelSource = 'model:lesion-seg@1.0.0';
let site, admin, ana, side, workDir, ctFiles;
const tasks = {};  // local, slice, elsewhere, relayed -> task id
const openPolls = new Set();  // long polls in flight (requests with wait=)
const watchPolls = (page) => {
  page.on('request', (r) => { if (/\/ops\?.*wait=/.test(r.url())) openPolls.add(r); });
  page.on('requestfinished', (r) => openPolls.delete(r));
  page.on('requestfailed', (r) => openPolls.delete(r));
};

const createTask = (imageId) => {
  const t = admin.cli('task', 'create', '--project', 'Queue', '--image-id', imageId, '--json');
  assert.equal(t.status, 0, t.stderr);
  return t.json.id;
};
const dicomValue = (file, keyword) => execFileSync('/usr/bin/python3',
  ['-c', 'import pydicom,sys; print(getattr(pydicom.dcmread(sys.argv[1]), sys.argv[2]))', file, keyword], { encoding: 'utf8' }).trim();

// What the server holds of a task, read back by the admin's CLI: the
// annotations its ops create, with their source.
function serverAnnotations(task) {
  const out = path.join(workDir, `pulled-${task}.json`);
  const pulled = admin.cli('sync', 'pull', '--task', String(task), '--out', out, '--json');
  assert.equal(pulled.status, 0, pulled.stderr);
  const file = JSON.parse(readFileSync(out, 'utf8'));
  const created = file.ops.filter((op) => op.kind === 'create').map((op) => op.annotation);
  return { ops: pulled.json.ops, annotations: pulled.json.annotations, created };
}

const queueState = () => side.page.evaluate(() => window.limn.queue.state());
async function runQueue() {
  await side.page.click('#queue-start');
  await side.page.waitForFunction(() => window.limn.queue.state().active, null, { timeout: 5000 }).catch(() => {});
  await side.page.waitForFunction(() => !window.limn.queue.state().active, null, { timeout: 240000, polling: 100 });
  return queueState();
}

before(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'limn-e2e-queue-'));
  const ct = path.join(workDir, 'ct');
  execFileSync('/usr/bin/python3', [path.join(repoRoot, 'script/models/demo_ct.py'), '--out', ct, '--slices', String(kSlices)]);
  ctFiles = readdirSync(ct).filter((f) => f.endsWith('.dcm')).sort().map((f) => path.join(ct, f));
  site = await startSite();
  admin = site.people['root-admin'];
  assert.equal((await admin.login()).status, 0);
  assert.equal(admin.cli('project', 'create', '--name', 'Queue', '--schema', path.join(repoRoot, 'examples/schema.json')).status, 0);
  assert.equal(admin.cli('project', 'set-policy', '--project', 'Queue', '--image-relay', 'on').status, 0);
  ana = await addPerson(site, admin, 'dr.queue', 'Queue', 'annotator');
  assert.equal(admin.cli('project', 'confirm-members', '--project', 'Queue').status, 0);
  // The series open in Ana's browser, named by its Series Instance UID;
  // one slice of it, by its SOP Instance UID; an image that is nowhere here;
  // a de-identified slice the site relays.
  tasks.local = createTask(dicomValue(ctFiles[0], 'SeriesInstanceUID'));
  tasks.slice = createTask(dicomValue(ctFiles[5], 'SOPInstanceUID'));
  tasks.elsewhere = createTask('1.2.826.0.1.3680043.10.4242.7');
  tasks.relayed = createTask('1.2.826.0.1.3680043.10.4242.8');
  const notAna = createTask('1.2.826.0.1.3680043.10.4242.9');  // not hers: not in her queue
  for (const id of Object.values(tasks))
    assert.equal(admin.cli('task', 'assign', '--task', String(id), '--user', ana.name).status, 0);
  const deid = path.join(workDir, 'relay');
  execFileSync(limnBin, ['deid', ctFiles[3], '--out', deid]);
  const put = admin.cli('sync', 'put-image', '--task', String(tasks.relayed), '--file', path.join(deid, path.basename(ctFiles[3])),
    '--name', 'relayed-slice.dcm');
  assert.equal(put.status, 0, put.stderr);
  assert.ok(notAna > tasks.relayed);
  side = await openTaskInBrowser(site, ana, tasks.local, ctFiles, { width: 1280, height: 900, watch: watchPolls });
  await side.page.evaluate(() => window.limn.account.show());
});

after(async () => {
  await side?.browser.close();
  await stopSite(site);
  rmSync(workDir, { recursive: true, force: true });
});

test('cancel stops the run at once and keeps what was made, sealed on the server', async () => {
  await side.page.click('#queue-start');
  // Once the model has run on two slices of the first task, the Cancel
  // button is pressed (in the page, so no slice finishes in between).
  await side.page.waitForSelector('#queue-cancel:not([hidden])');
  await side.page.evaluate(() => new Promise((resolve) => {
    const poll = setInterval(() => {
      if (window.limn.state().ai.queue.done < 2) return;
      clearInterval(poll);
      document.getElementById('queue-cancel').click();
      resolve();
    }, 5);
  }));
  await side.page.waitForFunction(() => !window.limn.queue.state().active, null, { timeout: 60000 });
  const { results } = await queueState();
  assert.equal(results.length, 1, JSON.stringify(results));
  assert.equal(results[0].task, tasks.local);
  assert.equal(results[0].outcome, 'cancelled');
  assert.match(await side.page.textContent('#queue-status'), /^Cancelled: /);
  const held = serverAnnotations(tasks.local);
  assert.equal(held.annotations, results[0].proposals, 'every proposal made before the cancel reached the server');
  assert.ok(held.created.every((a) => a.source === kModelSource));
  assert.equal(serverAnnotations(tasks.relayed).ops, 0, 'the run stopped before the next task');
});

test('the queue runs over every task of hers: open images, relayed images, and names the one not here', async () => {
  const before = serverAnnotations(tasks.local).annotations;
  const { results, cancelled } = await runQueue();
  assert.equal(cancelled, false);
  // Her four tasks (not the fifth), the relayed one last: its images replace what is open.
  assert.deepEqual(results.map((r) => [r.task, r.outcome]),
    [[tasks.local, 'done'], [tasks.slice, 'done'], [tasks.elsewhere, 'skipped'], [tasks.relayed, 'done']], JSON.stringify(results));
  assert.match(results[0].note, /already pre-annotated/, 'the slices done before the cancel are not run again');
  assert.match(results[2].note, /not open in this browser/);
  // Every slice of the series has the model's results, each once.
  const local = serverAnnotations(tasks.local);
  assert.equal(local.annotations, before + results[0].proposals);
  assert.ok(local.created.every((a) => a.source === kModelSource && a.status === 'proposed'), JSON.stringify(local.created[0]));
  const bySlice = new Set(local.created.map((a) => a.image));
  assert.equal(bySlice.size, kSlices, `proposals on ${bySlice.size} of ${kSlices} slices`);
  // The task naming one slice has proposals on that slice alone.
  const slice = serverAnnotations(tasks.slice);
  assert.ok(slice.annotations > 0 && slice.annotations === results[1].proposals, JSON.stringify(results[1]));
  assert.deepEqual([...new Set(slice.created.map((a) => a.image))], [dicomValue(ctFiles[5], 'SOPInstanceUID')]);
  assert.match(results[1].note, / on 1 image$/);
  const relayed = serverAnnotations(tasks.relayed);
  assert.ok(relayed.annotations > 0 && relayed.annotations === results[3].proposals, JSON.stringify(results[3]));
  assert.equal(serverAnnotations(tasks.elsewhere).ops, 0);
  // The tasks left behind hold no long poll open (the browser has six
  // connections to the server; left waiting, they stalled every request).
  assert.ok(openPolls.size <= 1, `${openPolls.size} long polls open`);
  // The page shows it: a full bar, a summary and a line per task.
  const shown = await side.page.evaluate(() => ({
    bar: [document.getElementById('queue-progress').value, document.getElementById('queue-progress').max],
    items: [...document.querySelectorAll('#queue-results li')].map((li) => li.dataset.outcome),
  }));
  assert.deepEqual(shown, { bar: [4, 4], items: ['done', 'done', 'skipped', 'done'] });
  const made = results.reduce((n, r) => n + r.proposals, 0);
  assert.match(await side.page.textContent('#queue-status'),
    new RegExp(`^Done: ${made} proposals to confirm or correct on 3 tasks, 1 without their image here\\. Task ${tasks.relayed} is open\\.$`));
});

test('a second run finds every task already pre-annotated and adds nothing', async () => {
  const held = Object.values(tasks).map((t) => serverAnnotations(t).ops);
  // The relayed image is what is open now; the series comes back for the first task.
  await side.page.setInputFiles('#file-input', ctFiles);
  await side.page.waitForFunction(() => window.limn.state().name !== 'relayed-slice.dcm', null, { timeout: 60000 });
  const { results } = await runQueue();
  assert.deepEqual(results.map((r) => r.outcome), ['already', 'already', 'skipped', 'already'], JSON.stringify(results));
  assert.deepEqual(Object.values(tasks).map((t) => serverAnnotations(t).ops), held);
});
