// A decoded DICOM image: the attributes that say how to read its samples,
// and the samples themselves in one canonical layout.
//
// Canonical layout of `pixels` (the contract behind `limn dicom info`'s
// pixel_sha256): stored sample values after decompression and before any
// LUT; little-endian at BitsAllocated width (1-bit data stays packed as
// stored); samples interleaved per pixel; frames in order.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace limn::dicom {

struct PixelLayout {
  std::uint32_t rows = 0;
  std::uint32_t columns = 0;
  std::uint32_t frames = 1;
  std::uint16_t samplesPerPixel = 1;
  std::uint16_t bitsAllocated = 0;
  std::uint16_t bitsStored = 0;
  std::uint16_t highBit = 0;
  bool isSigned = false;               // PixelRepresentation == 1
  std::string photometric;             // e.g. "MONOCHROME2", "RGB"

  std::size_t bytesPerSample() const { return bitsAllocated <= 8 ? 1 : bitsAllocated / 8; }
  std::size_t pixelsPerFrame() const { return std::size_t{rows} * columns; }
  bool isPalette() const { return photometric == "PALETTE COLOR"; }
  // Shown in colour: three samples, or one index into a colour palette.
  bool isColour() const { return samplesPerPixel == 3 || isPalette(); }
};

// One of a file's VOI windows. Several Window Center/Width values are
// alternative views of one image (PS3.3 C.11.2.1.2), e.g. lung and bone.
struct FileWindow {
  double center = 0;
  double width = 1;          // >= 1; pairs with a smaller width are not kept
  std::string explanation;   // Window Center & Width Explanation (0028,1055); may be empty
};

// One item of the VOI LUT Sequence (0028,3010): modality value
// firstMapped + i shows entries[i]; values below firstMapped show the first
// entry, values past the table the last (PS3.3 C.11.2.1.1). Output levels
// span 0 .. 2^bitsPerEntry - 1.
struct VoiTable {
  std::int32_t firstMapped = 0;
  std::uint16_t bitsPerEntry = 16;  // 8 or 10..16
  std::vector<std::uint16_t> entries;
  std::string explanation;  // LUT Explanation (0028,3003); may be empty
};

// Attributes used for display; all optional because real files omit them.
struct DisplayAttributes {
  std::optional<double> rescaleSlope;
  std::optional<double> rescaleIntercept;
  std::vector<FileWindow> windows;   // in the file's order
  std::vector<VoiTable> voiTables;   // in the file's order; unusable items left out
  // VOI LUT Function (0028,1056): "LINEAR" (also when absent),
  // "LINEAR_EXACT" or "SIGMOID", as the file spells it. Applies to every window.
  std::string voiFunction;
  std::optional<double> pixelSpacingRow;     // mm between rows
  std::optional<double> pixelSpacingColumn;  // mm between columns
  // Where the spacing comes from, for the person measuring: "" (Pixel
  // Spacing, in the patient), "at the detector" (Imager Pixel Spacing of a
  // projection image without a magnification factor), "at the object
  // (magnification 1.08)" (Imager Pixel Spacing divided by the Estimated
  // Radiographic Magnification Factor), "ultrasound regions".
  std::string spacingSource;
};

// Where an instance sits: which study and series, and its plane in patient
// space (LPS, mm). Used to assemble series into volumes; never PHI beyond UIDs.
// What an enhanced multi-frame object's per-frame positions say against a
// regular volume.
enum class FrameSpacingProblem {
  kNone,
  kNoPositions,   // frames do not all have their own position
  kUneven,        // steps along the normal differ
  kOnePosition,   // every frame at one position: frames in time, not space
};

struct InstanceAttributes {
  std::string studyUid;                  // (0020,000D)
  std::string seriesUid;                 // (0020,000E)
  std::string sopInstanceUid;            // (0008,0018)
  std::string frameOfReferenceUid;       // (0020,0052)
  std::string seriesDescription;         // (0008,103E)
  std::optional<int> seriesNumber;       // (0020,0011)
  std::optional<int> instanceNumber;     // (0020,0013)
  // What tells apart images of one series at one position (several echoes,
  // time points, b-values or acquisitions), when a file says it.
  std::optional<int> echoNumber;          // (0018,0086) Echo Numbers, the first
  std::optional<int> temporalPosition;    // (0020,0100) Temporal Position Identifier
  std::optional<double> diffusionBValue;  // (0018,9087)
  std::optional<int> acquisitionNumber;   // (0020,0012)
  std::optional<std::array<double, 3>> imagePosition;     // (0020,0032) of the first frame
  std::optional<std::array<double, 6>> imageOrientation;  // (0020,0037) row then column cosines
  // Multi-frame volumes (enhanced CT/MR, RT Dose, NM): signed distance in mm
  // between frames along the plane normal, when the file states it evenly.
  // Negative: frames go against the normal. Single frames leave it empty.
  std::optional<double> frameSpacing;
  // Why an enhanced multi-frame object has no frameSpacing.
  FrameSpacingProblem frameSpacingProblem = FrameSpacingProblem::kNone;
};

// A frame's own rescale (enhanced objects whose frames differ: PET,
// perfusion): modality value = stored * slope + intercept.
struct FrameRescale {
  double slope = 1;
  double intercept = 0;
};

struct DicomImage {
  std::string transferSyntaxUid;  // as stored in the file meta (0002,0010)
  std::string modality;           // (0008,0060), may be empty
  std::string sopClassUid;        // (0008,0016), may be empty
  bool hasPixelData = false;
  PixelLayout layout;
  DisplayAttributes display;
  InstanceAttributes instance;
  std::vector<std::uint8_t> pixels;  // canonical layout, see above; empty without pixel data
  // PALETTE COLOR only: the colour of every stored value 0..2^BitsStored-1,
  // 8-bit R, G, B each, from the file's palette tables (segmented ones
  // expanded by GDCM); values outside a table take its first or last entry
  // (PS3.3 C.7.6.3.1.5).
  std::vector<std::uint8_t> paletteRgb;
  // Enhanced multi-frame objects whose frames have their own rescale: one
  // per frame (display.rescale* then hold the first frame's). Empty when
  // every frame shares one.
  std::vector<FrameRescale> frameRescale;
};

}  // namespace limn::dicom
