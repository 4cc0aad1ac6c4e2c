// Live-sync figure for `limn bench`: two people in two Chromium browsers on
// one task of a real limn-server (TLS, SQLite, every op sealed in the
// editor's page and opened in the viewer's, each push and pull audited);
// the time from an edit on one screen to the first animation frame showing
// it on the other (goal: p95 < 100 ms on loopback). Both browsers and the
// server share this machine's cores, and WebGL runs on SwiftShader (the
// CPU), so a figure here is an upper bound for two physicians on their
// own machines. One JSON line.
//   node web/bench/sync-bench.mjs [--edits 60]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { limnBin, repoRoot } from '../tools/local-app.mjs';
import { addPerson, editToScreenLatencies, openTaskInBrowser, startSite, stopSite } from '../tools/local-site.mjs';

const editsAt = process.argv.indexOf('--edits');
const edits = editsAt > 0 ? Number(process.argv[editsAt + 1]) : 60;
const kWarmUp = 5;

const percentile = (values, q) => {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.floor(q * v.length))];
};

const work = mkdtempSync(path.join(os.tmpdir(), 'limn-sync-bench-'));
let site = null;
const browsers = [];
try {
  const ct = path.join(work, 'ct');
  execFileSync(limnBin, ['dicom', 'synth', '--out', ct, '--size', '512', '--slices', '3']);
  const files = readdirSync(ct).sort().map((f) => path.join(ct, f));
  site = await startSite();
  const admin = site.people['root-admin'];
  const must = (r, what) => {
    if (r.status !== 0) throw new Error(`${what}: ${r.stderr}`);
    return r;
  };
  must(await admin.login(), 'login');
  must(admin.cli('project', 'create', '--name', 'Bench', '--schema', path.join(repoRoot, 'examples/schema.json')),
    'project create');
  const ana = await addPerson(site, admin, 'dr.ana', 'Bench', 'annotator');
  must(admin.cli('project', 'confirm-members', '--project', 'Bench'), 'confirm-members');
  const task = must(admin.cli('task', 'create', '--project', 'Bench', '--image-id', '1.2.826.0.1.3680043.10.1234.1',
    '--json'), 'task create').json.id;
  must(admin.cli('task', 'assign', '--task', String(task), '--user', ana.name), 'task assign');
  const viewer = await openTaskInBrowser(site, admin, task, files);
  browsers.push(viewer.browser);
  const editor = await openTaskInBrowser(site, ana, task, files);
  browsers.push(editor.browser);
  const all = await editToScreenLatencies(editor.page, viewer.page, kWarmUp + edits);
  const latencies = all.slice(kWarmUp);
  console.log(JSON.stringify({
    bench: 'sync_edit_to_screen', runtime: 'chromium', transport: 'https long poll, loopback', db: 'sqlite',
    edits: latencies.length, p50_ms: percentile(latencies, 0.5), p95_ms: percentile(latencies, 0.95),
    max_ms: Math.max(...latencies), goal: 'p95 < 100 ms',
  }));
} finally {
  for (const b of browsers) await b.close();
  await stopSite(site);
  rmSync(work, { recursive: true, force: true });
}
