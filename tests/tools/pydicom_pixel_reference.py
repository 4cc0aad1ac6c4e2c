#!/usr/bin/python3
"""Independent reference for Limn's pixel_sha256 contract, from pydicom.

Decodes every file under the given folders with pydicom's own pure-Python
handlers only (numpy for native encodings, pydicom's RLE), never GDCM, and
prints JSON {relative path: {"sha256", "rows", "columns", "frames",
"samples_per_pixel", "bits_allocated"}} in Limn's canonical layout:
stored values, little-endian at BitsAllocated width, samples interleaved,
frames in order, 1-bit data packed as stored.

Run with Debian's Python (its modules import only there):
  /usr/bin/python3 tests/tools/pydicom_pixel_reference.py /usr/lib/python3/dist-packages/pydicom/data
"""
import hashlib
import json
import os
import sys
import warnings

import numpy as np
import pydicom
from pydicom.pixel_data_handlers import numpy_handler, rle_handler

pydicom.config.pixel_data_handlers = [numpy_handler, rle_handler]
warnings.simplefilter("ignore")


def canonical_bytes(ds):
    arr = ds.pixel_array
    bits = int(ds.BitsAllocated)
    if bits == 1:
        return np.packbits(arr.astype(np.uint8).ravel(), bitorder="little").tobytes()
    signed = int(getattr(ds, "PixelRepresentation", 0)) == 1
    kind = "i" if signed else "u"
    if arr.dtype.kind == "f":
        kind = "f"
    return arr.astype(f"<{kind}{bits // 8}").tobytes()


def main(roots):
    out = {}
    for root in roots:
        for dirpath, _, files in os.walk(root):
            for name in sorted(files):
                path = os.path.join(dirpath, name)
                try:
                    ds = pydicom.dcmread(path)
                    if "PixelData" not in ds:
                        continue
                    data = canonical_bytes(ds)
                except Exception:  # not decodable by the pure handlers: no reference
                    continue
                out[os.path.relpath(path, os.path.commonpath(roots) if len(roots) > 1 else root)] = {
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "rows": int(ds.Rows),
                    "columns": int(ds.Columns),
                    "frames": int(getattr(ds, "NumberOfFrames", 1) or 1),
                    "samples_per_pixel": int(ds.SamplesPerPixel),
                    "bits_allocated": int(ds.BitsAllocated),
                    "transfer_syntax": str(ds.file_meta.TransferSyntaxUID) if "file_meta" in ds else "",
                }
    json.dump(dict(sorted(out.items())), sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:] or ["/usr/lib/python3/dist-packages/pydicom/data"])
