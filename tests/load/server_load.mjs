// Server load figures on loopback, bounded in time (README "Benchmarks"),
// with many concurrent keep-alive connections, on SQLite and on PostgreSQL:
// - durable audit appends per second through the API (POST /api/v1/audit/events,
//   client events signed beforehand by `limn audit record --print-only`, each
//   checked and acknowledged only once committed with fsync) and their latency;
// - durable op pushes (POST /api/v1/tasks/{id}/ops with envelopes sealed
//   and signed by `limn sync seal`, each checked by the server and committed
//   with its audit entry before the answer), one op per request and in
//   batches, and their latency.
//
//   node tests/load/server_load.mjs [--connections 256] [--seconds 10] [--db sqlite|postgres|both]
//        [--figures audit,ops,batches] [--batch 50] [--driver wrk|node] [--wrk-threads 1]
// Prints one JSON line per figure. The load comes from wrk (Debian's; see
// replay.lua) where it is installed, else from Node's https client, which
// costs nearly as much processor time per request as the server itself.
import { spawn, spawnSync } from 'node:child_process';
import https from 'node:https';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshPostgresDatabase, stopOwnPostgres } from '../lib/postgres.mjs';
import { startSite, stopSite } from '../lib/limn_site.mjs';
import { repoRoot } from '../lib/harness.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const connections = Number(arg('connections', 256));
const seconds = Number(arg('seconds', 10));
const dbs = arg('db', 'both') === 'both' ? ['sqlite', 'postgres'] : [arg('db')];
const figures = arg('figures', 'audit,ops,batches').split(',');
const batch = Number(arg('batch', 50));
const hasWrk = spawnSync('wrk', ['--version']).error === undefined;
const driver = arg('driver', hasWrk ? 'wrk' : 'node');
const wrkThreads = Number(arg('wrk-threads', 1));
const tasks = 16;
// Enough sealed ops per session that none runs out at up to this rate.
const opsPerSession = (rate) => Math.ceil((rate * seconds) / connections);

const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

// Runs `connections` workers for `seconds`, worker w sending the bodies
// `next(w)` returns (null: none left) to the path each names, one at a time
// as a client does; returns the acknowledged requests' latencies, the
// refusals by status and the wall time.
async function drive(site, session, next) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: connections, ca: site.server.ca() });
  const post = (urlPath, body) => new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = https.request(`${site.server.base}${urlPath}`, {
      method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', Cookie: `limn_session=${session.cookie}`, 'X-Limn-CSRF': session.csrf },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on('error', reject);
    req.end(body);
  });
  const latencies = [];
  const errors = {};
  let acknowledgedItems = 0;
  const deadline = Date.now() + seconds * 1000;
  const worker = async (w) => {
    for (let work = next(w); work && Date.now() < deadline; work = next(w)) {
      const r = await post(work.path, work.body).catch(() => ({ status: 0, ms: 0 }));
      if (r.status === 200) { latencies.push(r.ms); acknowledgedItems += work.items; } else errors[r.status] = (errors[r.status] ?? 0) + 1;
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: connections }, (_, w) => worker(w)));
  const wall = (Date.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { wall, acknowledged: latencies.length, errors, acknowledgedItems, ranOut: false,
    p50_ms: quantile(latencies, 0.5), p99_ms: quantile(latencies, 0.99) };
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

// The same with wrk: `requests` ({path, body}, each sent at most once,
// `items` items each) spread over `connections` keep-alive connections.
async function driveWrk(site, session, requests, items) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'limn-wrk-'));
  const file = path.join(dir, 'requests.tsv');
  // Line by line: at long durations the whole file is larger than a string may be.
  const fd = openSync(file, 'w');
  for (const r of requests) writeSync(fd, `${r.path}\t${r.body}\n`);
  closeSync(fd);
  // Not spawnSync: this process must go on reading the server's log pipe.
  const r = await run('wrk', ['-t', String(wrkThreads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s',
    '-s', path.join(repoRoot, 'tests/load/replay.lua'), site.server.base, '--', file, session.cookie, session.csrf,
    String(wrkThreads)]);
  rmSync(dir, { recursive: true, force: true });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) throw new Error(`wrk failed: ${r.stderr}${r.stdout}`);
  const w = JSON.parse(line);
  const errors = {};
  // Refusals counted, not told apart: wrk's Lua would read every answer's
  // headers, which costs it as much processor time as the server spends.
  if (w.refused) errors.refused = w.refused;
  if (w.socket_errors) errors.socket = w.socket_errors;
  const acknowledged = w.requests - Object.values(errors).reduce((a, n) => a + n, 0);
  return { wall: w.duration_us / 1e6, acknowledged, errors, acknowledgedItems: acknowledged * items, ranOut: w.ran_out,
    p50_ms: w.p50_us / 1000, p99_ms: w.p99_us / 1000 };
}

// A project with `tasks` tasks and, per task, `count` ops sealed by the
// admin's client, as request bodies of `perRequest` ops each.
// Client events signed beforehand by `limn audit record --print-only` (the
// server refuses an event twice, so each request needs its own), one
// request body each; made in runs small enough for the CLI's output pipe.
const kAuditEventsPerSecond = 4000;
function signedEvents(admin, count) {
  const bodies = [];
  while (bodies.length < count) {
    const n = Math.min(1500, count - bodies.length);
    const r = admin.cli('audit', 'record', '--print-only', '--action', 'image.open', '--count', String(n));
    if (r.status !== 0) throw new Error(r.stderr);
    bodies.push(...r.stdout.trim().split('\n'));
  }
  return bodies;
}

