"""The minimal image data set the make_*.py scripts beside this file start
from (Debian's pydicom): one frame, explicit VR little endian, new UIDs.
Each script adds or changes what its files are about."""
import os
import struct

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

HERE = os.path.dirname(os.path.abspath(__file__))


def image_dataset(sop_class, modality, rows, columns, bits_allocated=16, bits_stored=12):
    """Greyscale, unsigned, pixel values 0, 1, 2... in row order."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = modality
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.Rows, ds.Columns = rows, columns
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = bits_allocated, bits_stored, bits_stored - 1, 0
    count = rows * columns
    ds.PixelData = bytes(range(count)) if bits_allocated == 8 else struct.pack(f'<{count}H', *range(count))
    ds.is_little_endian, ds.is_implicit_VR = True, False
    return ds


def save(ds, name):
    ds.save_as(os.path.join(HERE, name), write_like_original=False)
