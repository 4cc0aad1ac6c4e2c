#!/usr/bin/python3
"""Writes the PALETTE COLOR test files beside this script (Debian's pydicom).

palette_8bit.dcm: 4x4, 8-bit indices 0..15, three 256-entry tables of
16-bit entries: red = i, green = 255 - i, blue = 7i mod 256 (high bytes).
palette_12bit_offset.dcm: 4x2, 12-bit indices in 16 bits, tables of 16
16-bit entries starting at index 100 (first mapped); indices below 100
take the first entry, above 115 the last (PS3.3 C.7.6.3.1.5).
Run again only to change them; the files are committed.
"""
import struct

from pydicom.uid import SecondaryCaptureImageStorage

from dicom_test_image import new_dataset, save


def palette_file(name, rows, cols, bits, pixels, descriptor, tables):
    ds = new_dataset(SecondaryCaptureImageStorage, 'US')
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'PALETTE COLOR'
    ds.Rows, ds.Columns = rows, cols
    ds.BitsAllocated = 8 if bits == 8 else 16
    ds.BitsStored, ds.HighBit, ds.PixelRepresentation = bits, bits - 1, 0
    for channel, table in zip(('Red', 'Green', 'Blue'), tables):
        setattr(ds, f'{channel}PaletteColorLookupTableDescriptor', descriptor)
        entry = '<H' if descriptor[2] == 16 else '<B'
        data = b''.join(struct.pack(entry, v) for v in table)
        if len(data) % 2:
            data += b'\0'
        setattr(ds, f'{channel}PaletteColorLookupTableData', data)
    fmt = '<B' if bits == 8 else '<H'
    ds.PixelData = b''.join(struct.pack(fmt, v) for v in pixels)
    save(ds, name)


palette_file('palette_8bit.dcm', 4, 4, 8, range(16), [256, 0, 16],
             [[i * 257 for i in range(256)], [(255 - i) * 257 for i in range(256)],
              [((7 * i) % 256) * 257 for i in range(256)]])
palette_file('palette_12bit_offset.dcm', 2, 4, 12, [0, 99, 100, 101, 107, 115, 116, 4095], [16, 100, 16],
             [[10 * i * 257 for i in range(16)], [(200 - 10 * i) * 257 for i in range(16)], [5 * 257] * 16])
