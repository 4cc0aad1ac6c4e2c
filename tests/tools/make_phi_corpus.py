#!/usr/bin/python3
"""Builds an adversarial corpus for de-identification tests.

Takes real files from Debian's python3-pydicom test data and plants synthetic
identifiers of every HIPAA Safe Harbor class in standard attributes, nested
sequences, private blocks (top level and inside items) and free text. Writes
OUT/corpus/<name>.dcm and OUT/planted.json:

  {"planted": [{"value": "...", "class": "..."}], "files": {...}}

Every value is made up and distinctive, so the test can search the output
bytes for it. Run with Debian's python3 (pydicom 2.3).
"""
import json
import os
import sys

import numpy
import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

DATA = "/usr/lib/python3/dist-packages/pydicom/data/test_files"

PLANTED = [
    ("Quixotely", "Names"), ("Zebulonia", "Names"), ("Trumbleworth", "Names"), ("Orvillia", "Names"),
    ("Fennimore", "Names"), ("Glasswing", "Names"),
    ("742 Evergreen Terrace", "Geographic subdivisions"), ("Springfieldia", "Geographic subdivisions"),
    ("97403", "Geographic subdivisions"),
    ("19340215", "Dates"), ("1934-02-15", "Dates"), ("02/15/1934", "Dates"), ("20190304", "Dates"),
    ("2019-03-04", "Dates"), ("092Y", "Dates"),
    ("541-555-0199", "Telephone numbers"), ("555-0199", "Telephone numbers"),
    ("541-555-0177", "Fax numbers"),
    ("zq@quimby-mail.org", "Email addresses"),
    ("987-65-4321", "Social Security numbers"),
    ("QX99812377", "Medical record numbers"), ("MRN44556677", "Medical record numbers"),
    ("HPB77665544", "Health plan beneficiary numbers"),
    ("ACC7781234", "Account numbers"), ("88776655", "Account numbers"),
    ("DLQ1234567", "Certificate/license numbers"),
    ("7QXZ123", "Vehicle identifiers"),
    ("SN55443322", "Device identifiers and serial numbers"), ("QUIMBYCT01", "Device identifiers and serial numbers"),
    ("quimby.example.org", "Web URLs"),
    ("10.20.30.40", "IP addresses"),
    ("FP883311", "Biometric identifiers"),
    ("Quimby General", "Any other unique identifying number, characteristic, or code"),
    ("4 March 2019", "Dates"), ("March 4, 2019", "Dates"), ("04-Mar-2019", "Dates"), ("March 2019", "Dates"),
    # A UID of no listed attribute, which embeds a date and a time.
    ("1.2.826.0.1.3680043.10.999.20190304101500", "Dates"),
    ("quimby.example.org/wado", "Web URLs"),
    ("Quimby-AE", "Device identifiers and serial numbers"),
    ("RPID88812", "Any other unique identifying number, characteristic, or code"),
    ("SPS77120", "Any other unique identifying number, characteristic, or code"),
]

PATIENT_NAME = "Quixotely^Zebulonia"
PATIENT_ID = "QX99812377"


