// `limn export` / `limn import` on the committed example
// (examples/ct_small.annotations.json on pydicom's CT_small.dcm): every
// format is written, read by an independent reader where one exists, and
// read back by `limn import` with the geometry unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { limnBin, limnJs, pydicomData, repoRoot } from '../../lib/harness.mjs';

const images = path.join(pydicomData, 'test_files');
const example = path.join(repoRoot, 'examples/ct_small.annotations.json');
const schema = path.join(repoRoot, 'examples/schema.json');
const work = mkdtempSync(path.join(os.tmpdir(), 'limn-annot-'));

const run = (args, wasm = false) => (wasm
  ? spawnSync('node', ['--no-experimental-fetch', limnJs, ...args], { encoding: 'utf8' })
  : spawnSync(limnBin, args, { encoding: 'utf8' }));

function exportTo(format, wasm = false) {
  const out = path.join(work, `${format}${wasm ? '-wasm' : ''}`);
  const r = run(['export', '--annotations', example, '--images', images, '--format', format, '--out', out], wasm);
  assert.equal(r.status, 0, r.stderr);
  return { out, summary: JSON.parse(r.stdout) };
}

// The published COCO and YOLO formats, as JSON Schemas and line rules
// (tests/tools/check_export_schema.py).
function checkAgainstSchema(format, dir) {
  const r = spawnSync('/usr/bin/python3', [path.join(repoRoot, 'tests/tools/check_export_schema.py'), format, dir], { encoding: 'utf8' });
  assert.equal(r.stdout.trim(), 'ok', r.stderr || r.stdout);
}

