#!/usr/bin/python3
"""Writes ultrasound images calibrated by their Sequence of Ultrasound
Regions (no Pixel Spacing), beside this script (Debian's pydicom):

us_one_region.dcm: one 2D tissue region, 0.0125 cm per pixel across and
0.025 cm down (0.125 mm between columns, 0.25 mm between rows), beside a
spectral Doppler strip (Region Spatial Format 3) whose calibration is in
cm/s and seconds and must not count.
us_regions_differ.dcm: two 2D tissue regions of different calibration
(a dual view at two depths): no one spacing stands for the image.
Run again only to change them; the files are committed.
"""
from pydicom.dataset import Dataset
from pydicom.uid import UltrasoundImageStorage

from dicom_test_image import image_dataset, save


def region(spatial_format, units_x, units_y, dx, dy, x0, x1):
    r = Dataset()
    r.RegionSpatialFormat = spatial_format
    r.RegionDataType = 1 if spatial_format == 1 else 3
    r.RegionFlags = 0
    r.RegionLocationMinX0, r.RegionLocationMinY0 = x0, 0
    r.RegionLocationMaxX1, r.RegionLocationMaxY1 = x1, 7
    r.PhysicalUnitsXDirection, r.PhysicalUnitsYDirection = units_x, units_y
    r.PhysicalDeltaX, r.PhysicalDeltaY = dx, dy
    return r


def us_image(name, regions):
    ds = image_dataset(UltrasoundImageStorage, 'US', 8, 16, bits_allocated=8, bits_stored=8)
    ds.SequenceOfUltrasoundRegions = regions
    save(ds, name)


us_image('us_one_region.dcm', [region(1, 3, 3, 0.0125, 0.025, 0, 9), region(3, 7, 4, 0.5, 0.01, 10, 15)])
us_image('us_regions_differ.dcm', [region(1, 3, 3, 0.0125, 0.0125, 0, 7), region(1, 3, 3, 0.025, 0.025, 8, 15)])