// A project with `tasks` tasks and `sessionCount` editing sessions: session
// s edits task s % tasks in a lane of its own (shared/sync/op_lane.h) and
// pushes its ops in the order made, `perRequest` per request, as the app
// does; its `count` ops are sealed beforehand by the admin's client.
// Returns each session's request bodies, in order.
const kLaneShift = 2 ** 20;
function sealedSessions(site, admin, name, sessionCount, count, perRequest) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'limn-load-'));
  const made = admin.cli('project', 'create', '--name', name, '--schema', path.join(repoRoot, 'examples/schema.json'));
  if (made.status !== 0) throw new Error(made.stderr);
  const ids = Array.from({ length: tasks }, (_, i) => `${name}-img-${i}`).flatMap((id) => ['--image-id', id]);
  const created = admin.cli('task', 'create', '--project', name, ...ids, '--json');
  if (created.status !== 0) throw new Error(created.stderr);
  const sessions = Array.from({ length: sessionCount }, () => []);
  created.json.tasks.forEach((t, taskIndex) => {
    const mine = sessions.map((_, s) => s).filter((s) => s % tasks === taskIndex);
    const ops = mine.flatMap((s) => Array.from({ length: count }, (_, i) => ({ v: 1,
      id: { author: 'root-admin', counter: (s + 1) * kLaneShift + i + 1 },
      lamport: i + 1, time_ms: 1795000000000 + i, guideline_version: '2026-11', kind: 'create',
      annotation: { id: `s${s}-a${i + 1}`, image: 'img', frame: 0, label: 'lesion',
        shape: { type: 'polygon', points: [[10.5 + i, 20.25], [30.125, 22], [28.75, 45.5], [12, 40.25]] },
        source: 'human', confidence: 1, status: 'draft', attributes: {} } })));
    if (ops.length === 0) return;
    const file = path.join(work, `t${t.id}.json`);
    writeFileSync(file, JSON.stringify({ format: 'limn-annotations', version: 1,
      schema_file: path.join(repoRoot, 'examples/schema.json'), images: [{ id: 'img', rows: 512, columns: 512 }], ops }));
    const sealed = admin.cli('sync', 'seal', '--task', String(t.id), '--annotations', file, '--out', `${file}.sealed`);
    if (sealed.status !== 0) throw new Error(sealed.stderr);
    const envelopes = JSON.parse(readFileSync(`${file}.sealed`, 'utf8')).ops;
    mine.forEach((s, k) => {
      const own = envelopes.slice(k * count, (k + 1) * count);
      for (let i = 0; i < own.length; i += perRequest) {
        sessions[s].push({ path: `/api/v1/tasks/${t.id}/ops`, items: Math.min(perRequest, own.length - i),
          body: JSON.stringify({ ops: own.slice(i, i + perRequest) }) });
      }
    });
  });
  return sessions;
}

async function measure(db) {
  const site = await startSite({ db: db === 'sqlite' ? 'sqlite' : await freshPostgresDatabase(), args: ['--threads', String(connections)] });
  try {
    const admin = site.people['root-admin'];
    const login = await admin.login();
    if (login.status !== 0) throw new Error(login.stderr);
    const session = admin.session();
    const report = (bench, r, extra) => console.log(JSON.stringify({
      bench, db, connections, driver, seconds: r.wall, ...extra, acknowledged_requests: r.acknowledged, errors: r.errors,
      requests_per_second: r.acknowledged / r.wall, p50_ms: r.p50_ms, p99_ms: r.p99_ms,
      durability: db === 'sqlite' ? 'WAL, synchronous=FULL, group commit' : 'PostgreSQL defaults (fsync on commit)',
    }));
    // wrk can send several times what Node can: it gets four times the
    // prepared requests, so that none runs out (ran_out_* says if one did).
    const rateCap = driver === 'wrk' ? 4 : 1;
    if (figures.includes('audit')) {
      const bodies = signedEvents(admin, kAuditEventsPerSecond * rateCap * seconds);
      let r;
      if (driver === 'wrk') {
        r = await driveWrk(site, session, bodies.map((body) => ({ path: '/api/v1/audit/events', body })), 1);
      } else {
        let i = 0;
        r = await drive(site, session, () => (i < bodies.length ? { path: '/api/v1/audit/events', body: bodies[i++], items: 1 } : null));
        r.ranOut = i >= bodies.length;
      }
      report('server_audit_append', r, { per_second: r.acknowledgedItems / r.wall, ran_out_of_signed_events: r.ranOut });
    }
    for (const [figure, perRequest, rate] of [['ops', 1, 8000], ['batches', batch, 40000]]) {
      if (!figures.includes(figure)) continue;
      let r;
      if (driver === 'wrk') {
        // wrk cannot keep a session on one connection, and a session's
        // requests must arrive in order, so each request is a session (a
        // lane) of its own; the server's work per request is the same.
        const sessions = sealedSessions(site, admin, `Load ${figure}`, Math.ceil((rate * rateCap * seconds) / perRequest),
          perRequest, perRequest);
        r = await driveWrk(site, session, sessions.flat(), perRequest);
      } else {
        const sessions = sealedSessions(site, admin, `Load ${figure}`, connections, opsPerSession(rate), perRequest);
        const sent = sessions.map(() => 0);
        r = await drive(site, session, (w) => sessions[w][sent[w]++] ?? null);
        r.ranOut = sent.some((n, w) => n > sessions[w].length);
      }
      report('server_op_push', r, { ops_per_request: perRequest, acknowledged_ops: r.acknowledgedItems,
        ops_per_second: r.acknowledgedItems / r.wall, ran_out_of_sealed_ops: r.ranOut });
    }
  } finally {
    await stopSite(site);
  }
}

for (const db of dbs) await measure(db);
stopOwnPostgres();
