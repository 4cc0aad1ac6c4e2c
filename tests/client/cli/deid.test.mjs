// `limn deid` on an adversarial corpus: pydicom's real files with synthetic
// identifiers of every Safe Harbor class planted in standard attributes,
// nested sequences, private blocks and free text (tests/tools/make_phi_corpus.py).
// pydicom reads the outputs independently (tests/tools/dicom_attributes.py),
// dcmtk and dicom3tools check them, and no planted value may survive anywhere
// in the output bytes or the report.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { limnBin, limnJs, pydicomData, repoRoot } from '../../lib/harness.mjs';

const tools = path.join(repoRoot, 'tests/tools');
const work = mkdtempSync(path.join(os.tmpdir(), 'limn-deid-'));
const corpus = path.join(work, 'corpus');
const secret = path.join(work, 'secret');
let planted;

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
}

function deid(name, args, { wasm = false, inputs = [corpus] } = {}) {
  const out = path.join(work, name);
  const report = path.join(work, `${name}.json`);
  const argv = ['deid', ...inputs, '--out', out, '--report', report, ...args];
  const r = wasm ? run('node', ['--no-experimental-fetch', limnJs, ...argv]) : run(limnBin, argv);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out, report: JSON.parse(readFileSync(report, 'utf8')) };
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => f.endsWith('.dcm')).sort();
}

function attributes(files) {
  const r = run('/usr/bin/python3', [path.join(tools, 'dicom_attributes.py'), ...files]);
  assert.equal(r.status, 0, r.stderr);
  return Object.fromEntries(r.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((j) => [path.basename(j.file), j]));
}

before(() => {
  const r = run('/usr/bin/python3', [path.join(tools, 'make_phi_corpus.py'), work]);
  assert.equal(r.status, 0, r.stderr);
  planted = JSON.parse(readFileSync(path.join(work, 'planted.json'), 'utf8'));
  writeFileSync(secret, 'the project secret of the de-identification test\n');
});

test('the corpus plants every one of the 18 Safe Harbor classes but full-face photographs', () => {
  const classes = JSON.parse(readFileSync(path.join(repoRoot, '../shared/data/hipaa/safe_harbor.json'), 'utf8')).identifiers;
  assert.equal(classes.length, 18);
  const covered = new Set(planted.classes);
  for (const c of classes) {
    if (c.startsWith('Full-face')) continue;  // pixels: the burned-in test below
    assert.ok([...covered].some((p) => c.toLowerCase().includes(p.toLowerCase())), `no planted value for: ${c}`);
  }
});

test('Safe Harbor: no planted value survives in any output byte or in the report', () => {
  const r = deid('safe', ['--project-secret', secret, '--release-burned-in']);
  assert.equal(r.status, 0, r.stderr);
  const outputs = filesUnder(r.out);
  assert.equal(outputs.length, Object.keys(planted.files).length);
  const reportText = JSON.stringify(r.report).toUpperCase();
  for (const file of outputs) {
    const bytes = readFileSync(file).toString('latin1').toUpperCase();
    for (const { value, class: cls } of planted.planted)
      assert.ok(!bytes.includes(value.toUpperCase()), `${path.basename(file)} still holds ${value} (${cls})`);
  }
  for (const { value } of planted.planted) assert.ok(!reportText.includes(value.toUpperCase()), `report holds ${value}`);
  assert.equal(r.report.deidentified, outputs.length);
  assert.ok(r.report.file_reports.every((f) => f.changes.length > 0 && f.changes.every((c) => !('value' in c))));
});

