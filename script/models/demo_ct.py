"""Writes a small synthetic CT series with known lesions, for trying the AI
tools and for the tests that check them end to end.

  /usr/bin/python3 script/models/demo_ct.py --out DIR [--slices N] [--size 512] [--seed S]

Each slice is a de-identified CT Image Storage file (Patient Identity
Removed = YES, 12-bit stored values, rescale -1024) with two or more
lesions from synthetic_ct; DIR/truth.json holds every lesion's pixels as
row runs [y, x0, x1) per file, so a test can measure Dice against them.
"""
import argparse
import json
import os
import sys

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic_ct import synth_slice  # noqa: E402

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"


def runs_of(mask):
    out = []
    for y in range(mask.shape[0]):
        row = np.concatenate([[0], mask[y].astype(np.int8), [0]])
        edges = np.flatnonzero(np.diff(row))
        out.extend([int(y), int(a), int(b)] for a, b in zip(edges[0::2], edges[1::2]))
    return out


def write_slice(path, hu, index, size, pixel_mm, uids):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT_IMAGE_STORAGE
    meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=[uids["series"], str(index)])
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = uids["study"]
    ds.SeriesInstanceUID = uids["series"]
    ds.FrameOfReferenceUID = uids["frame"]
    ds.Modality = "CT"
    ds.PatientName = "Demo^Synthetic"
    ds.PatientID = "LIMN-DEMO"
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = "synthetic data, no patient"
    ds.BurnedInAnnotation = "NO"
    ds.SeriesDescription = "Limn synthetic CT with lesions"
    ds.SeriesNumber = 1
    ds.InstanceNumber = index + 1
    ds.ImagePositionPatient = [-size * pixel_mm / 2, -size * pixel_mm / 2, 5.0 * index]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.SliceThickness = 5.0
    ds.PixelSpacing = [pixel_mm, pixel_mm]
    ds.Rows = ds.Columns = size
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = -1024, 1, "HU"
    ds.WindowCenter, ds.WindowWidth = 40, 400
    ds.PixelData = np.clip(np.round(hu + 1024), 0, 4095).astype("<u2").tobytes()
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(path, write_like_original=False)
    return ds.SOPInstanceUID


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--slices", type=int, default=1)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    pixel_mm = 0.7 * 512 / args.size
    rng = np.random.default_rng(args.seed)
    uids = {k: generate_uid(entropy_srcs=[str(args.seed), k]) for k in ("study", "series", "frame")}
    truth = {"size": args.size, "files": []}
    for index in range(args.slices):
        while True:
            hu, lesions, contrasts = synth_slice(rng, args.size, pixel_mm=pixel_mm, max_lesions=3)
            if len(lesions) >= 2 and all(m.sum() >= 40 for m in lesions):
                break
        name = f"ct{index + 1:03d}.dcm"
        uid = write_slice(os.path.join(args.out, name), hu, index, args.size, pixel_mm, uids)
        truth["files"].append({
            "file": name, "sop_instance_uid": uid,
            "lesions": [{"area": int(m.sum()), "contrast_hu": round(c, 1), "centroid": [float(np.nonzero(m)[1].mean() + 0.5), float(np.nonzero(m)[0].mean() + 0.5)],
                         "runs": runs_of(m)} for m, c in zip(lesions, contrasts)],
        })
    with open(os.path.join(args.out, "truth.json"), "w") as f:
        json.dump(truth, f)
    print(f"wrote {args.slices} slice(s) and truth.json to {args.out}")


if __name__ == "__main__":
    main()
