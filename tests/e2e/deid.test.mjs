// De-identification in the browser, end to end: the adversarial corpus
// (tests/tools/make_phi_corpus.py) picked as a folder, de-identified by the
// workers' wasm engine, reviewed in the app, re-run with a burned-in
// decision, saved as a zip. Every network request of the browser is recorded
// from before the page loads: none may carry a byte of the original files or
// any planted value, and none may be made while de-identifying at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactsDir, openApp, repoRoot, startServer } from '../lib/harness.mjs';
import { uiInput } from '../lib/ui_input.mjs';

const work = mkdtempSync(path.join(os.tmpdir(), 'limn-deid-e2e-'));
const corpus = path.join(work, 'corpus');
const requests = [];
let server, browser, page, consoleErrors, planted;

before(async () => {
  const r = spawnSync('/usr/bin/python3', [path.join(repoRoot, 'tests/tools/make_phi_corpus.py'), work], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  planted = JSON.parse(readFileSync(path.join(work, 'planted.json'), 'utf8'));
  server = await startServer();
  ({ browser, page, consoleErrors } = await openApp(server, {
    watch: (p, context) => context.on('request', (req) => requests.push({
      url: req.url(), method: req.method(), body: req.postDataBuffer(), at: Date.now(),
    })),
  }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const state = () => page.evaluate(() => window.limn.state().deid);
const settings = { profile: 'safe-harbor', options: [], secret: 'the e2e project secret, long enough' };

async function waitForReview(done) {
  await page.waitForFunction((n) => {
    const d = window.limn.state().deid;
    return d.phase === 'review' && d.done === n;
  }, done, { timeout: 60000 });
  return state();
}

test('a picked folder is de-identified in the tab; burned-in images wait for a decision', async () => {
  const before = requests.length;
  await page.evaluate((s) => window.limn.deid.handle({ op: 'choose_folder', settings: s }), settings);
  await page.setInputFiles('#deid-input', corpus);
  const files = Object.keys(planted.files).length;
  let d = await waitForReview(files);
  const atRisk = Object.values(planted.files).filter((k) => k === 'burned-in').length;
  assert.equal(d.total, files);
  assert.equal(d.refused, atRisk);
  assert.equal(d.deidentified, files - atRisk);
  assert.equal(d.unreadable, 0);
  assert.equal(d.k, 1);
  assert.equal(d.k_below_threshold, true);
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, 'e2e-deid-review.png') });

  await page.evaluate((s) => window.limn.deid.handle({ op: 'rerun', settings: { ...s, release_reviewed: true } }), settings);
  await page.waitForFunction(() => window.limn.state().deid.refused === 0 && window.limn.state().deid.phase === 'review',
    null, { timeout: 60000 });
  d = await state();
  assert.equal(d.deidentified, files);
  assert.equal(requests.length, before, `requests while de-identifying: ${requests.slice(before).map((r) => r.url)}`);
});

test('the saved zip holds valid de-identified files and a report without any planted value', async () => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.evaluate(() => window.limn.deid.handle({ op: 'save' })),
  ]);
  const zip = path.join(work, 'deidentified.zip');
  await download.saveAs(zip);
  assert.equal((await state()).saved, true);
  const out = path.join(work, 'unzipped');
  const unzip = spawnSync('/usr/bin/python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, out]);
  assert.equal(unzip.status, 0, String(unzip.stderr));
  const names = readdirSync(path.join(out, 'deidentified')).sort();
  assert.equal(names.filter((n) => n.endsWith('.dcm')).length, Object.keys(planted.files).length);
  assert.ok(names.includes('deid-report.json'));
  for (const name of names) {
    const text = readFileSync(path.join(out, 'deidentified', name)).toString('latin1').toUpperCase();
    for (const { value, class: cls } of planted.planted)
      assert.ok(!text.includes(value.toUpperCase()), `${name} still holds ${value} (${cls})`);
    assert.ok(!text.includes('CORPUS/'), `${name} names an input path`);
  }
  const report = JSON.parse(readFileSync(path.join(out, 'deidentified/deid-report.json'), 'utf8'));
  assert.equal(report.profile, 'safe-harbor');
  assert.equal(report.deidentified, names.length - 1);
  assert.equal(report.k_anonymity.k, 1);
  const dump = spawnSync('dcmdump', ['-q', path.join(out, 'deidentified', '00001.dcm')]);
  assert.equal(dump.status, 0, String(dump.stderr));
});

