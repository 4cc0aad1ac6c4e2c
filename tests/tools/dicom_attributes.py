#!/usr/bin/python3
"""Prints, per DICOM file, one JSON line with its attributes as pydicom reads
them: an independent reader for the de-identification tests.

  {"file": F, "ok": true, "attrs": {"PatientName": "...", ...},
   "nested": {"RequestAttributesSequence[0].RequestedProcedureID": "..."},
   "private": ["(0011,1010)", ...], "pixel_sha256": "...",
   "meta": {"MediaStorageSOPInstanceUID": "..."}}
"""
import hashlib
import json
import sys

import pydicom


def text(elem):
    v = elem.value
    if isinstance(v, (bytes, bytearray)):
        return None
    if isinstance(v, pydicom.multival.MultiValue):
        return "\\".join(str(x) for x in v)
    return str(v)


def walk(ds, prefix, attrs, nested, private):
    for elem in ds:
        tag = f"({elem.tag.group:04X},{elem.tag.element:04X})"
        if elem.tag.is_private:
            private.append(prefix + tag)
        name = elem.keyword or tag
        if elem.VR == "SQ":
            target = attrs if not prefix else nested
            target[prefix + name] = f"<{len(elem.value)} items>"
            for i, item in enumerate(elem.value):
                walk(item, f"{prefix}{name}[{i}].", attrs, nested, private)
            continue
        if elem.tag == 0x7FE00010:
            continue
        value = text(elem)
        if value is not None:
            (attrs if not prefix else nested)[prefix + name] = value


def main():
    for path in sys.argv[1:]:
        out = {"file": path}
        try:
            ds = pydicom.dcmread(path)
            attrs, nested, private = {}, {}, []
            walk(ds, "", attrs, nested, private)
            out.update(ok=True, attrs=attrs, nested=nested, private=private,
                       meta={e.keyword: text(e) for e in ds.file_meta if text(e) is not None})
            if "PixelData" in ds:
                out["pixel_sha256"] = hashlib.sha256(ds.PixelData).hexdigest()
        except Exception as e:  # reported, the test decides
            out.update(ok=False, error=str(e))
        print(json.dumps(out))


if __name__ == "__main__":
    main()
