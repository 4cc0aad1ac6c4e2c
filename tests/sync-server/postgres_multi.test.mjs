// Two limn-server processes on one PostgreSQL database, as a site scales
// out: racing changes resolve once (one submit wins, one task per image),
// and the audit log stays one gap-free, verifiable sequence whose signed
// checkpoints agree from either process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freshPostgresDatabase, stopOwnPostgres } from '../lib/postgres.mjs';
import { acceptInvitation, addPerson, apiCall, startSite, stopSite } from '../lib/limn_site.mjs';
import { repoRoot, startServer } from '../lib/harness.mjs';

const schema = path.join(repoRoot, 'examples/schema.json');
let site, other, admin, ann;

before(async () => {
  const db = await freshPostgresDatabase();
  site = await startSite({ db });
  other = { server: await startServer({ dataDir: site.server.dataDir, args: ['--db', db] }) };
  admin = site.people['root-admin'];
  assert.equal((await admin.login()).status, 0);
  assert.equal(admin.cli('project', 'create', '--name', 'Scale', '--schema', schema, '--review-rates', '1').status, 0);
  ann = await addPerson(site, admin, 'ann', 'Scale', 'annotator');
});

after(async () => {
  await other?.server.stop({ keepData: true });
  await stopSite(site);
  stopOwnPostgres();
});

// Alternate between the two processes, all at once.
const onBoth = (n, call) => Promise.all(Array.from({ length: n }, (_, i) => call(i % 2 ? other : site, i)));

test('a session made on one process works on the other', async () => {
  const res = await apiCall(other, 'GET', '/api/v1/auth/session', undefined, { session: admin.session() });
  assert.equal(res.status, 200);
  assert.equal(res.json.user, 'root-admin');
});

test('ten simultaneous submits of one task through both processes: exactly one wins', async () => {
  const t = admin.cli('task', 'create', '--project', 'Scale', '--image-id', '1.2.3.100', '--json');
  const id = t.json.id;
  assert.equal(admin.cli('task', 'assign', '--task', String(id), '--user', 'ann').status, 0);
  const results = await onBoth(10, (s) => apiCall(s, 'POST', `/api/v1/tasks/${id}/submit`, {}, { session: ann.session() }));
  const statuses = results.map((r) => r.status).sort();
  assert.equal(statuses.filter((s) => s === 200).length, 1, `statuses ${statuses}`);
  assert.ok(statuses.filter((s) => s !== 200).every((s) => s === 409), `statuses ${statuses}`);
});

test('one task per image, however many processes try at once', async () => {
  const results = await onBoth(10, (s) => apiCall(s, 'POST', '/api/v1/projects/Scale/tasks', { image_id: '1.2.3.200' },
    { session: admin.session() }));
  assert.equal(results.filter((r) => r.status === 200).length, 1);
  assert.ok(results.filter((r) => r.status !== 200).every((r) => r.status === 409));
});

test('concurrent writes through both processes leave one gap-free audit log that verifies', async () => {
  const creates = onBoth(40, (s, i) => apiCall(s, 'POST', '/api/v1/projects/Scale/tasks', { image_id: `1.2.3.${300 + i}` },
    { session: admin.session() }));
  const printed = ann.cli('audit', 'record', '--print-only', '--action', 'image.open', '--count', '40');
  assert.equal(printed.status, 0, printed.stderr);
  const signed = printed.stdout.trim().split('\n');
  const events = onBoth(40, (s, i) => apiCall(s, 'POST', '/api/v1/audit/events', JSON.parse(signed[i]),
    { session: ann.session() }));
  const all = [...await creates, ...await events];
  assert.ok(all.every((r) => r.status === 200), all.filter((r) => r.status !== 200).map((r) => r.text).join('\n'));
  const a = await apiCall(site, 'GET', '/api/v1/audit/checkpoint', undefined, { session: admin.session() });
  const b = await apiCall(other, 'GET', '/api/v1/audit/checkpoint', undefined, { session: admin.session() });
  assert.equal(a.json.public_key, b.json.public_key, 'both processes sign with the site key');
  assert.ok(b.json.checkpoint.size >= a.json.checkpoint.size);
  const out = path.join(site.server.dataDir, 'audit.json');
  const ex = admin.cli('audit', 'export', '--out', out, '--json');
  assert.equal(ex.status, 0, ex.stderr);
  const v = admin.cli('audit', 'verify', out, '--json');
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.equal(v.json.client_events, 40, 'each client event holds ann\'s signed statement');
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  doc.entries.forEach((e, i) => assert.equal(e.seq, i));
  const opened = doc.entries.map((e) => JSON.parse(e.entry)).filter((e) => e.action === 'client.image.open');
  assert.equal(opened.length, 40);
  const created = doc.entries.map((e) => JSON.parse(e.entry)).filter((e) => e.action === 'task.create');
  assert.equal(created.filter((e) => e.outcome === 'ok').length, 1 + 1 + 40);
  assert.equal(created.filter((e) => e.outcome === 'failed' && e.detail.status === 409).length, 9);
});

test('a load limit holds when both processes assign to one annotator at once', async () => {
  const inv = admin.cli('user', 'invite', '--project', 'Scale', '--role', 'annotator', '--max-open-tasks', '1', '--json');
  assert.equal(inv.status, 0, inv.stderr);
  const limited = await acceptInvitation(site, 'limited', inv.json.token);
  for (let round = 0; round < 3; round++) {
    const ids = [];
    for (let i = 0; i < 8; i++)
      ids.push(admin.cli('task', 'create', '--project', 'Scale', '--image-id', `1.2.3.9${round}${i}`, '--json').json.id);
    const results = await onBoth(ids.length, (s, i) => apiCall(s, 'POST', `/api/v1/tasks/${ids[i]}/assign`,
      { user: limited.name }, { session: admin.session() }));
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 200).length, round === 0 ? 1 : 0, `round ${round}: statuses ${statuses}`);
    assert.ok(statuses.filter((s) => s !== 200).every((s) => s === 409), `statuses ${statuses}`);
  }
  const mine = await apiCall(site, 'GET', '/api/v1/projects/Scale/tasks', undefined, { session: admin.session() });
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.tasks.filter((t) => t.assignee === limited.name).length, 1);
});
