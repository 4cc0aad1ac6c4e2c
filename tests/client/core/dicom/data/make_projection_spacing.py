#!/usr/bin/python3
"""Writes projection radiographs calibrated only by Imager Pixel Spacing,
beside this script (Debian's pydicom):

dx_magnified.dcm: Imager Pixel Spacing 0.1\\0.1 mm and an Estimated
Radiographic Magnification Factor of 1.25: 0.08 mm at the object.
dx_detector.dcm: Imager Pixel Spacing 0.15\\0.15 mm, no factor: at the detector.
Run again only to change them; the files are committed.
"""
import os
import struct

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, DigitalXRayImageStorageForPresentation, generate_uid

HERE = os.path.dirname(os.path.abspath(__file__))


def dx(name, imager_spacing, magnification=None):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = DigitalXRayImageStorageForPresentation
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = DigitalXRayImageStorageForPresentation
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = 'DX'
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.Rows, ds.Columns = 4, 6
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = struct.pack('<24H', *range(24))
    ds.ImagerPixelSpacing = imager_spacing
    if magnification is not None:
        ds.EstimatedRadiographicMagnificationFactor = magnification
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(os.path.join(HERE, name), write_like_original=False)


dx('dx_magnified.dcm', [0.1, 0.1], 1.25)
dx('dx_detector.dcm', [0.15, 0.15])