// `file` (an annotation file's JSON) exported as DICOM SEG into work/`name`,
// which dciodvfy finds no error in.
function exportSeg(file, name) {
  const input = path.join(work, `${name}.json`);
  writeFileSync(input, JSON.stringify(file));
  const out = path.join(work, name);
  const r = run(['export', '--annotations', input, '--images', images, '--format', 'dicom-seg', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const seg = path.join(out, 'seg_CT_small.dcm');
  const v = spawnSync('dciodvfy', [seg], { encoding: 'utf8' });
  assert.deepEqual(v.stderr.split('\n').filter((l) => l.startsWith('Error')), [], v.stderr);
  return { input, out, seg, report: v.stderr };
}

const createdShapes = (file) => JSON.parse(readFileSync(file, 'utf8')).ops
  .filter((o) => o.kind === 'create').map((o) => o.annotation);

test('COCO: pydicom-independent JSON structure, and import gives the shapes back', () => {
  const { out, summary } = exportTo('coco');
  assert.deepEqual([summary.annotations, summary.exported, summary.skipped], [5, 3, 2]);
  checkAgainstSchema('coco', out);
  const coco = JSON.parse(readFileSync(path.join(out, 'annotations.json'), 'utf8'));
  for (const k of ['images', 'annotations', 'categories']) assert.ok(Array.isArray(coco[k]), k);
  const ids = new Set(coco.images.map((i) => i.id));
  const cats = new Set(coco.categories.map((c) => c.id));
  for (const a of coco.annotations) {
    assert.ok(ids.has(a.image_id) && cats.has(a.category_id));
    assert.equal(a.bbox.length, 4);
    assert.ok(a.area > 0);
    if (a.iscrowd) assert.equal(a.segmentation.counts.reduce((s, c) => s + c, 0), 128 * 128);
  }
  const imported = path.join(work, 'from-coco.json');
  const r = run(['import', '--format', 'coco', '--in', out, '--images', images, '--schema', schema, '--out', imported]);
  assert.equal(r.status, 0, r.stderr);
  const want = createdShapes(example).filter((a) => ['box', 'polygon', 'mask'].includes(a.shape.type));
  const got = createdShapes(imported);
  assert.deepEqual(got.map((a) => [a.id, a.label, a.shape]).sort(), want.map((a) => [a.id, a.label, a.shape]).sort());
});

test('an image named by id alone (a task pulled from the server) is found in the images folder by its SOP Instance UID', () => {
  // `limn sync pull` knows a task's image by the id it was created with,
  // not by a file name or size.
  const uid = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';  // CT_small's
  const file = JSON.parse(readFileSync(example, 'utf8'));
  file.images = [{ id: uid, file: '', rows: 0, columns: 0, frames: 1 }];
  file.schema_file = schema;
  const pulled = path.join(work, 'pulled.annotations.json');
  writeFileSync(pulled, JSON.stringify(file).replaceAll('"image":"ct_small"', `"image":"${uid}"`));
  const r = run(['export', '--annotations', pulled, '--images', images, '--format', 'coco', '--out', path.join(work, 'pulled-coco')]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).exported, exportTo('coco').summary.exported);
  const coco = JSON.parse(readFileSync(path.join(work, 'pulled-coco/annotations.json'), 'utf8'));
  assert.equal(coco.images[0].file_name, 'CT_small.dcm');
  // An id no file in the folder has is an error that says so.
  writeFileSync(pulled, JSON.stringify(file).replaceAll(uid, '1.2.3.4'));
  const missing = run(['export', '--annotations', pulled, '--images', images, '--format', 'coco', '--out', path.join(work, 'x')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /image 1\.2\.3\.4: the annotation file names no file for it, and no DICOM file in .* has it as its SOP Instance UID/);
});

test('YOLO: data.yaml and label lines, and import gives boxes and polygons back to the last bit', () => {
  const { out } = exportTo('yolo');
  checkAgainstSchema('yolo', out);
  assert.match(readFileSync(path.join(out, 'data.yaml'), 'utf8'), /names:\n {2}0: "lesion"\n {2}1: "liver"\n/);
  const lines = readFileSync(path.join(out, 'labels/CT_small.txt'), 'utf8').trim().split('\n');
  assert.equal(lines.length, 2);
  for (const l of lines) {
    const v = l.split(' ').slice(1).map(Number);
    assert.ok(v.every((x) => x >= 0 && x <= 1), l);
  }
  const imported = path.join(work, 'from-yolo.json');
  // A required attribute (YOLO holds none) is the reviewer's to fill in:
  // the boxes still come in, as pre-annotations.
  const strict = JSON.parse(readFileSync(schema, 'utf8'));
  strict.labels.find((l) => l.id === 'lesion').attributes[0].required = true;
  const strictSchema = path.join(work, 'schema-required.json');
  writeFileSync(strictSchema, JSON.stringify(strict));
  const r = run(['import', '--format', 'yolo', '--in', out, '--images', images, '--schema', strictSchema, '--out', imported]);
  assert.equal(r.status, 0, r.stderr);
  const canon = (shape) => JSON.stringify(shape, Object.keys(shape).sort());
  const want = createdShapes(example).filter((a) => ['box', 'polygon'].includes(a.shape.type)).map((a) => canon(a.shape)).sort();
  assert.deepEqual(createdShapes(imported).map((a) => canon(a.shape)).sort(), want);
});

test('Pascal VOC: one XML per image that Python\'s XML parser reads; import gives the boxes back exactly', () => {
  const { out } = exportTo('voc');
  const xml = path.join(out, 'Annotations/CT_small.xml');
  const r = spawnSync('/usr/bin/python3', ['-c', `
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
print(root.find('size/width').text, len(root.findall('object')), sorted(o.find('name').text for o in root.findall('object')))
`, xml], { encoding: 'utf8' });
  assert.equal(r.stdout.trim(), "128 3 ['lesion', 'lesion', 'liver']", r.stderr);
  // The example's liver outline comes back as a box, which its label does not allow:
  const refused = run(['import', '--format', 'voc', '--in', out, '--images', images, '--schema', schema, '--out', path.join(work, 'x.json')]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /label 'liver' does not allow a box/);
  // ... under a schema that allows boxes for every label, all three come back.
  const boxesAllowed = JSON.parse(readFileSync(schema, 'utf8'));
  for (const l of boxesAllowed.labels) if (!l.shapes.includes('box')) l.shapes.push('box');
  const schemaWithBoxes = path.join(work, 'schema-boxes.json');
  writeFileSync(schemaWithBoxes, JSON.stringify(boxesAllowed));
  const imported = path.join(work, 'from-voc.json');
  const imp = run(['import', '--format', 'voc', '--in', out, '--images', images, '--schema', schemaWithBoxes, '--out', imported]);
  assert.equal(imp.status, 0, imp.stderr);
  // VOC holds boxes: a box comes back as itself, to the last bit; a polygon
  // or a mask as its bounding box.
  const got = createdShapes(imported).map((a) => [a.label, a.shape.box]);
  const box = createdShapes(example).find((a) => a.shape.type === 'box');
  assert.equal(got.length, 3);
  assert.ok(got.some(([label, b]) => label === box.label && JSON.stringify(b) === JSON.stringify(box.shape.box)),
    JSON.stringify(got));
  // Broken XML is a clear error, with its line.
  const broken = path.join(work, 'voc-broken');
  mkdirSync(path.join(broken, 'Annotations'), { recursive: true });
  writeFileSync(path.join(broken, 'Annotations/CT_small.xml'), '<annotation>\n<size><width>128</width></size>\n<object>');
  const bad = run(['import', '--format', 'voc', '--in', broken, '--images', images, '--schema', schemaWithBoxes, '--out', path.join(work, 'x.json')]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /CT_small\.xml: .*line/);
});

test('DICOM SEG: dciodvfy finds no error, pydicom reads frames equal to the masks, the source is referenced', () => {
  // Two masks of two labels: two segments, two frames.
  const file = JSON.parse(readFileSync(example, 'utf8'));
  file.schema_file = schema;
  const mask = file.ops.find((o) => o.kind === 'create' && o.annotation.shape.type === 'mask');
  const second = JSON.parse(JSON.stringify(mask));
  second.id.counter = 99;
  second.lamport = 99;
  second.annotation.id = 'liver-mask';
  second.annotation.label = 'liver';
  second.annotation.attributes = {};
  second.annotation.shape.runs = [1000, 3000, 12384];
  file.ops.push(second);
  const { input, out, seg, report } = exportSeg(file, 'seg');
  assert.match(report, /Segmentation/);
  const check = spawnSync('/usr/bin/python3', ['-c', `
import sys, json, pydicom, numpy as np
ds = pydicom.dcmread(sys.argv[1]); src = pydicom.dcmread(sys.argv[2]); f = json.load(open(sys.argv[3]))
masks = [o['annotation'] for o in sorted(f['ops'], key=lambda o: (o['lamport'], o['id']['author'], o['id']['counter']))
         if o['kind'] == 'create' and o['annotation']['shape']['type'] == 'mask']
frames = ds.pixel_array.reshape(len(masks), ds.Rows, ds.Columns)
ok = []
for i, a in enumerate(sorted(masks, key=lambda a: a['id'])):
    bits, v = [], 0
    for r in a['shape']['runs']: bits += [v] * r; v ^= 1
    seg = ds.PerFrameFunctionalGroupsSequence[i].SegmentIdentificationSequence[0].ReferencedSegmentNumber
    label = ds.SegmentSequence[seg - 1].SegmentLabel
    ok.append(bool((frames[i] == np.array(bits).reshape(ds.Rows, ds.Columns)).all()))
ref = ds.PerFrameFunctionalGroupsSequence[0].DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
print(ds.NumberOfFrames, len(ds.SegmentSequence), all(ok), ref == src.SOPInstanceUID,
      ds.FrameOfReferenceUID == src.FrameOfReferenceUID, ds.ReferencedSeriesSequence[0].SeriesInstanceUID == src.SeriesInstanceUID,
      ','.join(s.SegmentedPropertyCategoryCodeSequence[0].CodeValue + '/' + s.SegmentedPropertyTypeCodeSequence[0].CodeValue
               for s in ds.SegmentSequence))
`, seg, path.join(images, 'CT_small.dcm'), input], { encoding: 'utf8' });
  // The schema's coded concepts name the segments (lesion, liver).
  assert.equal(check.stdout.trim(), '2 2 True True True True 49755003/52988006,123037004/10200004', check.stderr);
  // And back: `limn import` gives both masks, pixel for pixel, with their labels.
  const imported = path.join(work, 'from-seg.json');
  const back = run(['import', '--format', 'dicom-seg', '--in', out, '--images', images, '--schema', schema, '--out', imported]);
  assert.equal(back.status, 0, back.stderr);
  const got = createdShapes(imported).map((a) => [a.label, a.image, JSON.stringify(a.shape.runs)]).sort();
  const want = createdShapes(input).filter((a) => a.shape.type === 'mask')
    .map((a) => [a.label, 'CT_small', JSON.stringify(a.shape.runs)]).sort();
  assert.deepEqual(got, want);
  // A frame that names no source image is a clear error, not a guess.
  const orphan = path.join(work, 'seg-orphan');
  mkdirSync(orphan, { recursive: true });
  const cut = spawnSync('/usr/bin/python3', ['-c', `
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
del ds.PerFrameFunctionalGroupsSequence[1].DerivationImageSequence
ds.save_as(sys.argv[2])
`, seg, path.join(orphan, 'seg.dcm')], { encoding: 'utf8' });
  assert.equal(cut.status, 0, cut.stderr);
  const refused = run(['import', '--format', 'dicom-seg', '--in', orphan, '--images', images, '--schema', schema,
    '--out', path.join(work, 'x.json')]);
  assert.equal(refused.status, 1, refused.stderr);
  assert.match(refused.stderr, /frame 2 names no source image/);
});

test('NIfTI: a label map of the series that nibabel reads with the DICOM geometry, imported back pixel for pixel', () => {
  // A synthetic CT series (GDCM-written, 0.7 x 0.8 mm pixels, 2.5 mm slices)
  // with masks of two labels on three of its slices.
  const series = path.join(work, 'nifti-series');
  const synth = spawnSync(limnBin, ['dicom', 'synth', '--out', series, '--size', '40', '--slices', '9', '--spacing', '0.7,0.8,2.5']);
  assert.equal(synth.status, 0, String(synth.stderr));
  const files = readdirSync(series).sort();
  const images = files.map((f) => ({ id: f.replace('.dcm', ''), file: f, rows: 40, columns: 40, frames: 1 }));
  let counter = 0;
  const runsOf = (bits) => {
    const runs = [];
    let v = 0, n = 0;
    for (const b of bits) { if (b !== v) { runs.push(n); n = 0; v = b; } n++; }
    runs.push(n);
    return runs;
  };
  const masks = [[2, 'lesion', 7], [3, 'lesion', 11], [7, 'liver', 13]].map(([z, label, seed]) => {
    const bits = Array.from({ length: 1600 }, (_, i) => ((i * seed) % 17 < 6 ? 1 : 0));
    return { z, label, bits };
  });
  const file = {
    format: 'limn-annotations', version: 1, schema_file: schema, images,
    ops: masks.map(({ z, label, bits }) => ({
      v: 1, id: { author: 't', counter: ++counter }, lamport: counter, time_ms: 0, guideline_version: '2026-11',
      kind: 'create',
      annotation: { id: `m${z}`, image: images[z].id, frame: 0, label, source: 'human', confidence: 1, status: 'draft',
        shape: { type: 'mask', width: 40, height: 40, runs: runsOf(bits) } },
    })),
  };
  const input = path.join(work, 'nifti-annotations.json');
  writeFileSync(input, JSON.stringify(file));
  const out = path.join(work, 'nifti');
  const r = run(['export', '--annotations', input, '--images', series, '--format', 'nifti', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['slice_0000.labels.json', 'slice_0000.nii']);
  // nibabel: shape, values (schema order: lesion 1, liver 2) and the affine
  // against pydicom's ImagePositionPatient of each slice (LPS -> RAS).
  const check = spawnSync('/usr/bin/python3', ['-c', `
import sys, json, glob, os, numpy as np, nibabel, pydicom
img = nibabel.load(sys.argv[1]); data = np.asarray(img.dataobj)
masks = json.loads(sys.argv[3])
ok_values = all(bool((data[:, :, m['z']].T == np.array(m['bits']).reshape(40, 40) * m['value']).all()) for m in masks)
others = [z for z in range(data.shape[2]) if z not in [m['z'] for m in masks]]
empty = all(not data[:, :, z].any() for z in others)
dss = sorted((pydicom.dcmread(f) for f in glob.glob(os.path.join(sys.argv[2], '*.dcm'))), key=lambda d: float(d.ImagePositionPatient[2]))
worst = 0.0
for k, ds in enumerate(dss):
    row, col = np.array(ds.ImageOrientationPatient[:3], float), np.array(ds.ImageOrientationPatient[3:], float)
    for (i, j) in [(0, 0), (39, 0), (0, 39), (17, 23)]:
        lps = np.array(ds.ImagePositionPatient, float) + i * row * float(ds.PixelSpacing[1]) + j * col * float(ds.PixelSpacing[0])
        ras = lps * np.array([-1, -1, 1])
        worst = max(worst, float(np.abs(img.affine @ np.array([i, j, k, 1.0]) - np.append(ras, 1)).max()))
print(data.shape, data.dtype, ok_values, empty, worst < 1e-3, img.header.get_xyzt_units()[0], int(img.header['sform_code']))
`, path.join(out, 'slice_0000.nii'), series,
    JSON.stringify(masks.map((m) => ({ z: m.z, bits: m.bits, value: m.label === 'lesion' ? 1 : 2 })))], { encoding: 'utf8' });
  assert.equal(check.stdout.trim(), '(40, 40, 9) uint8 True True True mm 1', check.stderr);
  // Back: the same masks on the same slices with their labels.
  const imported = path.join(work, 'from-nifti.json');
  const back = run(['import', '--format', 'nifti', '--in', out, '--images', series, '--schema', schema, '--out', imported]);
  assert.equal(back.status, 0, back.stderr);
  const got = createdShapes(imported).map((a) => [a.image, a.label, JSON.stringify(a.shape.runs)]).sort();
  const want = createdShapes(input).map((a) => [a.image, a.label, JSON.stringify(a.shape.runs)]).sort();
  assert.deepEqual(got, want);
  // The wasm CLI writes the same bytes.
  const outWasm = path.join(work, 'nifti-wasm');
  const rw = run(['export', '--annotations', input, '--images', series, '--format', 'nifti', '--out', outWasm], true);
  assert.equal(rw.status, 0, rw.stderr);
  assert.ok(readFileSync(path.join(outWasm, 'slice_0000.nii')).equals(readFileSync(path.join(out, 'slice_0000.nii'))));
  // A truncated label map is a clear error.
  const broken = path.join(work, 'nifti-broken');
  spawnSync('mkdir', ['-p', broken]);
  writeFileSync(path.join(broken, 'x.nii'), readFileSync(path.join(out, 'slice_0000.nii')).subarray(0, 2000));
  const bad = run(['import', '--format', 'nifti', '--in', broken, '--images', series, '--schema', schema, '--out', path.join(work, 'x.json')]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /cut short/);
  // A voxel offset that is not a number, and label tables of the wrong
  // shape: each a clear error of its own.
  const whole = readFileSync(path.join(out, 'slice_0000.nii'));
  const nan = Buffer.from(whole);
  nan.writeFloatLE(NaN, 108);  // vox_offset
  const importBroken = () => run(['import', '--format', 'nifti', '--in', broken, '--images', series, '--schema', schema,
    '--out', path.join(work, 'x.json')]);
  writeFileSync(path.join(broken, 'x.nii'), nan);
  let r2 = importBroken();
  assert.equal(r2.status, 1, r2.stderr);
  assert.match(r2.stderr, /x\.nii: the voxel offset is outside the file/);
  writeFileSync(path.join(broken, 'x.nii'), whole);
  for (const [table, why] of [['{"labels": {"value": 1}}', /not a label table/],
    ['{"labels": [{"value": "one", "id": "lesion"}]}', /each label is/], ['{"labels": [{"value": 300, "id": "lesion"}]}', /not 1-255/]]) {
    writeFileSync(path.join(broken, 'x.labels.json'), table);
    r2 = importBroken();
    assert.equal(r2.status, 1, r2.stderr);
    assert.match(r2.stderr, /x\.labels\.json: /);
    assert.match(r2.stderr, why);
  }
  rmSync(path.join(broken, 'x.labels.json'));
  // A map mirrored left to right (srow_x negated, origin moved) lies on no
  // series: refused, not painted on the wrong voxels; so is one without an
  // sform, and a compressed file is named rather than skipped.
  const mirrored = Buffer.from(whole);
  for (let c = 0; c < 4; ++c) mirrored.writeFloatLE(-mirrored.readFloatLE(280 + 4 * c), 280 + 4 * c);  // srow_x
  writeFileSync(path.join(broken, 'x.nii'), mirrored);
  r2 = importBroken();
  assert.equal(r2.status, 1, r2.stderr);
  assert.match(r2.stderr, /x\.nii: no series of the annotation file is \d+x\d+x\d+ where its sform puts it/);
  const unplaced = Buffer.from(whole);
  unplaced.writeInt16LE(0, 254);  // sform_code
  writeFileSync(path.join(broken, 'x.nii'), unplaced);
  r2 = importBroken();
  assert.equal(r2.status, 1, r2.stderr);
  assert.match(r2.stderr, /x\.nii: no sform/);
  rmSync(path.join(broken, 'x.nii'));
  writeFileSync(path.join(broken, 'x.nii.gz'), gzipSync(whole));
  r2 = importBroken();
  assert.equal(r2.status, 1, r2.stderr);
  assert.match(r2.stderr, /x\.nii\.gz: a compressed NIfTI file; gunzip it first/);
});

test('DICOM SEG of a multi-frame source (RT Dose): the frame is referenced and positioned, and comes back', () => {
  const bits = Array.from({ length: 100 }, (_, i) => (i % 7 < 3 ? 1 : 0));
  const runs = [];
  let v = 0, n = 0;
  for (const b of bits) { if (b !== v) { runs.push(n); n = 0; v = b; } n++; }
  runs.push(n);
  const file = {
    format: 'limn-annotations', version: 1, schema_file: schema,
    images: [{ id: 'dose', file: 'rtdose.dcm', rows: 10, columns: 10, frames: 15 }],
    ops: [{ v: 1, id: { author: 't', counter: 1 }, lamport: 1, time_ms: 0, guideline_version: '2026-11', kind: 'create',
      annotation: { id: 'm', image: 'dose', frame: 3, label: 'liver', source: 'human', confidence: 1, status: 'draft',
        shape: { type: 'mask', width: 10, height: 10, runs } } }],
  };
  const input = path.join(work, 'dose-annotations.json');
  writeFileSync(input, JSON.stringify(file));
  // On its own: pydicom's rtdose_1frame.dcm shares its SOP Instance UID.
  const doseImages = path.join(work, 'dose-images');
  mkdirSync(doseImages, { recursive: true });
  writeFileSync(path.join(doseImages, 'rtdose.dcm'), readFileSync(path.join(images, 'rtdose.dcm')));
  const out = path.join(work, 'seg-dose');
  const r = run(['export', '--annotations', input, '--images', doseImages, '--format', 'dicom-seg', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).exported, 1, r.stderr);
  const seg = path.join(out, 'seg_rtdose.dcm');
  const v2 = spawnSync('dciodvfy', [seg], { encoding: 'utf8' });
  assert.deepEqual(v2.stderr.split('\n').filter((l) => l.startsWith('Error')), [], v2.stderr);
  const check = spawnSync('/usr/bin/python3', ['-c', `
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1]); src = pydicom.dcmread(sys.argv[2])
f = ds.PerFrameFunctionalGroupsSequence[0]
ref = f.DerivationImageSequence[0].SourceImageSequence[0]
want = [float(src.ImagePositionPatient[i]) + [0, 0, 1][i] * float(src.GridFrameOffsetVector[3]) for i in range(3)]
got = [float(x) for x in f.PlanePositionSequence[0].ImagePositionPatient]
print(int(ref.ReferencedFrameNumber), ref.ReferencedSOPInstanceUID == src.SOPInstanceUID, max(abs(a - b) for a, b in zip(got, want)) < 1e-6)
`, seg, path.join(doseImages, 'rtdose.dcm')], { encoding: 'utf8' });
  assert.equal(check.stdout.trim(), '4 True True', check.stderr);
  const imported = path.join(work, 'from-seg-dose.json');
  const back = run(['import', '--format', 'dicom-seg', '--in', out, '--images', doseImages, '--schema', schema, '--out', imported]);
  assert.equal(back.status, 0, back.stderr);
  const got = createdShapes(imported);
  assert.deepEqual(got.map((a) => [a.image, a.frame, a.label, JSON.stringify(a.shape.runs)]),
    [['rtdose', 3, 'liver', JSON.stringify(runs)]]);
});

test('the wasm CLI exports the same annotations', () => {
  // COCO byte for byte. YOLO and VOC carry extended-precision decimals, and
  // wasm's long double is wider than x86's: the same numbers, more digits.
  const numbers = (text) => text.replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/g, (m) => String(Number(m)));
  for (const format of ['coco', 'yolo', 'voc']) {
    const n = exportTo(format), w = exportTo(format, true);
    const files = readdirSync(n.out, { recursive: true }).filter((f) => f.includes('.'));
    assert.ok(files.length > 0);
    for (const f of files) {
      const a = readFileSync(path.join(n.out, f), 'utf8'), b = readFileSync(path.join(w.out, f), 'utf8');
      if (format === 'coco') assert.equal(a, b, `${format}/${f}`);
      else assert.equal(numbers(a), numbers(b), `${format}/${f}`);
    }
  }
});

test('bad input is a clear error: wrong image size, unknown label, malformed file', () => {
  const file = JSON.parse(readFileSync(example, 'utf8'));
  file.schema_file = schema;
  file.images[0].rows = 256;
  const wrongSize = path.join(work, 'wrong-size.json');
  writeFileSync(wrongSize, JSON.stringify(file));
  let r = run(['export', '--annotations', wrongSize, '--images', images, '--format', 'coco', '--out', path.join(work, 'w')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /the image is 128x128, the annotation file says 128x256/);
  file.images[0].rows = 128;
  file.ops[0].annotation.label = 'tumour';
  writeFileSync(wrongSize, JSON.stringify(file));
  r = run(['export', '--annotations', wrongSize, '--images', images, '--format', 'coco', '--out', path.join(work, 'w')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown label 'tumour'/);
  writeFileSync(wrongSize, '{"format": "limn-annotations", "version": 1, "ops": [');
  r = run(['export', '--annotations', wrongSize, '--images', images, '--format', 'coco', '--out', path.join(work, 'w')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /malformed annotation file/);
  r = run(['export', '--annotations', example, '--images', images, '--format', 'png', '--out', path.join(work, 'w')]);
  assert.equal(r.status, 2);
});

test('what an export would mix up or write broken is refused, and so is an import that does not add up', () => {
  const file = JSON.parse(readFileSync(example, 'utf8'));
  file.schema_file = schema;
  const exportOf = (f, format) => {
    const name = path.join(work, 'refused.json');
    writeFileSync(name, JSON.stringify(f));
    return run(['export', '--annotations', name, '--images', f.imagesDir ?? images, '--format', format, '--out', path.join(work, 'refused')]);
  };
  // Two series folders holding files of one name: their label files would be one.
  const dup = path.join(work, 'dup');
  for (const d of ['a', 'b']) {
    mkdirSync(path.join(dup, d), { recursive: true });
    copyFileSync(path.join(images, 'CT_small.dcm'), path.join(dup, d, 'CT_small.dcm'));
  }
  let r = exportOf({ ...file, imagesDir: dup, images: [{ ...file.images[0], file: 'a/CT_small.dcm' },
    { ...file.images[0], id: 'second', file: 'b/CT_small.dcm' }] }, 'yolo');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /images a\/CT_small\.dcm and b\/CT_small\.dcm would share the name CT_small in an export/);
  // On a frame the image does not have: it would land on frame 0.
  const onFrame5 = structuredClone(file);
  onFrame5.ops[0].annotation.frame = 5;
  r = exportOf(onFrame5, 'voc');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /on frame 5 of ct_small, which has 1 frame$/m);
  assert.ok(!existsSync(path.join(work, 'refused')), 'nothing written');

  const importFrom = (format, dir) => run(['import', '--format', format, '--in', dir, '--images', images, '--schema', schema,
    '--out', path.join(work, 'refused-import.json')]);
  // A VOC file with its own entities (a few of them expand into gigabytes).
  const voc = exportTo('voc').out;
  const xml = path.join(voc, 'Annotations/CT_small.xml');
  writeFileSync(xml, '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY l "lesion">]>\n' + readFileSync(xml, 'utf8').replace('>lesion<', '>&l;<'));
  r = importFrom('voc', voc);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /CT_small\.xml: a document type declaration/);
  // Numbers that are no coordinate.
  const yolo = exportTo('yolo').out;
  writeFileSync(path.join(yolo, 'labels/CT_small.txt'), '0 nan 0.5 0.1 0.1\n');
  r = importFrom('yolo', yolo);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /CT_small\.txt:1: not a YOLO box or polygon line/);
  // RLE counts that do not cover the mask.
  const coco = exportTo('coco').out;
  const json = JSON.parse(readFileSync(path.join(coco, 'annotations.json'), 'utf8'));
  json.annotations.find((a) => a.iscrowd).segmentation.counts.push(7);
  writeFileSync(path.join(coco, 'annotations.json'), JSON.stringify(json));
  r = importFrom('coco', coco);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /RLE counts cover 16391 pixels, its 128x128 mask has 16384/);
});