test('Safe Harbor keeps what is clinical: pixels bit-identical, acquisition attributes, year, age cap, ZIP3', () => {
  const r = deid('safe-keep', ['--project-secret', secret, '--release-burned-in']);
  const input = attributes(filesUnder(corpus));
  const output = attributes(filesUnder(r.out));
  for (const [name, out] of Object.entries(output)) {
    const inp = input[name];
    assert.ok(out.ok, `${name}: ${out.error}`);
    if (name !== 'old_overlay_bits.dcm') assert.equal(out.pixel_sha256, inp.pixel_sha256, `${name}: pixel data changed`);
    for (const k of ['Modality', 'Manufacturer', 'Rows', 'Columns', 'BitsStored', 'PhotometricInterpretation',
      'SliceThickness', 'PixelSpacing', 'ImageOrientationPatient', 'ImagePositionPatient', 'RescaleSlope',
      'SOPClassUID', 'PatientSex', 'KVP'])
      if (k in inp.attrs && !(k === 'Manufacturer' && name === 'planted_rtplan.dcm'))
        assert.equal(out.attrs[k], inp.attrs[k], `${name}: ${k}`);
    // rtplan's institution is "Here" (in a sequence): that word leaves its
    // "Manufacturer name here" too, as any identifier leaves kept text.
    assert.equal(out.attrs.PatientIdentityRemoved, 'YES');
    assert.equal(out.attrs.PatientName, '');
    assert.match(out.attrs.PatientID, /^LIMN-[0-9a-f]{16}$/);
    assert.equal(out.attrs.StudyDate, `${inp.attrs.StudyDate.slice(0, 4)}0101`);
    assert.equal(out.attrs.StudyTime ?? '', '');
    assert.equal(out.meta.MediaStorageSOPInstanceUID, out.attrs.SOPInstanceUID);
    assert.ok(Object.keys(out.nested).some((k) => k.startsWith('DeidentificationMethodCodeSequence')));
    // Only the safe-listed private value stays, with its creator.
    assert.deepEqual(out.private.filter((t) => !t.endsWith('0C)') && !/\(0019,00..\)/.test(t)), [], name);
  }
  assert.equal(output['ct_1.dcm'].attrs.PatientAge, '090Y');
  assert.equal(output['young_restricted_zip.dcm'].attrs.PatientAge, '045Y');
  assert.equal(output['old_overlay_bits.dcm'].attrs.PatientAge, '090Y', '"94Y", as a sender wrote it');
  // An overlay in the unused high bit: cleared, the 12 stored bits unchanged.
  const pixels = (file) => new Uint16Array(new Uint8Array(spawnSync('/usr/bin/python3', ['-c',
    'import pydicom,sys; sys.stdout.buffer.write(pydicom.dcmread(sys.argv[1]).PixelData)', file]).stdout).buffer);
  const [before, after] = [pixels(path.join(corpus, 'old_overlay_bits.dcm')), pixels(path.join(r.out, 'old_overlay_bits.dcm'))];
  assert.ok(before.some((v) => v & 0x8000));
  assert.ok(after.every((v, i) => v === (before[i] & 0x0FFF)));
  assert.equal(output['ct_1.dcm'].attrs.PatientAddress, '974');
  assert.equal(output['young_restricted_zip.dcm'].attrs.PatientAddress, '000');
  assert.ok(!Object.keys(output['ct_1.dcm'].attrs).some((k) => k.startsWith('(6000') || k.startsWith('Overlay')));
  assert.match(output['ct_1.dcm'].nested['ContentSequence[0].TextValue'], /^Findings for X+ X+, MRN X+$/);
  assert.match(output['ct_1.dcm'].attrs.StudyDescription, /^CT for X+ X+ X+$/);
  // k-anonymity over age group, sex, ZIP3, modality and year: two patients, each alone.
  assert.equal(r.report.k_anonymity.k, 1);
  assert.equal(r.report.k_anonymity.patients, 2);
  assert.match(r.report.k_anonymity.warning, /below the project's threshold of 5/);
});

test('UIDs: consistent across files and runs of one project, references intact, unlinkable across projects', () => {
  const a = attributes(filesUnder(deid('uid-a', ['--project-secret', secret, '--profile', 'basic']).out));
  const b = attributes(filesUnder(deid('uid-b', ['--project-secret', secret, '--profile', 'basic']).out));
  const other = path.join(work, 'other-secret');
  writeFileSync(other, 'a different project entirely, other secret');
  const c = attributes(filesUnder(deid('uid-c', ['--project-secret', other, '--profile', 'basic']).out));
  const input = attributes(filesUnder(corpus));
  const [ct1, ct2] = [a['ct_1.dcm'], a['ct_2.dcm']];
  assert.equal(ct1.attrs.StudyInstanceUID, ct2.attrs.StudyInstanceUID);
  assert.equal(ct1.attrs.SeriesInstanceUID, ct2.attrs.SeriesInstanceUID);
  assert.notEqual(ct1.attrs.SOPInstanceUID, ct2.attrs.SOPInstanceUID);
  assert.equal(ct2.nested['ReferencedImageSequence[0].ReferencedSOPInstanceUID'], ct1.attrs.SOPInstanceUID);
  assert.notEqual(ct1.attrs.StudyInstanceUID, input['ct_1.dcm'].attrs.StudyInstanceUID);
  assert.match(ct1.attrs.StudyInstanceUID, /^2\.25\.[1-9]\d*$/);
  assert.ok(ct1.attrs.StudyInstanceUID.length <= 64);
  assert.equal(b['ct_1.dcm'].attrs.SOPInstanceUID, ct1.attrs.SOPInstanceUID);
  assert.equal(b['ct_1.dcm'].attrs.PatientID, ct1.attrs.PatientID);
  assert.notEqual(c['ct_1.dcm'].attrs.SOPInstanceUID, ct1.attrs.SOPInstanceUID);
  assert.notEqual(c['ct_1.dcm'].attrs.PatientID, ct1.attrs.PatientID);
});

test('every option of Table E.1-1 changes exactly what its column says', () => {
  const input = attributes(filesUnder(corpus))['ct_1.dcm'];
  const ct = (name, opts) => attributes(filesUnder(
    deid(name, ['--project-secret', secret, '--profile', 'basic', ...opts.flatMap((o) => ['--option', o])]).out))['ct_1.dcm'];
  const basic = ct('opt-none', []);
  assert.equal(basic.attrs.StudyDate, '');
  assert.ok(!('StudyDescription' in basic.attrs));
  assert.ok(!('PatientAge' in basic.attrs));
  assert.equal(basic.attrs.DeviceSerialNumber, 'ANONYMIZED');
  assert.ok(!basic.private.length, 'basic keeps no private attribute');
  assert.equal(basic.attrs.LongitudinalTemporalInformationModified, 'REMOVED');
  assert.equal(basic.attrs.ContentSequence, '<0 items>');

  assert.equal(ct('opt-uids', ['retain-uids']).attrs.StudyInstanceUID, input.attrs.StudyInstanceUID);
  const device = ct('opt-device', ['retain-device-identity']);
  assert.equal(device.attrs.DeviceSerialNumber, input.attrs.DeviceSerialNumber);
  assert.equal(device.attrs.StationName, input.attrs.StationName);
  assert.equal(ct('opt-inst', ['retain-institution-identity']).attrs.InstitutionName, input.attrs.InstitutionName);
  const full = ct('opt-full', ['retain-full-dates']);
  assert.equal(full.attrs.StudyDate, input.attrs.StudyDate);
  assert.equal(full.attrs.LongitudinalTemporalInformationModified, 'UNMODIFIED');
  const chars = ct('opt-chars', ['retain-patient-characteristics']);
  assert.equal(chars.attrs.PatientAge, input.attrs.PatientAge);
  assert.equal(chars.attrs.PatientSex, input.attrs.PatientSex);
  const desc = ct('opt-desc', ['clean-descriptors']);
  assert.match(desc.attrs.StudyDescription, /^CT for X+ X+ X+$/);
  assert.match(desc.attrs.SeriesDescription, /^follow-up X+ X+$/);
  const graphics = ct('opt-graphics', ['clean-graphics']);
  assert.ok(!Object.keys(graphics.attrs).some((k) => k.startsWith('(6000') || k.startsWith('Overlay')));
  const sr = ct('opt-sr', ['clean-structured-content']);
  assert.match(sr.nested['ContentSequence[0].TextValue'], /^Findings for X+ X+, MRN X+$/);
  const priv = ct('opt-priv', ['retain-safe-private']);
  assert.ok(priv.private.some((t) => t.endsWith('0C)')), 'the safe-listed b-value stays');
  assert.equal(priv.private.length, 2, 'its creator and itself, nothing else');
});

test('modified dates: one shift per patient, intervals kept', () => {
  const out = attributes(filesUnder(deid('shift', ['--project-secret', secret, '--profile', 'basic',
    '--option', 'retain-modified-dates']).out));
  const input = attributes(filesUnder(corpus));
  const days = (d) => Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8)) / 86400000;
  const shift = (n) => days(input[n].attrs.StudyDate) - days(out[n].attrs.StudyDate);
  assert.ok(shift('ct_1.dcm') >= 1 && shift('ct_1.dcm') <= 1095);
  assert.equal(shift('ct_2.dcm'), shift('ct_1.dcm'));
  assert.equal(days(out['ct_2.dcm'].attrs.StudyDate) - days(out['ct_1.dcm'].attrs.StudyDate), 6);
  assert.equal(out['ct_1.dcm'].attrs.LongitudinalTemporalInformationModified, 'MODIFIED');
});

