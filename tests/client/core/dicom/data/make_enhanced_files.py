#!/usr/bin/python3
"""Writes the Enhanced CT test files beside this script (Debian's pydicom).

Each is 4x4 with 4 frames, 12 bits in 16, stored value 1024 everywhere.
Everything display and geometry needs lives only in the functional groups,
as in real enhanced CT: pixel spacing 0.5 (rows) by 0.7 (columns), rescale
-1024/1 (so every pixel is 0 HU), window 40/400, axial orientation. The
frames' own positions (PlanePositionSequence) are along +z at
  enhanced_ct_uniform.dcm          0, 2, 4, 6 mm
  enhanced_ct_irregular.dcm        0, 2, 5, 6 mm
  enhanced_ct_same_position.dcm    0, 0, 0, 0 mm (a cine series)
enhanced_ct_per_frame_rescale.dcm is uniform, but each frame has its own
rescale (slope/intercept 1/-1024, 2/-1024, 1/-1000, 0.5/0: modality values
0, 1024, 24 and 512), as some PET and perfusion objects have.
Run again only to change them; the files are committed.
"""
import os

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

HERE = os.path.dirname(os.path.abspath(__file__))
ENHANCED_CT = '1.2.840.10008.5.1.4.1.1.2.1'


def item(**attributes):
    ds = Dataset()
    for name, value in attributes.items():
        setattr(ds, name, value)
    return Sequence([ds])


def enhanced_ct(name, zs, per_frame_rescale=None):
    meta = FileMetaDataset()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.MediaStorageSOPClassUID = ENHANCED_CT
    meta.MediaStorageSOPInstanceUID = generate_uid()
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID = ENHANCED_CT
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = generate_uid(), generate_uid(), generate_uid()
    ds.Modality = 'CT'
    ds.Rows, ds.Columns, ds.NumberOfFrames = 4, 4, len(zs)
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, 'MONOCHROME2'
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    shared = Dataset()
    shared.PixelMeasuresSequence = item(PixelSpacing=[0.5, 0.7], SliceThickness=1)
    shared.PlaneOrientationSequence = item(ImageOrientationPatient=[1, 0, 0, 0, 1, 0])
    if per_frame_rescale is None:
        shared.PixelValueTransformationSequence = item(RescaleIntercept=-1024, RescaleSlope=1, RescaleType='HU')
    shared.FrameVOILUTSequence = item(WindowCenter=40, WindowWidth=400)
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    frames = []
    for k, z in enumerate(zs):
        frame = Dataset()
        frame.PlanePositionSequence = item(ImagePositionPatient=[-10, -10, z])
        if per_frame_rescale is not None:
            slope, intercept = per_frame_rescale[k]
            frame.PixelValueTransformationSequence = item(RescaleIntercept=intercept, RescaleSlope=slope,
                                                          RescaleType='HU')
        frames.append(frame)
    ds.PerFrameFunctionalGroupsSequence = Sequence(frames)
    ds.PixelData = (1024).to_bytes(2, 'little') * (16 * len(zs))
    ds.save_as(os.path.join(HERE, name), write_like_original=False)


enhanced_ct('enhanced_ct_uniform.dcm', [0, 2, 4, 6])
enhanced_ct('enhanced_ct_irregular.dcm', [0, 2, 5, 6])
enhanced_ct('enhanced_ct_same_position.dcm', [0, 0, 0, 0])
enhanced_ct('enhanced_ct_per_frame_rescale.dcm', [0, 2, 4, 6], [(1, -1024), (2, -1024), (1, -1000), (0.5, 0)])
