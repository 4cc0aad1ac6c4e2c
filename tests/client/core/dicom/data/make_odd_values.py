#!/usr/bin/python3
"""Writes readable images with attribute values no display may trust,
beside this script (Debian's pydicom):

zero_pixel_spacing.dcm: Pixel Spacing 0\\0.5 (measurements would divide by 0).
nan_values.dcm: Pixel Spacing nan\\nan, Window Center inf, Rescale Slope NaN
(strings strtod reads as numbers; no DS holds them).
zero_orientation.dcm, parallel_orientation.dcm: Image Orientation (Patient)
0\\0\\0\\0\\0\\0 and 1\\0\\0\\1\\0\\0 (no plane), with a position.
Run again only to change them; the files are committed.
"""
from pydicom.uid import CTImageStorage

from dicom_test_image import image_dataset, save


def image():
    return image_dataset(CTImageStorage, 'CT', 4, 5)


def with_raw(ds, tag, text):
    """The DS text as given (pydicom warns about, but keeps, what no DS holds)."""
    ds.add_new(tag, 'DS', text)
    return ds


save(with_raw(image(), 0x00280030, '0\\0.5'), 'zero_pixel_spacing.dcm')
ds = image()
for tag, text in ((0x00280030, 'nan\\nan'), (0x00281050, 'inf'), (0x00281051, '400'), (0x00281053, 'NaN'),
                  (0x00281052, '-1024')):
    with_raw(ds, tag, text)
save(ds, 'nan_values.dcm')

for name, text in (('zero_orientation.dcm', '0\\0\\0\\0\\0\\0'), ('parallel_orientation.dcm', '1\\0\\0\\1\\0\\0')):
    ds = image()
    with_raw(ds, 0x00200037, text)
    with_raw(ds, 0x00200032, '-10\\-10\\5')
    save(ds, name)