def plant(ds, study_date="20190304"):
    ds.PatientName = PATIENT_NAME
    ds.PatientID = PATIENT_ID
    ds.OtherPatientIDs = "987-65-4321"
    ds.OtherPatientIDsSequence = Sequence([Dataset()])
    ds.OtherPatientIDsSequence[0].PatientID = "MRN44556677"
    ds.OtherPatientIDsSequence[0].IssuerOfPatientID = "Quimby General"
    ds.PatientBirthDate = "19340215"
    ds.PatientAge = "092Y"
    ds.PatientSex = "F"
    ds.PatientAddress = "742 Evergreen Terrace, Springfieldia, OR 97403"
    ds.PatientTelephoneNumbers = "541-555-0199"
    ds.PatientTelecomInformation = "zq@quimby-mail.org"
    ds.MedicalRecordLocator = "MRN44556677"
    ds.InsurancePlanIdentification = "HPB77665544"
    ds.AccessionNumber = "ACC7781234"
    ds.ReferringPhysicianName = "Trumbleworth^Orvillia"
    ds.ReferringPhysicianTelephoneNumbers = "541-555-0177"
    ds.OperatorsName = "Fennimore^Glasswing"
    ds.InstitutionName = "Quimby General"
    ds.InstitutionAddress = "1 Quimby Plaza, Springfieldia"
    ds.StationName = "QUIMBYCT01"
    ds.DeviceSerialNumber = "SN55443322"
    ds.StudyDate = study_date
    ds.SeriesDate = study_date
    ds.StudyTime = "101500"
    ds.StudyID = "RPID88812"
    # Free text that repeats the file's own values and identifier shapes.
    ds.StudyDescription = "CT for Zebulonia Quixotely QX99812377"
    ds.SeriesDescription = "follow-up Zebulonia 02/15/1934"
    ds.ImageComments = "plate 7QXZ123; call (541) 555-0199; zq@quimby-mail.org; https://quimby.example.org/p/1"
    ds.PatientComments = "license DLQ1234567, account 88776655, SSN 987-65-4321"
    ds.AdditionalPatientHistory = ("seen at 10.20.30.40 on 2019-03-04; fingerprint FP883311; born 1934-02-15; "
                                   "reviewed 4 March 2019, March 4, 2019 and 04-Mar-2019; due March 2019")
    # Where Table E.1-1 lists nothing: a UID, a URL, a date (and an AE title
    # it lists: no public AE attribute outside the command and meta groups
    # is unlisted; the unlisted rule is a unit test).
    ds.add_new(0x00200242, "UI", "1.2.826.0.1.3680043.10.999.20190304101500")  # SOP Instance UID of Concatenation Source
    ds.add_new(0x00081190, "UR", "https://quimby.example.org/wado?study=1")   # Retrieve URL
    ds.add_new(0x00400241, "AE", "Quimby-AE")                                 # Performed Station AE Title
    ds.add_new(0x00143076, "DA", "20190304")                                  # Date of Gain Calibration
    # A sender may write anything in the preamble; an EXIF maker note is bytes.
    ds.preamble = b"Quixotely Zebulonia QX99812377".ljust(128, b"\0")
    ds.add_new(0x0016002B, "OB", b"owner Quixotely, serial SN55443322\0\0")
    # Nested: request attributes with IDs, a physician and a private block.
    item = Dataset()
    item.RequestedProcedureID = "RPID88812"
    item.ScheduledProcedureStepID = "SPS77120"
    item.RequestingPhysician = "Trumbleworth^Orvillia"
    item.RequestedProcedureDescription = "biopsy for Quixotely"
    nested_private = item.private_block(0x0013, "ACME NESTED", create=True)
    nested_private.add_new(0x10, "LO", "Zebulonia Quixotely")
    ds.RequestAttributesSequence = Sequence([item])
    code = Dataset()
    code.CodeValue = "QX1"
    code.CodingSchemeDesignator = "99LOCAL"
    code.CodeMeaning = "Quixotely protocol"
    ds.ProcedureCodeSequence = Sequence([code])
    # Private blocks: identifiers, and one safe-listed numeric value.
    block = ds.private_block(0x0011, "ACME PHI 1.0", create=True)
    block.add_new(0x10, "LO", "Quixotely^Zebulonia")
    block.add_new(0x11, "LT", "https://quimby.example.org/patient/99812377 from 10.20.30.40")
    block.add_new(0x12, "SH", "QX99812377")
    safe = ds.private_block(0x0019, "SIEMENS MR HEADER", create=True)
    safe.add_new(0x0C, "IS", "1000")
    # A safe-listed slot holding a name instead of its value (behind a
    # control byte, so it does not even read as text): not kept.
    safe.add_new(0x0D, "CS", "\x01Quixotely Zebulonia")
    return ds


