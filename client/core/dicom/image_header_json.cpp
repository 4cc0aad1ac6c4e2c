#include "client/core/dicom/image_header_json.h"

#include <nlohmann/json.hpp>

#include <array>
#include <stdexcept>

#include "shared/encoding/json_error.h"
#include "shared/encoding/json_fields.h"

namespace limn::dicom {

namespace {

using nlohmann::json;

template <typename T>
json optionalJson(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

template <typename T>
std::optional<T> optionalFrom(const json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return j.at(key).get<T>();
}

json windowsJson(const std::vector<FileWindow>& windows) {
  json out = json::array();
  for (const FileWindow& w : windows)
    out.push_back({{"center", w.center}, {"width", w.width}, {"explanation", w.explanation}});
  return out;
}

json tablesJson(const std::vector<VoiTable>& tables) {
  json out = json::array();
  for (const VoiTable& t : tables)
    out.push_back({{"first_mapped", t.firstMapped}, {"bits", t.bitsPerEntry}, {"entries", t.entries},
                   {"explanation", t.explanation}});
  return out;
}

std::vector<FileWindow> windowsFrom(const json& d) {
  std::vector<FileWindow> windows;
  for (const json& w : d.value("windows", json::array())) {
    FileWindow window{w.at("center").get<double>(), w.at("width").get<double>(), w.at("explanation").get<std::string>()};
    if (!(window.width >= 1)) throw std::invalid_argument("a window narrower than 1");
    windows.push_back(std::move(window));
  }
  return windows;
}

std::vector<VoiTable> tablesFrom(const json& d) {
  std::vector<VoiTable> tables;
  for (const json& t : d.value("voi_tables", json::array())) {
    VoiTable table{integerAs<std::int32_t>(t.at("first_mapped"), "first_mapped"), integerAs<std::uint16_t>(t.at("bits"), "bits"),
                   {}, t.at("explanation").get<std::string>()};
    for (const json& e : t.at("entries")) table.entries.push_back(integerAs<std::uint16_t>(e, "a VOI table entry"));
    if (table.entries.empty() || table.entries.size() > 65536 || table.bitsPerEntry < 8 || table.bitsPerEntry > 16)
      throw std::invalid_argument("an unusable VOI table");
    tables.push_back(std::move(table));
  }
  return tables;
}

json frameRescaleJson(const std::vector<FrameRescale>& rescale) {
  json out = json::array();
  for (const FrameRescale& r : rescale) out.push_back({r.slope, r.intercept});
  return out;
}

std::vector<FrameRescale> frameRescaleFrom(const json& j) {
  std::vector<FrameRescale> out;
  for (const json& r : j.value("frame_rescale", json::array())) {
    const auto pair = r.get<std::array<double, 2>>();
    if (pair[0] == 0) throw std::invalid_argument("a frame rescale slope of 0");
    out.push_back({pair[0], pair[1]});
  }
  return out;
}

}  // namespace

std::string imageHeaderToJson(const DicomImage& img) {
  const PixelLayout& l = img.layout;
  const DisplayAttributes& d = img.display;
  const InstanceAttributes& a = img.instance;
  json j = {
      {"transfer_syntax", img.transferSyntaxUid},
      {"modality", img.modality},
      {"sop_class", img.sopClassUid},
      {"has_pixel_data", img.hasPixelData},
      {"layout",
       {{"rows", l.rows}, {"columns", l.columns}, {"frames", l.frames}, {"samples", l.samplesPerPixel},
        {"bits_allocated", l.bitsAllocated}, {"bits_stored", l.bitsStored}, {"high_bit", l.highBit},
        {"signed", l.isSigned}, {"photometric", l.photometric}}},
      {"display",
       {{"rescale_slope", optionalJson(d.rescaleSlope)}, {"rescale_intercept", optionalJson(d.rescaleIntercept)},
        {"windows", windowsJson(d.windows)}, {"voi_tables", tablesJson(d.voiTables)},
        {"voi_function", d.voiFunction},
        {"spacing_row", optionalJson(d.pixelSpacingRow)}, {"spacing_column", optionalJson(d.pixelSpacingColumn)},
        {"spacing_source", d.spacingSource}}},
      {"instance",
       {{"study", a.studyUid}, {"series", a.seriesUid}, {"sop_instance", a.sopInstanceUid},
        {"frame_of_reference", a.frameOfReferenceUid}, {"series_description", a.seriesDescription},
        {"series_number", optionalJson(a.seriesNumber)}, {"instance_number", optionalJson(a.instanceNumber)},
        {"echo", optionalJson(a.echoNumber)}, {"temporal_position", optionalJson(a.temporalPosition)},
        {"b_value", optionalJson(a.diffusionBValue)}, {"acquisition", optionalJson(a.acquisitionNumber)},
        {"position", optionalJson(a.imagePosition)}, {"orientation", optionalJson(a.imageOrientation)},
        {"frame_spacing", optionalJson(a.frameSpacing)}, {"frame_spacing_problem", static_cast<int>(a.frameSpacingProblem)}}},
      {"palette_rgb", img.paletteRgb},
      {"frame_rescale", frameRescaleJson(img.frameRescale)},
  };
  // Text attributes are as the file spells them, not always UTF-8.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<DicomImage> imageHeaderFromJson(std::string_view text) {
  try {
    const json j = json::parse(text);
    DicomImage img;
    img.transferSyntaxUid = j.at("transfer_syntax").get<std::string>();
    img.modality = j.at("modality").get<std::string>();
    img.sopClassUid = j.at("sop_class").get<std::string>();
    img.hasPixelData = j.at("has_pixel_data").get<bool>();
    const json& l = j.at("layout");
    img.layout.rows = integerAs<std::uint32_t>(l.at("rows"), "rows");
    img.layout.columns = integerAs<std::uint32_t>(l.at("columns"), "columns");
    img.layout.frames = integerAs<std::uint32_t>(l.at("frames"), "frames");
    img.layout.samplesPerPixel = integerAs<std::uint16_t>(l.at("samples"), "samples");
    img.layout.bitsAllocated = integerAs<std::uint16_t>(l.at("bits_allocated"), "bits_allocated");
    img.layout.bitsStored = integerAs<std::uint16_t>(l.at("bits_stored"), "bits_stored");
    img.layout.highBit = integerAs<std::uint16_t>(l.at("high_bit"), "high_bit");
    img.layout.isSigned = l.at("signed").get<bool>();
    img.layout.photometric = l.at("photometric").get<std::string>();
    const json& d = j.at("display");
    img.display.rescaleSlope = optionalFrom<double>(d, "rescale_slope");
    img.display.rescaleIntercept = optionalFrom<double>(d, "rescale_intercept");
    img.display.windows = windowsFrom(d);
    img.display.voiTables = tablesFrom(d);
    img.display.voiFunction = d.value("voi_function", std::string{});
    img.display.pixelSpacingRow = optionalFrom<double>(d, "spacing_row");
    img.display.pixelSpacingColumn = optionalFrom<double>(d, "spacing_column");
    img.display.spacingSource = d.value("spacing_source", "");
    const json& a = j.at("instance");
    img.instance.studyUid = a.at("study").get<std::string>();
    img.instance.seriesUid = a.at("series").get<std::string>();
    img.instance.sopInstanceUid = a.at("sop_instance").get<std::string>();
    img.instance.frameOfReferenceUid = a.at("frame_of_reference").get<std::string>();
    img.instance.seriesDescription = a.at("series_description").get<std::string>();
    img.instance.seriesNumber = optionalFrom<int>(a, "series_number");
    img.instance.instanceNumber = optionalFrom<int>(a, "instance_number");
    img.instance.echoNumber = optionalFrom<int>(a, "echo");
    img.instance.temporalPosition = optionalFrom<int>(a, "temporal_position");
    img.instance.diffusionBValue = optionalFrom<double>(a, "b_value");
    img.instance.acquisitionNumber = optionalFrom<int>(a, "acquisition");
    img.instance.imagePosition = optionalFrom<std::array<double, 3>>(a, "position");
    img.instance.imageOrientation = optionalFrom<std::array<double, 6>>(a, "orientation");
    img.instance.frameSpacing = optionalFrom<double>(a, "frame_spacing");
    const int problem = integerAs(a, "frame_spacing_problem", 0);
    if (problem < 0 || problem > static_cast<int>(FrameSpacingProblem::kOnePosition))
      return makeError(ErrorCode::kInvalidArgument, "malformed image header: frame_spacing_problem");
    img.instance.frameSpacingProblem = static_cast<FrameSpacingProblem>(problem);
    if (j.contains("palette_rgb")) img.paletteRgb = j.at("palette_rgb").get<std::vector<std::uint8_t>>();
    img.frameRescale = frameRescaleFrom(j);
    if (!img.frameRescale.empty() && img.frameRescale.size() != img.layout.frames)
      return makeError(ErrorCode::kInvalidArgument, "malformed image header: frame_rescale is not one per frame");
    return img;
  } catch (const nlohmann::json::exception& e) {
    return makeError(ErrorCode::kInvalidArgument, "malformed image header: " + jsonErrorText(e));
  } catch (const std::invalid_argument& e) {
    return makeError(ErrorCode::kInvalidArgument, std::string("malformed image header: ") + e.what());
  }
}

}  // namespace limn::dicom
