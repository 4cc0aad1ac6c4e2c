// A site's DICOMweb server as a source: a real Orthanc (Debian, DICOMweb
// plugin, basic auth) behind an nginx that adds CORS and CORP headers,
// filled with pydicom's files. The browser searches (QIDO-RS) and retrieves
// (WADO-RS) from it directly; limn-server only names it in its CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { freePort, openApp, pydicomData, startServer } from '../lib/harness.mjs';
import { orthancPassword, orthancUser, startDicomwebSite } from '../lib/dicomweb_site.mjs';

const ctSeriesDir = path.join(pydicomData, 'test_files/dicomdirtests/98892001/CT5N');
let server, site, browser, page, consoleErrors;

before(async () => {
  const sitePort = await freePort();
  server = await startServer({ args: ['--dicomweb-origin', `http://127.0.0.1:${sitePort}`] });
  const files = readdirSync(ctSeriesDir).map((f) => path.join(ctSeriesDir, f));
  files.push(path.join(pydicomData, 'test_files/MR_small.dcm'));
  site = await startDicomwebSite({ allowOrigin: server.base, files, port: sitePort });
  ({ browser, page, consoleErrors } = await openApp(server));
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await server?.stop();
});

const state = () => page.evaluate(() => window.limn.state());
const call = (fn, ...args) => page.evaluate(({ fn, args }) => window.limn.dicomweb[fn](...args), { fn, args });

test('the page may connect only to the DICOMweb origin the site configured', async () => {
  const res = await page.evaluate(async () => (await fetch('/')).headers.get('content-security-policy'));
  assert.match(res, new RegExp(`connect-src 'self' ${site.siteOrigin.replace(/[.:/]/g, '\\$&')};`));
});

test('QIDO-RS finds the studies and series, straight from the browser', async () => {
  await call('connect', { url: site.dicomwebUrl, username: orthancUser, password: orthancPassword });
  const studies = await call('searchStudies', {});
  assert.equal(studies.length, 2);
  const ct = studies.find((s) => s.modalities.includes('CT'));
  assert.ok(ct, JSON.stringify(studies));
  const series = await call('searchSeries', ct.study);
  assert.equal(series.length, 1);
  assert.equal(series[0].modality, 'CT');
  assert.equal(series[0].instances, 5);
  assert.equal(server.log().includes('dicom-web'), false, 'nothing went through limn-server');
});

test('WADO-RS retrieves a series that opens as a volume', async () => {
  const studies = await call('searchStudies', {});
  const ct = studies.find((s) => s.modalities.includes('CT'));
  const [series] = await call('searchSeries', ct.study);
  const opened = await call('openSeries', ct.study, series.series);
  assert.equal(opened.ok, true);
  assert.equal(opened.files, 5);
  const s = await state();
  assert.equal(s.series.length, 1);
  assert.equal(s.series[0].slices, 5);
  assert.equal(s.series[0].regular, true);
  assert.match(s.name, /^dicomweb\//);
  assert.equal(s.modality, 'CT');
});

test('a study is de-identified in the tab straight from the site: nothing reaches limn-server', async () => {
  await call('connect', { url: site.dicomwebUrl, username: orthancUser, password: orthancPassword });
  const studies = await call('searchStudies', {});
  const ct = studies.find((s) => s.modalities.includes('CT'));
  const logBefore = server.log().length;
  const summary = await call('deidentifyStudy', ct.study, { profile: 'safe-harbor', options: [] });
  assert.equal(summary.total, 5);
  assert.equal(summary.deidentified, 5);
  assert.equal(summary.phase, 'review');
  // The archive the person would save: no patient name or ID from the site.
  const leaked = await page.evaluate(({ name, id }) => {
    const text = new TextDecoder('latin1').decode(window.limn.deid.archive()).toUpperCase();
    return [name, id].filter((v) => v && text.includes(v.toUpperCase()));
  }, { name: ct.patient.split('^')[0], id: ct.patientId });
  assert.deepEqual(leaked, []);
  assert.ok(ct.patientId.length > 0, 'the site knows the patient');
  assert.equal(server.log().slice(logBefore).includes('dicom-web'), false, 'nothing went through limn-server');
});

test('the app panel path: requests go out from C++ and results come back into its state', async () => {
  await page.evaluate(({ url, username, password }) => window.limn.dicomweb.handle({
    op: 'search_studies', url, username, password, query: { patientName: '*' },
  }), { url: site.dicomwebUrl, username: orthancUser, password: orthancPassword });
  await page.waitForFunction(() => window.limn.state().dicomweb.studies === 2);
  assert.equal((await state()).dicomweb.busy, false);
});

test('a wrong password is a clear error', async () => {
  await call('connect', { url: site.dicomwebUrl, username: orthancUser, password: 'wrong' });
  await assert.rejects(call('searchStudies', {}));
  await page.evaluate(({ url }) => window.limn.dicomweb.handle({
    op: 'search_studies', url, username: 'radiology', password: 'wrong',
  }), { url: site.dicomwebUrl });
  await page.waitForFunction(() => /refused the credentials \(HTTP 401\)/.test(window.limn.state().dicomweb.status));
});

test('a server without CORS headers cannot be read, and the user is told why', async () => {
  await page.evaluate(({ url, username, password }) => window.limn.dicomweb.handle({
    op: 'search_studies', url, username, password,
  }), { url: site.orthancUrl, username: orthancUser, password: orthancPassword });
  await page.waitForFunction(() => /CORS/.test(window.limn.state().dicomweb.status));
});

test('no console errors beyond the refused requests', () => {
  const unexpected = consoleErrors.filter((e) => !/401|CORS|Content Security Policy|Failed to load resource|net::ERR/.test(e));
  assert.deepEqual(unexpected, []);
});