test('the de-identified files open in the viewer', async () => {
  await page.evaluate(() => window.limn.deid.handle({ op: 'open' }));
  await page.waitForFunction(() => window.limn.state().loaded, null, { timeout: 30000 });
  const s = await page.evaluate(() => window.limn.state());
  assert.ok(s.series.length >= 1);
});

test('a box drawn on an at-risk image becomes a template that redacts its device and size', async () => {
  // A fresh run of the ultrasound file alone: refused, then shown, boxed, re-run.
  await page.evaluate((s) => window.limn.deid.handle({ op: 'choose_folder', settings: s }), settings);
  const usDir = path.join(work, 'us-only');
  mkdirSync(usDir, { recursive: true });
  spawnSync('cp', [path.join(corpus, 'planted_ExplVR_BigEnd.dcm'), usDir]);
  await page.setInputFiles('#deid-input', usDir);
  let d = await waitForReview(1);
  assert.equal(d.refused, 1);
  const input = 'us-only/planted_ExplVR_BigEnd.dcm';
  await page.evaluate((name) => Module.ccall('limn_deid_preview', null, ['string'], [name]), input);
  await page.waitForFunction(() => window.limn.state().loaded && window.limn.state().columns === 80, null, { timeout: 20000 });
  // Drag across the top band of the image on screen (where plane pixels land).
  await page.waitForTimeout(300);
  const screen = (await page.evaluate(() => window.limn.state())).viewports[0].screen;
  const box = await page.locator('#canvas').boundingBox();
  const at = (u, v) => ({ x: box.x + screen.x0 + u * screen.sx, y: box.y + screen.y0 + v * screen.sy });
  await uiInput(page).drag(at(0.3, 0.3), at(79.7, 9.7), 5);
  d = await state();
  assert.deepEqual(d.redaction_box, [0, 0, 80, 10]);
  await page.evaluate(() => Module._limn_deid_add_template());
  assert.equal((await state()).templates, 1);
  await page.evaluate(() => Module._limn_deid_rerun());
  await page.waitForFunction(() => window.limn.state().deid.phase === 'review' && window.limn.state().deid.refused === 0,
    null, { timeout: 30000 });
  const zip = path.join(work, 'us.zip');
  const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => window.limn.deid.handle({ op: 'save' }))]);
  await download.saveAs(zip);
  const check = spawnSync('/usr/bin/python3', ['-c', `
import sys, zipfile, io, json, pydicom
z = zipfile.ZipFile(sys.argv[1])
ds = pydicom.dcmread(io.BytesIO(z.read('deidentified/00001.dcm')))
report = json.loads(z.read('deidentified/deid-report.json'))
a = ds.pixel_array
print(int(a[:10].any()), int(a[10:].any()), ds.BurnedInAnnotation, report['file_reports'][0]['burned_in']['redacted_boxes'])
`, zip], { encoding: 'utf8' });
  assert.equal(check.stdout.trim(), '0 1 NO [[0, 0, 80, 10]]', check.stderr);
});

test('no request ever carried a byte of the originals or a planted value', () => {
  assert.ok(requests.length > 0, 'the recorder saw the page load');
  const origin = new URL(server.base).origin;
  for (const r of requests) {
    assert.equal(new URL(r.url).origin === origin || r.url.startsWith('blob:') || r.url.startsWith('data:'), true,
      `request to another origin: ${r.url}`);
    assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
    assert.ok(!r.body || r.body.length === 0, `a request body went to ${r.url}`);
    const url = decodeURIComponent(r.url).toUpperCase();
    for (const { value } of planted.planted) assert.ok(!url.includes(value.toUpperCase()), `${value} in ${r.url}`);
  }
  // Not even a fragment: the server's log shows only the static app.
  const log = server.log();
  for (const { value } of planted.planted) assert.ok(!log.toUpperCase().includes(value.toUpperCase()), value);
  assert.deepEqual(consoleErrors.filter((e) => /Content Security Policy|Refused|Uncaught/.test(e)), []);
});
