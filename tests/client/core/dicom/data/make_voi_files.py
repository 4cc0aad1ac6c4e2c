#!/usr/bin/python3
"""Writes the VOI LUT module test files beside this script (Debian's pydicom),
then checks each against pydicom's own apply_voi_lut.

voi_windows.dcm: CT, 16-bit signed, Window Center/Width with four pairs;
the fourth has width 0 (invalid, left out), explanations SOFT TISSUE, LUNG,
BONE, BAD.
voi_tables.dcm: DX, 12 of 16 bits unsigned, intercept 10 (modality value =
stored + 10), a VOI LUT Sequence of two tables and one window:
  NORMAL: 256 16-bit entries (OW) from 110, entry i = 257 i;
  HARD:   16 8-bit entries (US words) from 100, entry i = 255 - 16 i;
  window 2058/4096 explained FULL.
voi_tables_signed.dcm: implicit VR, 16-bit signed, no rescale, one table of
4 8-bit entries packed two to a word, first mapped -100 (the descriptor's
ambiguous US/SS read as SS because pixels are signed): 0, 85, 170, 255.
voi_sigmoid.dcm: MR, 16-bit unsigned, 2x4 values 0 100 200 300 400 500 600
1000, no rescale, window 400/400 with VOI LUT Function SIGMOID.
voi_linear_exact_mono1.dcm: the same values, MONOCHROME1, window 500/1000
with VOI LUT Function LINEAR_EXACT.
The asserts compare pydicom's reading with the values the C++ tests expect.
Run again only to change them; the files are committed.
"""
import math
import os
import struct

import pydicom
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.pixel_data_handlers.util import apply_modality_lut, apply_voi_lut
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, SecondaryCaptureImageStorage

from dicom_test_image import HERE, new_dataset


def base(modality, rows, cols, bits, signed, pixels, syntax=ExplicitVRLittleEndian):
    ds = new_dataset(SecondaryCaptureImageStorage, modality, syntax)
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.Rows, ds.Columns = rows, cols
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, bits, bits - 1
    ds.PixelRepresentation = 1 if signed else 0
    ds.PixelData = b''.join(struct.pack('<h' if signed else '<H', v) for v in pixels)
    return ds


def lut_item(descriptor, explanation, data_vr, data):
    item = Dataset()
    item.add(DataElement(0x00283002, 'US', descriptor))
    if explanation:
        item.LUTExplanation = explanation
    item.add(DataElement(0x00283006, data_vr, data))
    return item


def save(ds, name):
    path = os.path.join(HERE, name)
    ds.save_as(path, write_like_original=False)
    return pydicom.dcmread(path)


ds = base('CT', 2, 2, 16, True, [-1024, 0, 40, 1000])
ds.RescaleSlope, ds.RescaleIntercept = 1, 0
ds.WindowCenter = [40, -600, 400, 10]
ds.WindowWidth = [400, 1500, 1800, 0]
ds.WindowCenterWidthExplanation = ['SOFT TISSUE', 'LUNG', 'BONE', 'BAD']
save(ds, 'voi_windows.dcm')

ds = base('DX', 2, 4, 12, False, [0, 99, 100, 101, 150, 355, 356, 4095])
ds.RescaleSlope, ds.RescaleIntercept = 1, 10
ds.VOILUTSequence = Sequence([
    lut_item([256, 110, 16], 'NORMAL', 'OW', b''.join(struct.pack('<H', 257 * i) for i in range(256))),
    lut_item([16, 100, 8], 'HARD', 'US', [255 - 16 * i for i in range(16)]),
])
ds.WindowCenter, ds.WindowWidth, ds.WindowCenterWidthExplanation = 2058, 4096, 'FULL'
back = save(ds, 'voi_tables.dcm')
modality = apply_modality_lut(back.pixel_array, back).astype(int)
assert list(modality.ravel()) == [10, 109, 110, 111, 160, 365, 366, 4105]
assert list(apply_voi_lut(modality, back, 0).ravel()) == [0, 0, 0, 257, 12850, 65535, 65535, 65535]
# pydicom 2.3 indexes an 8-bit table with 8-bit integers, which wrap past
# 255 (365 - 100 = 265 becomes 9): compare only the values before that.
assert list(apply_voi_lut(modality, back, 1).ravel())[:5] == [255, 111, 95, 79, 15]

ds = base('MR', 2, 3, 16, True, [-200, -100, -99, -98, -97, 50], ImplicitVRLittleEndian)
descriptor = DataElement(0x00283002, 'US', [4, (-100) & 0xffff, 8])
item = Dataset()
item.add(descriptor)
item.add(DataElement(0x00283006, 'OW', bytes([0, 85, 170, 255])))
ds.VOILUTSequence = Sequence([item])
back = save(ds, 'voi_tables_signed.dcm')
assert list(back.VOILUTSequence[0].LUTDescriptor) == [4, -100, 8]

functions = [0, 100, 200, 300, 400, 500, 600, 1000]
ds = base('MR', 2, 4, 16, False, functions)
ds.WindowCenter, ds.WindowWidth, ds.VOILUTFunction = 400, 400, 'SIGMOID'
back = save(ds, 'voi_sigmoid.dcm')
sigmoid = [1 / (1 + math.exp(-4 * (x - 400) / 400)) for x in functions]
assert all(abs(a / 65535 - b) < 1e-3 for a, b in zip(apply_voi_lut(back.pixel_array, back).ravel(), sigmoid))

ds = base('MR', 2, 4, 16, False, functions)
ds.PhotometricInterpretation = 'MONOCHROME1'
ds.WindowCenter, ds.WindowWidth, ds.VOILUTFunction = 500, 1000, 'LINEAR_EXACT'
back = save(ds, 'voi_linear_exact_mono1.dcm')
exact = [min(1, max(0, (x - 500) / 1000 + 0.5)) for x in functions]
assert all(abs(a / 65535 - b) < 1e-3 for a, b in zip(apply_voi_lut(back.pixel_array, back).ravel(), exact))
