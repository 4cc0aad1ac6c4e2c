#!/usr/bin/python3
"""Writes data sets whose pixels cannot be read, beside this script
(Debian's pydicom), for the decoder's specific refusals:

float_pixels.dcm: 4x5 Float Pixel Data (7FE0,0008), as a parametric map has.
missing_rows.dcm: 16-bit Pixel Data without Rows or Bits Stored.
bits_allocated_24.dcm: Pixel Data with Bits Allocated 24 (not a DICOM width).
pixel_representation_2.dcm: 16-bit Pixel Data with Pixel Representation 2.
Run again only to change them; the files are committed.
"""
import struct

from pydicom.uid import SecondaryCaptureImageStorage

from dicom_test_image import image_dataset, save


def base():
    return image_dataset(SecondaryCaptureImageStorage, 'MR', 4, 5)


ds = base()
del ds.PixelData, ds.BitsStored, ds.HighBit, ds.PixelRepresentation
ds.BitsAllocated = 32
ds.FloatPixelData = struct.pack('<20f', *range(20))
save(ds, 'float_pixels.dcm')

ds = base()
del ds.Rows, ds.BitsStored
save(ds, 'missing_rows.dcm')

ds = base()
ds.BitsAllocated, ds.BitsStored, ds.HighBit = 24, 24, 23
ds.PixelData = bytes(60)
save(ds, 'bits_allocated_24.dcm')

ds = base()
ds.PixelRepresentation = 2
save(ds, 'pixel_representation_2.dcm')
