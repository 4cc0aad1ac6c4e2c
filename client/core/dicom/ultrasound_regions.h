// Ultrasound images carry no Pixel Spacing: their calibration lies in the
// Sequence of Ultrasound Regions (PS3.3 C.8.5.5), one per region of the
// image (a B-mode sector beside a Doppler strip, say).
#pragma once

#include <gdcmDataSet.h>

#include <array>
#include <optional>

namespace limn::dicom {

// Millimetres between rows and between columns ({row, column}, as Pixel
// Spacing), from the 2D tissue regions (Region Spatial Format 1) calibrated
// in centimetres, when they all agree; nothing when there are none or they
// differ (one spacing could not stand for the whole image, and a
// measurement in the wrong region would be wrong without saying so).
std::optional<std::array<double, 2>> ultrasoundPixelSpacing(const gdcm::DataSet& ds);

}  // namespace limn::dicom