def overlay(ds, in_pixel_bit=None):
    """An overlay plane with its own data, or (the retired form) one stored
    in bit `in_pixel_bit` of the pixel data."""
    ds.add_new(0x60000010, "US", ds.Rows)
    ds.add_new(0x60000011, "US", ds.Columns)
    ds.add_new(0x60000040, "CS", "G")
    ds.add_new(0x60000050, "SS", [1, 1])
    if in_pixel_bit is None:
        ds.add_new(0x60000100, "US", 1)
        ds.add_new(0x60000102, "US", 0)
        ds.add_new(0x60003000, "OW", bytes((ds.Rows * ds.Columns + 7) // 8 + 1 & ~1))
        ds.add_new(0x60004000, "LT", "Overlay by Fennimore")
    else:
        ds.add_new(0x60000100, "US", ds.BitsAllocated)
        ds.add_new(0x60000102, "US", in_pixel_bit)


def structured(ds):
    text = Dataset()
    text.RelationshipType = "CONTAINS"
    text.ValueType = "TEXT"
    text.TextValue = "Findings for Quixotely Zebulonia, MRN QX99812377"
    ds.ContentSequence = Sequence([text])


def write(ds, out, name, files, kind):
    path = os.path.join(out, "corpus", name)
    ds.save_as(path, write_like_original=False)
    files[name] = kind


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "corpus"), exist_ok=True)
    files = {}

    ct = plant(pydicom.dcmread(os.path.join(DATA, "CT_small.dcm")))
    overlay(ct)
    structured(ct)
    write(ct, out, "ct_1.dcm", files, "image")
    # A second instance of the same series that references the first.
    ct2 = plant(pydicom.dcmread(os.path.join(DATA, "CT_small.dcm")))
    ct2.SOPInstanceUID = ct.SOPInstanceUID + ".2"
    ct2.InstanceNumber = 2
    ct2.StudyDate = "20190310"  # same patient, six days later
    ref = Dataset()
    ref.ReferencedSOPClassUID = ct.SOPClassUID
    ref.ReferencedSOPInstanceUID = ct.SOPInstanceUID
    ct2.ReferencedImageSequence = Sequence([ref])
    write(ct2, out, "ct_2.dcm", files, "image")

    for name in ("MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "SC_rgb_rle_2frame.dcm",
                 "JPEG2000.dcm", "rtplan.dcm", "SC_rgb_rle.dcm", "ExplVR_BigEnd.dcm"):
        ds = plant(pydicom.dcmread(os.path.join(DATA, name)))
        at_risk = name.startswith("SC_") or name in ("JPEG2000.dcm", "ExplVR_BigEnd.dcm")
        write(ds, out, "planted_" + name, files, "burned-in" if at_risk else "image")

    # A photograph (faces): at risk whatever its tags say.
    photo = plant(pydicom.dcmread(os.path.join(DATA, "SC_rgb_rle.dcm")))
    photo.Modality = "XC"
    photo.BurnedInAnnotation = "NO"
    write(photo, out, "photo_xc.dcm", files, "burned-in")

    # Restricted ZIP3 and an age under 90 for the Safe Harbor arithmetic.
    young = plant(pydicom.dcmread(os.path.join(DATA, "MR_small.dcm")))
    young.PatientID = "YNG0001"
    young.PatientAge = "045Y"
    young.PatientAddress = "12 Mill Road, Hanover, NH 03650"
    write(young, out, "young_restricted_zip.dcm", files, "image")

    # Burned-in text declared, with an overlay and a curve that carry names:
    # redaction rewrites the pixels through GDCM's image writer, which must
    # not bring the removed graphics back (nor crash on the curve).
    graphics = plant(pydicom.dcmread(os.path.join(DATA, "CT_small.dcm")))
    graphics.BurnedInAnnotation = "YES"
    overlay(graphics)
    graphics.add_new(0x60000022, "LO", "Overlay of Glasswing")
    graphics.add_new(0x50000005, "US", 2)
    graphics.add_new(0x50000010, "US", 4)
    graphics.add_new(0x50000020, "CS", "POLY")
    graphics.add_new(0x50000022, "LO", "curve by Trumbleworth")
    graphics.add_new(0x50000103, "US", 0)
    graphics.add_new(0x50003000, "OW", bytes(range(16)))
    write(graphics, out, "ct_burned_graphics.dcm", files, "burned-in")

    # An age over 89 written as senders do, not as AS requires; an overlay
    # stored in the pixel data's unused high bit (the retired form).
    old = plant(pydicom.dcmread(os.path.join(DATA, "MR_small.dcm")))
    old.PatientAge = "94Y"
    old.BitsStored, old.HighBit = 12, 11
    pixels = numpy.frombuffer(old.PixelData, "<i2").astype("<u2") & 0x0FFF
    pixels[::7] |= 0x8000
    old.PixelRepresentation = 0
    old.PixelData = pixels.tobytes()
    overlay(old, in_pixel_bit=15)
    old.add_new(0x60000022, "LO", "Overlay of Glasswing")
    write(old, out, "old_overlay_bits.dcm", files, "image")

    with open(os.path.join(out, "planted.json"), "w") as f:
        json.dump({"planted": [{"value": v, "class": c} for v, c in PLANTED], "files": files,
                   "classes": sorted({c for _, c in PLANTED})}, f, indent=1)


if __name__ == "__main__":
    main()