test('burned-in risk: refused without a decision, redacted by box or template, photographs included', () => {
  const refused = deid('burned-refused', ['--project-secret', secret]);
  assert.equal(refused.status, 1);
  const byName = Object.fromEntries(refused.report.file_reports.map((f) => [path.basename(f.input), f]));
  for (const [name, kind] of Object.entries(planted.files)) {
    assert.equal(byName[name].status, kind === 'burned-in' ? 'refused' : 'deidentified', name);
    if (kind === 'burned-in') assert.match(byName[name].reason, /burned-in/);
  }
  assert.ok(!existsSync(path.join(refused.out, 'photo_xc.dcm')));
  assert.match(byName['photo_xc.dcm'].reason, /modality XC/);

  const templates = path.join(work, 'templates.json');
  writeFileSync(templates, JSON.stringify([{ rows: 60, columns: 80, boxes: [[0, 0, 80, 12]] }]));
  const red = deid('burned-redacted', ['--project-secret', secret, '--redact-templates', templates,
    '--redact', '0,0,16,16'], { inputs: ['planted_ExplVR_BigEnd.dcm', 'planted_SC_rgb_rle.dcm', 'ct_burned_graphics.dcm']
    .map((f) => path.join(corpus, f)) });
  assert.equal(red.status, 0, red.stderr);
  const [us, sc] = red.report.file_reports;
  // The overlay and the curve (and the names in them) stay removed.
  const redactedGraphics = readFileSync(path.join(red.out, 'ct_burned_graphics.dcm')).toString('latin1');
  for (const name of ['Fennimore', 'Glasswing', 'Trumbleworth']) assert.ok(!redactedGraphics.includes(name), name);
  const groups = attributes([path.join(red.out, 'ct_burned_graphics.dcm')])['ct_burned_graphics.dcm'];
  // Redaction writes the image's own pixels: an overlay in their unused
  // bits is cleared there too.
  const atRisk = path.join(work, 'at-risk-overlay-bits');
  run('mkdir', ['-p', atRisk]);
  const marked = run('/usr/bin/python3', ['-c', `
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1]); ds.BurnedInAnnotation = 'YES'; ds.save_as(sys.argv[2])
`, path.join(corpus, 'old_overlay_bits.dcm'), path.join(atRisk, 'bits.dcm')]);
  assert.equal(marked.status, 0, marked.stderr);
  const bits = deid('bits-redacted', ['--project-secret', secret, '--redact', '0,0,1,1'], { inputs: [atRisk] });
  assert.equal(bits.status, 0, bits.stderr);
  const high = run('/usr/bin/python3', ['-c', `
import sys, pydicom, numpy as np
print(int((np.frombuffer(pydicom.dcmread(sys.argv[1]).PixelData, '<u2') >> 15).sum()))
`, path.join(bits.out, 'bits.dcm')]);
  assert.equal(high.stdout.trim(), '0', high.stderr);
  assert.ok(!Object.keys(groups.attrs).some((k) => /^\((50|60)/.test(k) || k.startsWith('Overlay') || k.startsWith('Curve')));
  assert.deepEqual(us.burned_in.redacted_boxes, [[0, 0, 80, 12]]);  // the template for 80x60
  assert.deepEqual(sc.burned_in.redacted_boxes, [[0, 0, 16, 16]]);  // the fallback box
  const pix = run('/usr/bin/python3', ['-c', `
import sys, pydicom, numpy as np
a = pydicom.dcmread(sys.argv[1]).pixel_array; b = pydicom.dcmread(sys.argv[2]).pixel_array
print(int(a[:12].any()), int(b[:12].any()), int((a[12:] == b[12:]).all()), pydicom.dcmread(sys.argv[2]).BurnedInAnnotation)
`, path.join(corpus, 'planted_ExplVR_BigEnd.dcm'), path.join(red.out, 'planted_ExplVR_BigEnd.dcm')]);
  assert.equal(pix.stdout.trim(), '1 0 1 NO', pix.stderr);
});

test('outputs are valid DICOM: dcmdump reads them, dciodvfy finds no error the input lacked', () => {
  const r = deid('valid', ['--project-secret', secret, '--release-burned-in']);
  const errors = (file) => new Set(run('dciodvfy', [file]).stderr.split('\n')
    .filter((l) => l.startsWith('Error')).map((l) => l.replace(/ - .*$/, '').trim()));
  for (const file of filesUnder(r.out)) {
    const dump = run('dcmdump', ['-q', file]);
    assert.equal(dump.status, 0, `${file}: ${dump.stderr}`);
    const before = errors(path.join(corpus, path.basename(file)));
    const added = [...errors(file)].filter((e) => !before.has(e));
    assert.deepEqual(added, [], path.basename(file));
  }
});

test('unreadable inputs are reported and skipped, the rest processed, the tree mirrored', () => {
  const mixed = path.join(work, 'mixed');
  const nested = path.join(mixed, 'a/b');
  run('mkdir', ['-p', nested]);
  writeFileSync(path.join(mixed, 'junk.dcm'), 'not a dicom file');
  writeFileSync(path.join(nested, 'mr.dcm'), readFileSync(path.join(corpus, 'planted_MR_small.dcm')));
  writeFileSync(path.join(mixed, 'truncated.dcm'), readFileSync(path.join(pydicomData, 'test_files/MR_truncated.dcm')));
  const r = deid('mixed-out', ['--project-secret', secret], { inputs: [mixed] });
  assert.equal(r.status, 1);
  assert.ok(existsSync(path.join(r.out, 'a/b/mr.dcm')));
  const status = Object.fromEntries(r.report.file_reports.map((f) => [path.basename(f.input), f.status]));
  assert.deepEqual(status, { 'junk.dcm': 'unreadable', 'mr.dcm': 'deidentified', 'truncated.dcm': 'unreadable' });
  assert.match(r.stderr, /truncated/);
  const usage = run(limnBin, ['deid', mixed, '--out', path.join(work, 'x'), '--option', 'retain-everything']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /unknown option 'retain-everything'/);
});

test('nothing is overwritten: not an input by its copy, not one copy by another; a file as --out is refused', () => {
  const dir = path.join(work, 'overwrite');
  run('mkdir', ['-p', path.join(dir, 'a'), path.join(dir, 'b')]);
  const original = readFileSync(path.join(corpus, 'planted_MR_small.dcm'));
  writeFileSync(path.join(dir, 'a/1.dcm'), original);
  writeFileSync(path.join(dir, 'b/1.dcm'), readFileSync(path.join(pydicomData, 'test_files/CT_small.dcm')));
  writeFileSync(path.join(dir, 'file'), '');
  const refused = (inputs, out, reason) => {
    const r = run(limnBin, ['deid', ...inputs.map((i) => path.join(dir, i)), '--out', path.join(dir, out)]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, reason);
  };
  refused(['a'], 'a', /a\/1\.dcm would be replaced by its de-identified copy/);
  refused(['a/1.dcm'], 'b/../a', /would be replaced/);
  refused(['a/1.dcm', 'b/1.dcm'], 'out', /a\/1\.dcm and .*b\/1\.dcm would both be written to .*out\/1\.dcm/);
  refused(['a', 'b'], 'out', /would both be written/);
  refused(['a'], 'file', /--out .*file is a file, not a folder/);
  // Another input's copy landing on an input: nest/1.dcm's copy is nest/q/1.dcm.
  run('mkdir', ['-p', path.join(dir, 'nest/q')]);
  writeFileSync(path.join(dir, 'nest/1.dcm'), original);
  writeFileSync(path.join(dir, 'nest/q/1.dcm'), original);
  refused(['nest'], 'nest/q', /nest\/q\/1\.dcm would be replaced by the de-identified copy of .*nest\/1\.dcm/);
  assert.deepEqual(readFileSync(path.join(dir, 'a/1.dcm')), original);
  assert.equal(existsSync(path.join(dir, 'out')), false, 'nothing written');
});

test('--name-by-uid: outputs named by their new UIDs hold nothing of the input\'s folder and file names', () => {
  const named = path.join(work, 'named-by-patient');
  run('mkdir', ['-p', path.join(named, 'QUIXOTELY_ZEBULONIA'), path.join(named, 'again')]);
  writeFileSync(path.join(named, 'QUIXOTELY_ZEBULONIA/CT_20190304.dcm'), readFileSync(path.join(corpus, 'ct_1.dcm')));
  writeFileSync(path.join(named, 'QUIXOTELY_ZEBULONIA/MR_QX99812377.dcm'), readFileSync(path.join(corpus, 'planted_MR_small.dcm')));
  writeFileSync(path.join(named, 'again/ct.dcm'), readFileSync(path.join(corpus, 'ct_1.dcm')));  // the same instance twice
  // A "UID" of the DICOM registry (kept as written) that is a path out of --out.
  const escape = run('/usr/bin/python3', ['-c', `
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1]); ds.StudyInstanceUID = '1.2.840.10008.1/../../../escaped'; ds.save_as(sys.argv[2])
`, path.join(corpus, 'young_restricted_zip.dcm'), path.join(named, 'again/escape.dcm')]);
  assert.equal(escape.status, 0, escape.stderr);
  const r = deid('by-uid', ['--project-secret', secret, '--name-by-uid'], { inputs: [named] });
  assert.equal(r.status, 1, 'the second copy of one instance and the escaping one are refused');
  assert.ok(!existsSync(path.join(path.dirname(work), 'escaped')), 'nothing written outside --out');
  assert.match(r.report.file_reports.find((f) => f.input.endsWith('escape.dcm')).reason, /is no UID to name its copy by/);
  const outputs = readdirSync(r.out, { recursive: true }).filter((f) => f.endsWith('.dcm'));
  assert.equal(outputs.length, 2);
  for (const f of outputs) {
    assert.match(f, /^2\.25\.\d+\/2\.25\.\d+\/2\.25\.\d+\.dcm$/);
    const attrs = attributes([path.join(r.out, f)])[path.basename(f)].attrs;
    assert.equal(f, `${attrs.StudyInstanceUID}/${attrs.SeriesInstanceUID}/${attrs.SOPInstanceUID}.dcm`);
  }
  const refused = r.report.file_reports.find((f) => f.status === 'refused' && !f.input.endsWith('escape.dcm'));
  assert.match(refused.reason, /(CT_20190304|again\/ct)\.dcm and .* would both be written to .*\.dcm \(one instance twice\)/);
});

test('the wasm build writes the same bytes as the native one', () => {
  const n = deid('native-same', ['--project-secret', secret, '--release-burned-in']);
  const w = deid('wasm-same', ['--project-secret', secret, '--release-burned-in'], { wasm: true });
  assert.equal(w.status, 0, w.stderr);
  const nf = filesUnder(n.out), wf = filesUnder(w.out);
  assert.equal(nf.length, wf.length);
  for (let i = 0; i < nf.length; ++i) assert.ok(readFileSync(nf[i]).equals(readFileSync(wf[i])), path.basename(nf[i]));
});
