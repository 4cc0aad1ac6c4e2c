#!/usr/bin/python3
"""Writes small RLE Lossless RGB files whose every byte names itself, to pin
down the canonical layout of multi-byte colour RLE (GDCM gets it wrong; see
client/core/dicom/gdcm_layout_fixes.cpp).

  rle_probe_<bits>_<frames>f_sample.dcm: each byte = sample * bytes + LE byte index
  rle_probe_<bits>_<frames>f_pixel.dcm:  each byte = frame * pixels + pixel index

Encoded with pydicom's own RLE encoder. Run with Debian's Python:
  /usr/bin/python3 tests/tools/make_rle_probe_files.py tests/client/core/dicom/data
"""
import os
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.pixel_data_handlers.rle_handler import rle_encode_frame
from pydicom.uid import RLELossless, generate_uid

ROWS, COLS = 4, 5


def probe(bits, frames, kind):
    bps = bits // 8
    n = ROWS * COLS
    arr = np.zeros((frames, ROWS, COLS, 3), dtype=f"<u{bps}")
    for f in range(frames):
        for p in range(n):
            for s in range(3):
                v = 0
                for b in range(bps):
                    byte = s * bps + b if kind == "sample" else f * n + p
                    v |= (byte & 0xFF) << (8 * b)
                arr[f, p // COLS, p % COLS, s] = v
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"  # Secondary Capture
    meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=[f"{bits}{frames}{kind}"])
    meta.TransferSyntaxUID = RLELossless
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "OT"
    ds.Rows, ds.Columns = ROWS, COLS
    ds.NumberOfFrames = frames
    ds.SamplesPerPixel = 3
    ds.PhotometricInterpretation = "RGB"
    ds.PlanarConfiguration = 0
    ds.BitsAllocated = ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = 0
    ds.PixelData = encapsulate([rle_encode_frame(arr[f]) for f in range(frames)])
    ds["PixelData"].VR = "OB"
    ds.is_little_endian, ds.is_implicit_VR = True, False
    return ds


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for bits in (16, 32):
        for frames in (1, 2):
            for kind in ("sample", "pixel"):
                probe(bits, frames, kind).save_as(
                    os.path.join(out_dir, f"rle_probe_{bits}_{frames}f_{kind}.dcm"), write_like_original=False)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
