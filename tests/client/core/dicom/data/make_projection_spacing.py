#!/usr/bin/python3
"""Writes projection radiographs calibrated only by Imager Pixel Spacing,
beside this script (Debian's pydicom):

dx_magnified.dcm: Imager Pixel Spacing 0.1\\0.1 mm and an Estimated
Radiographic Magnification Factor of 1.25: 0.08 mm at the object.
dx_detector.dcm: Imager Pixel Spacing 0.15\\0.15 mm, no factor: at the detector.
Run again only to change them; the files are committed.
"""
from pydicom.uid import DigitalXRayImageStorageForPresentation

from dicom_test_image import image_dataset, save


def dx(name, imager_spacing, magnification=None):
    ds = image_dataset(DigitalXRayImageStorageForPresentation, 'DX', 4, 6)
    ds.ImagerPixelSpacing = imager_spacing
    if magnification is not None:
        ds.EstimatedRadiographicMagnificationFactor = magnification
    save(ds, name)


dx('dx_magnified.dcm', [0.1, 0.1], 1.25)
dx('dx_detector.dcm', [0.15, 0.15])