test('DICOM SEG text: a label with accents is written in the source\'s Latin-1 and read back; a backslash or a wrong frame count is refused', () => {
  const accented = JSON.parse(readFileSync(schema, 'utf8'));
  Object.assign(accented.labels.find((l) => l.id === 'lesion'), { name: 'Lésion hépatique', color: '#ff0000' });
  const accentedSchema = path.join(work, 'schema-accented.json');
  writeFileSync(accentedSchema, JSON.stringify(accented));
  const file = JSON.parse(readFileSync(example, 'utf8'));
  file.schema_file = accentedSchema;
  const { input, out, seg } = exportSeg(file, 'seg-accented');
  const read = spawnSync('/usr/bin/python3', ['-c', `
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
print(ds.SpecificCharacterSet, ds.SegmentSequence[0].SegmentLabel, ds.ContentDate, ds.PositionReferenceIndicator)
print(*ds.SegmentSequence[0].RecommendedDisplayCIELabValue)
`, seg], { encoding: 'utf8' });
  const [line, lab] = read.stdout.trim().split('\n');
  assert.equal(line, 'ISO_IR 100 Lésion hépatique 20040119 SN', read.stderr);
  // The label's colour, pure red: CIELab (53.24, 80.09, 67.20) scaled to 16 bits.
  lab.split(' ').map(Number).forEach((v, i) => assert.ok(Math.abs(v - [34891, 53480, 50167][i]) < 100, lab));
  let r = run(['import', '--format', 'dicom-seg', '--in', out, '--images', images, '--schema', accentedSchema, '--out', path.join(work, 'accented-back.json')]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(createdShapes(path.join(work, 'accented-back.json')).map((a) => a.label), ['lesion']);

  // Number of Frames that disagrees with the frames described.
  const miscounted = path.join(work, 'seg-miscounted');
  mkdirSync(miscounted, { recursive: true });
  const cut = spawnSync('/usr/bin/python3', ['-c', `
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1]); ds.NumberOfFrames = 3; ds.save_as(sys.argv[2])
`, seg, path.join(miscounted, 'seg.dcm')], { encoding: 'utf8' });
  assert.equal(cut.status, 0, cut.stderr);
  r = run(['import', '--format', 'dicom-seg', '--in', miscounted, '--images', images, '--schema', accentedSchema, '--out', path.join(work, 'x.json')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /seg\.dcm: Number of Frames is '3', its per-frame groups are 1/);

  accented.labels.find((l) => l.id === 'lesion').name = 'lesion\\upper';
  writeFileSync(accentedSchema, JSON.stringify(accented));
  // Named, like every shape a format cannot hold, and nothing written for it.
  r = run(['export', '--annotations', input, '--images', images, '--format', 'dicom-seg', '--out', path.join(work, 'seg-backslash')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /skipped .*'lesion\\upper' holds a backslash/);
  assert.equal(JSON.parse(r.stdout).files, 0);
});
