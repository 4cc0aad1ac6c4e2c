#!/usr/bin/python3
"""Writes data sets whose pixels cannot be read, beside this script
(Debian's pydicom), for the decoder's specific refusals:

float_pixels.dcm: 4x5 Float Pixel Data (7FE0,0008), as a parametric map has.
missing_rows.dcm: 16-bit Pixel Data without Rows or Bits Stored.
bits_allocated_24.dcm: Pixel Data with Bits Allocated 24 (not a DICOM width).
pixel_representation_2.dcm: 16-bit Pixel Data with Pixel Representation 2.
Run again only to change them; the files are committed.
"""
import os
import struct

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

HERE = os.path.dirname(os.path.abspath(__file__))


def base():
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = SecondaryCaptureImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = 'MR'
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.Rows, ds.Columns = 4, 5
    ds.is_little_endian, ds.is_implicit_VR = True, False
    return ds


def save(ds, name):
    ds.save_as(os.path.join(HERE, name), write_like_original=False)


ds = base()
ds.BitsAllocated = 32
ds.FloatPixelData = struct.pack('<20f', *range(20))
save(ds, 'float_pixels.dcm')

ds = base()
del ds.Rows
ds.BitsAllocated, ds.HighBit, ds.PixelRepresentation = 16, 11, 0
ds.PixelData = struct.pack('<20H', *range(20))
save(ds, 'missing_rows.dcm')

ds = base()
ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 24, 24, 23, 0
ds.PixelData = bytes(60)
save(ds, 'bits_allocated_24.dcm')

ds = base()
ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 2
ds.PixelData = struct.pack('<20H', *range(20))
save(ds, 'pixel_representation_2.dcm')
