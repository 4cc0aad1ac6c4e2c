"""What the make_*.py scripts beside this file start from (Debian's
pydicom): a data set with new UIDs, or a minimal one-frame image. Each
script adds or changes what its files are about."""
import os
import struct

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, generate_uid

HERE = os.path.dirname(os.path.abspath(__file__))


def new_dataset(sop_class, modality, syntax=ExplicitVRLittleEndian):
    """File meta, SOP class, new study, series and instance UIDs, modality;
    little endian, explicit VR unless `syntax` says implicit."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = syntax
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = modality
    ds.is_little_endian, ds.is_implicit_VR = True, syntax == ImplicitVRLittleEndian
    return ds


def image_dataset(sop_class, modality, rows, columns, bits_allocated=16, bits_stored=12):
    """Greyscale, unsigned, pixel values 0, 1, 2... in row order."""
    ds = new_dataset(sop_class, modality)
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.Rows, ds.Columns = rows, columns
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = bits_allocated, bits_stored, bits_stored - 1, 0
    count = rows * columns
    ds.PixelData = bytes(range(count)) if bits_allocated == 8 else struct.pack(f'<{count}H', *range(count))
    return ds


def save(ds, name):
    ds.save_as(os.path.join(HERE, name), write_like_original=False)
