#include "client/core/deid/deidentifier.h"

#include <gdcmDataSet.h>
#include <gdcmDict.h>
#include <gdcmDicts.h>
#include <gdcmFile.h>
#include <gdcmGlobal.h>
#include <gdcmImageReader.h>
#include <gdcmImageWriter.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmWriter.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

#include "client/core/deid/burned_in.h"
#include "client/core/deid/dicom_dates.h"
#include "client/core/dicom/dicom_text.h"
#include "client/core/deid/free_text_scrubber.h"
#include "client/core/deid/identifier_attributes.h"
#include "client/core/deid/pixel_redaction.h"
#include "client/core/deid/pseudonym.h"
#include "client/core/deid/safe_private.h"
#include "client/core/deid/zip3.h"
#include "client/core/dicom/checked_image_reader.h"
#include "client/core/dicom/dataset_edit.h"
#include "client/core/dicom/gdcm_boundary.h"
#include "client/core/dicom/memory_stream.h"
#include "client/core/dicom/parse_allocation_cap.h"
#include "client/core/dicom/truncated_value.h"

namespace limn::deid {

using dicom::joinValues;
using dicom::splitValues;
using dicom::trimPadding;

namespace {

using dicom::setSequence;
using dicom::setString;
using dicom::stringAt;
using dicom::tagOf;
using dicom::valueOf;
std::uint32_t tagOf(const gdcm::Tag& t) { return tagOf(t.GetGroup(), t.GetElement()); }

constexpr std::uint32_t kPixelData = tagOf(0x7FE0, 0x0010);
constexpr std::uint32_t kPatientId = tagOf(0x0010, 0x0020);
constexpr std::uint32_t kGraphicAnnotationSequence = tagOf(0x0070, 0x0001);
constexpr const char* kMediaStorageDirectory = "1.2.840.10008.1.3.10";
constexpr std::string_view kDicomRegistryRoot = "1.2.840.10008.";

gdcm::VR vrOf(const gdcm::DataElement& de) {
  if (!de.IsEmpty() && dynamic_cast<const gdcm::SequenceOfItems*>(&de.GetValue())) return gdcm::VR::SQ;
  gdcm::VR vr = de.GetVR();
  if (vr == gdcm::VR::INVALID || vr == gdcm::VR::UN) {
    const gdcm::Tag& t = de.GetTag();
    if (t.IsPublic()) {
      const gdcm::VR known = gdcm::Global::GetInstance().GetDicts().GetPublicDict().GetDictEntry(t).GetVR();
      if (known != gdcm::VR::INVALID) vr = known;
    }
  }
  return vr;
}

VrKind kindOf(gdcm::VR vr) {
  switch (vr) {
    case gdcm::VR::SQ: return VrKind::kSequence;
    case gdcm::VR::DA: return VrKind::kDate;
    case gdcm::VR::DT: return VrKind::kDateTime;
    case gdcm::VR::TM: return VrKind::kTime;
    case gdcm::VR::UI: return VrKind::kUid;
    case gdcm::VR::AE: return VrKind::kApplicationEntity;
    case gdcm::VR::UR: return VrKind::kUrl;
    case gdcm::VR::AS: case gdcm::VR::CS: case gdcm::VR::DS: case gdcm::VR::IS:
    case gdcm::VR::LO: case gdcm::VR::LT: case gdcm::VR::PN: case gdcm::VR::SH: case gdcm::VR::ST:
    case gdcm::VR::UC: case gdcm::VR::UT:
      return VrKind::kText;
    default: return VrKind::kOther;
  }
}

// Free text where people type identifiers (not code strings or numbers).
bool isFreeText(gdcm::VR vr) {
  return vr == gdcm::VR::LO || vr == gdcm::VR::SH || vr == gdcm::VR::ST || vr == gdcm::VR::LT ||
         vr == gdcm::VR::UT || vr == gdcm::VR::UC || vr == gdcm::VR::PN || vr == gdcm::VR::UN;
}

// An attribute of unknown VR is cleaned as text only when it reads as text:
// overwriting bytes of a binary value would corrupt it.
bool looksLikeText(const std::string& value) {
  return std::all_of(value.begin(), value.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 || u == '\t' || u == '\r' || u == '\n' || u == 0x1B || u == 0;
  });
}

std::string tagText(const gdcm::Tag& t) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "(%04X,%04X)", t.GetGroup(), t.GetElement());
  return buf;
}

std::string dummyFor(gdcm::VR vr, std::size_t originalLength) {
  switch (vr) {
    case gdcm::VR::AE: return "ANONYMOUS";
    case gdcm::VR::PN: return "ANONYMIZED^";  // family^given: not the retired form
    case gdcm::VR::AS: return "000D";
    case gdcm::VR::DA: return "19000101";
    case gdcm::VR::DT: return "19000101000000";
    case gdcm::VR::TM: return "000000.00";
    case gdcm::VR::DS: case gdcm::VR::IS: return "0";
    case gdcm::VR::UR: return "";
    default: break;
  }
  if (kindOf(vr) == VrKind::kText) return "ANONYMIZED";  // AE and UR are answered above
  return std::string(originalLength, '\0');  // binary: zeros of the same size
}

// Years an age value says, read as senders write it, not only as AS
// requires (nnnD/W/M/Y): "94Y", "094", "1200M"; -1 when it is no age.
double yearsOf(std::string_view age) {
  std::size_t digits = 0;
  while (digits < age.size() && std::isdigit(static_cast<unsigned char>(age[digits]))) ++digits;
  if (digits == 0 || digits > 6) return -1;
  const double n = std::stod(std::string(age.substr(0, digits)));
  const std::string_view unit = dicom::trimPadding(age.substr(digits));
  if (unit.empty() || unit == "Y" || unit == "y") return n;
  if (unit == "M" || unit == "m") return n / 12;
  if (unit == "W" || unit == "w") return n / 52;
  if (unit == "D" || unit == "d") return n / 365;
  return -1;
}

// Safe Harbor: every age over 89 (each value of a multi-valued one) becomes
// 090Y; an age that cannot be read cannot be shown to be 89 or less, and
// is emptied.
std::string capAge(const std::string& age) {
  std::vector<std::string> values;
  bool changed = false;
  for (std::string_view v : splitValues(age)) {
    v = dicom::trimPadding(v);
    const double years = v.empty() ? 0 : yearsOf(v);
    std::string kept = years < 0 ? "" : years > 89 ? "090Y" : std::string(v);
    changed = changed || kept != v;
    values.push_back(std::move(kept));
  }
  return changed ? joinValues(values) : age;
}

std::string ageGroupOf(const std::string& age) {
  if (age.size() != 4 || !std::isdigit(static_cast<unsigned char>(age[0]))) return {};
  const int n = std::atoi(age.substr(0, 3).c_str());
  if (age[3] != 'Y') return "0-9";
  if (n >= 90) return "90+";
  const int low = n / 10 * 10;
  return std::to_string(low) + "-" + std::to_string(low + 9);
}

// The bits of overlays stored in the pixel data's unused high bits (the
// retired form: a bit position and no Overlay Data); 0 when there are none.
std::uint16_t overlayBitsInPixelData(const gdcm::DataSet& ds) {
  const std::uint16_t bitsAllocated = dicom::unsignedShortAt(ds, tagOf(0x0028, 0x0100));
  const std::uint16_t highBit = dicom::unsignedShortAt(ds, tagOf(0x0028, 0x0102));
  std::uint16_t mask = 0;
  for (std::uint16_t g = 0x6000; g <= 0x601E; g += 2) {
    if (!ds.FindDataElement(gdcm::Tag(g, 0x0102)) || ds.FindDataElement(gdcm::Tag(g, 0x3000))) continue;
    const std::uint16_t bit = dicom::unsignedShortAt(ds, tagOf(g, 0x0102));
    if (bitsAllocated == 16 && bit > highBit && bit < 16) mask |= static_cast<std::uint16_t>(1u << bit);
  }
  return mask;
}

// `pd` (16-bit little-endian samples) with the bits of `mask` cleared.
gdcm::DataElement withBitsCleared(const gdcm::DataElement& pd, std::uint16_t mask) {
  const gdcm::ByteValue* bv = pd.GetByteValue();
  std::vector<char> pixels(bv->GetPointer(), bv->GetPointer() + bv->GetLength());
  for (std::size_t i = 0; i + 1 < pixels.size(); i += 2) {
    pixels[i] = static_cast<char>(pixels[i] & ~(mask & 0xFF));
    pixels[i + 1] = static_cast<char>(pixels[i + 1] & ~(mask >> 8));
  }
  gdcm::DataElement cleared = pd;
  cleared.SetByteValue(pixels.data(), gdcm::VL(static_cast<std::uint32_t>(pixels.size())));
  return cleared;
}

class Deidentifier {
 public:
  Deidentifier(const DeidConfig& config, FileReport& report) : m_config(config), m_report(report) {}

  Status run(gdcm::File& file) {
    gdcm::DataSet& ds = file.GetDataSet();
    m_originalPatientId = stringAt(ds, kPatientId);
    m_shiftDays = dateShiftDays(m_config.key, m_originalPatientId);
    learn(ds);
    if (Status s = clearOverlayBits(file); !s) return s;
    process(ds, "");
    writeMethod(ds);
    // Rebuilt from the de-identified data set: the new SOP Instance UID,
    // nothing from the sender (AE titles, private meta information).
    if (!rebuildMeta(file.GetHeader(), ds))
      return makeError(ErrorCode::kUnsupportedEncoding,
                       "no SOP Class UID in the data set or its file meta information: not an instance that can "
                       "be released as a DICOM file");
    quasiIdentifiers(ds);
    return okStatus();
  }

 private:
  // The file meta information, rebuilt from the de-identified data set:
  // nothing from the sender survives (AE titles, private meta information).
  // Data sets without SOP identification (a DICOMDIR) keep the meta's class
  // and a pseudonym of its instance UID.
  bool rebuildMeta(gdcm::FileMetaInformation& meta, const gdcm::DataSet& ds) {
    const gdcm::TransferSyntax ts = meta.GetDataSetTransferSyntax();
    const std::string sopClass = stringAt(meta, tagOf(0x0002, 0x0002));
    const std::string sopInstance = stringAt(meta, tagOf(0x0002, 0x0003));
    meta.Clear();
    meta.SetDataSetTransferSyntax(ts);
    meta.GetPreamble().Create();  // 128 zero bytes: a sender may write anything there
    if (stringAt(ds, tagOf(0x0008, 0x0016)).empty() && !sopClass.empty())
      setString(meta, gdcm::DataElement(gdcm::Tag(0x0002, 0x0002)), sopClass, gdcm::VR::UI);
    if (stringAt(ds, tagOf(0x0008, 0x0018)).empty() && !sopInstance.empty()) {
      const bool keep = m_config.has(ProfileOption::kRetainUids);
      setString(meta, gdcm::DataElement(gdcm::Tag(0x0002, 0x0003)),
               keep ? sopInstance : pseudonymousUid(m_config.key, sopInstance), gdcm::VR::UI);
    }
    try {
      meta.FillFromDataSet(ds);
      return true;
    } catch (const std::exception&) {
      return false;  // no SOP class anywhere, and we do not invent one
    }
  }

  // An overlay stored in the pixel data's unused high bits survives
  // removing its group: viewers that ignore Bits Stored still draw it.
  // Those bits are cleared; the stored values stay bit-identical.
  Status clearOverlayBits(gdcm::File& file) {
    gdcm::DataSet& ds = file.GetDataSet();
    const std::uint16_t mask = overlayBitsInPixelData(ds);
    if (!mask || !ds.FindDataElement(gdcm::Tag(0x7FE0, 0x0010))) return okStatus();
    const gdcm::TransferSyntax ts = file.GetHeader().GetDataSetTransferSyntax();
    const gdcm::DataElement& pd = ds.GetDataElement(gdcm::Tag(0x7FE0, 0x0010));
    if (ts.IsEncapsulated() || ts.GetSwapCode() == gdcm::SwapCode::BigEndian || !pd.GetByteValue())
      return makeError(ErrorCode::kUnsupportedEncoding,
                       "an overlay is stored in the pixel data's unused bits, which only uncompressed little-endian "
                       "pixel data lets us clear");
    ds.Replace(withBitsCleared(pd, mask));
    m_report.changes.push_back({tagText(pd.GetTag()), "Pixel Data: overlay bits above the High Bit cleared",
                                Action::kKeepScrubbed});
    return okStatus();
  }

  void learn(const gdcm::DataSet& ds) {
    for (const gdcm::DataElement& de : ds.GetDES()) {
      const gdcm::Tag& t = de.GetTag();
      if (t.IsPrivate()) continue;  // removed unless safe-listed numbers
      const gdcm::VR vr = vrOf(de);
      if (vr == gdcm::VR::SQ) {
        if (auto sq = de.GetValueAsSQ())
          for (gdcm::SequenceOfItems::SizeType i = 1; i <= sq->GetNumberOfItems(); ++i)
            learn(sq->GetItem(i).GetNestedDataSet());
        continue;
      }
      if (vr == gdcm::VR::PN) {
        m_scrubber.learn(valueOf(de), IdentifierKind::kPersonName);
        continue;
      }
      if (const auto kind = identifierKindOf(tagOf(t), m_config)) m_scrubber.learn(valueOf(de), *kind);
    }
  }

  void record(const std::string& path, const gdcm::DataElement& de, const ProfileRow* row, Action a) {
    std::string name;
    if (row) {
      name = row->name;
    } else {
      const gdcm::DictEntry& e =
          gdcm::Global::GetInstance().GetDicts().GetPublicDict().GetDictEntry(de.GetTag());
      name = e.GetName() ? e.GetName() : "";
    }
    m_report.changes.push_back({path + tagText(de.GetTag()), std::move(name), a});
  }

  // Overlay planes (60xx) and curves (50xx) lose their data in every
  // profile (Table E.1-1: X); the rest of a plane without its data is an
  // invalid module and a place for text, so the whole group goes.
  static bool isOverlayOrCurve(const gdcm::Tag& t) {
    const std::uint16_t g = t.GetGroup();
    return (g >= 0x6000 && g <= 0x60FF) || (g >= 0x5000 && g <= 0x50FF);
  }

  // On the raw bytes, text or not: this only decides keep or remove.
  bool holdsIdentifier(const std::string& value) const {
    if (value.empty()) return false;
    std::string text = value;
    return m_scrubber.scrub(text) > 0;
  }

  void processPrivate(gdcm::DataSet& ds, const std::vector<gdcm::DataElement>& elements, const std::string& path) {
    const bool retainSafe = m_config.has(ProfileOption::kRetainSafePrivate);
    std::set<std::uint32_t> usedCreators;
    for (const gdcm::DataElement& de : elements) {
      const gdcm::Tag& t = de.GetTag();
      if (!t.IsPrivate() || t.IsPrivateCreator() || t.GetElement() == 0) continue;
      if (retainSafe && t.GetElement() >= 0x1000) {
        const std::string creator = ds.GetPrivateCreator(t);
        // Listed by tag only: a value that reads as text holding an
        // identifier the file carries (a name typed where a number
        // belongs) is not what the list vouches for, and goes.
        if (isSafePrivate(creator, t.GetGroup(), t.GetElement()) && !holdsIdentifier(valueOf(de))) {
          usedCreators.insert(tagOf(t.GetGroup(), t.GetElement() >> 8));
          continue;
        }
      }
      m_report.changes.push_back({path + tagText(t), "private", Action::kRemove});
      ds.Remove(t);
    }
    for (const gdcm::DataElement& de : elements) {
      const gdcm::Tag& t = de.GetTag();
      if (t.IsPrivate() && (t.IsPrivateCreator() || t.GetElement() == 0) && !usedCreators.count(tagOf(t)))
        ds.Remove(t);
    }
  }

  void process(gdcm::DataSet& ds, const std::string& path) {
    // Copies share their values with the set: sequences are edited in place.
    const std::vector<gdcm::DataElement> elements(ds.GetDES().begin(), ds.GetDES().end());
    processPrivate(ds, elements, path);
    const bool cleanGraphics = m_config.has(ProfileOption::kCleanGraphics);
    for (const gdcm::DataElement& de : elements) {
      const gdcm::Tag& t = de.GetTag();
      if (t.IsPrivate()) continue;
      const std::uint32_t tag = tagOf(t);
      if (t.GetElement() == 0 && t.GetGroup() != 0) {  // group lengths: stale after any change
        ds.Remove(t);
        continue;
      }
      if (tag == kPixelData) continue;
      if (isOverlayOrCurve(t) || (cleanGraphics && tag == kGraphicAnnotationSequence)) {
        record(path, de, findProfileRow(tag), Action::kRemove);
        ds.Remove(t);
        continue;
      }
      const gdcm::VR vr = vrOf(de);
      const ProfileRow* row = findProfileRow(tag);
      const Action a = resolveAction(row, tag, kindOf(vr), m_config);
      apply(ds, de, vr, row, a, path);
    }
  }

  void apply(gdcm::DataSet& ds, const gdcm::DataElement& de, gdcm::VR vr, const ProfileRow* row, Action a,
             const std::string& path) {
    const gdcm::Tag& t = de.GetTag();
    const std::string value = valueOf(de);
    switch (a) {
      case Action::kKeep:
        if (vr == gdcm::VR::SQ) recurse(ds, de, path);
        return;
      case Action::kRecurse:
        recurse(ds, de, path);
        return;
      case Action::kKeepScrubbed: {
        if (!isFreeText(vr) || value.empty() || (vr == gdcm::VR::UN && !looksLikeText(value))) return;
        std::string text = value;
        if (const std::size_t n = m_scrubber.scrub(text)) {
          m_report.freeTextMatches += n;
          record(path, de, row, a);
          setString(ds, de, text, vr);
        }
        return;
      }
      case Action::kRemove:
        ds.Remove(t);
        break;
      case Action::kEmpty:
        if (vr == gdcm::VR::SQ) {
          setSequence(ds, de, {});
        } else {
          setString(ds, de, "", vr);
        }
        break;
      case Action::kDummy:
        setString(ds, de, dummyFor(vr, value.size()), vr);
        break;
      case Action::kUid: {
        std::vector<std::string> uids;
        // A UID of the DICOM registry (a SOP class, a code) names no one.
        if (!trimPadding(value).empty())
          for (std::string_view uid : splitValues(value))
            uids.push_back(uid.starts_with(kDicomRegistryRoot) ? std::string(uid) : pseudonymousUid(m_config.key, uid));
        setString(ds, de, joinValues(uids), gdcm::VR::UI);
        break;
      }
      case Action::kShiftDate:
        setString(ds, de, shiftDateValue(value, m_shiftDays, vr == gdcm::VR::DT), vr);
        break;
      case Action::kYearOnly: {
        const bool dt = vr == gdcm::VR::DT;
        const std::string base = m_config.has(ProfileOption::kRetainModifiedDates)
                                     ? shiftDateValue(value, m_shiftDays, dt)
                                     : value;
        setString(ds, de, yearOnlyDateValue(base, dt), vr);
        break;
      }
      case Action::kPseudonymId:
        setString(ds, de, pseudonymousPatientId(m_config.key, m_originalPatientId), vr);
        break;
      case Action::kAgeCap: {
        const std::string age(trimPadding(value));
        const std::string capped = capAge(age);
        if (capped == age) return;
        setString(ds, de, capped, vr);
        break;
      }
      case Action::kZip3: {
        const std::string zip = zip3FromAddress(value);
        if (zip.empty()) {
          ds.Remove(t);
        } else {
          setString(ds, de, zip, vr);
        }
        break;
      }
    }
    record(path, de, row, a);
  }

  void recurse(gdcm::DataSet& ds, const gdcm::DataElement& de, const std::string& path) {
    if (de.IsEmpty()) return;  // an empty sequence: nothing in it to check
    gdcm::SmartPointer<gdcm::SequenceOfItems> sq = de.GetValueAsSQ();
    if (!sq) {
      // Declared a sequence but unreadable as one: nothing in it can be
      // checked, so it cannot be kept.
      record(path, de, findProfileRow(tagOf(de.GetTag())), Action::kRemove);
      ds.Remove(de.GetTag());
      return;
    }
    const std::string prefix = path + tagText(de.GetTag());
    for (gdcm::SequenceOfItems::SizeType i = 1; i <= sq->GetNumberOfItems(); ++i)
      process(sq->GetItem(i).GetNestedDataSet(), prefix + "[" + std::to_string(i - 1) + "]/");
    gdcm::DataElement copy = de;
    copy.SetVR(gdcm::VR::SQ);
    copy.SetValue(*sq);
    copy.SetVLToUndefined();
    sq->SetLengthToUndefined();
    ds.Replace(copy);
  }

  void writeMethod(gdcm::DataSet& ds) {
    const ProfileOptions options = m_config.effectiveOptions();
    // PS3.16 CID 7050 codes, PS3.15 E.1.1: what was applied.
    struct Code {
      const char* value;
      const char* meaning;
    };
    std::vector<Code> codes = {{"113100", "Basic Application Confidentiality Profile"}};
    if (!m_report.redacted.empty()) codes.push_back({"113101", "Clean Pixel Data Option"});
    constexpr std::pair<ProfileOption, Code> kOptionCodes[] = {
        {ProfileOption::kCleanGraphics, {"113103", "Clean Graphics Option"}},
        {ProfileOption::kCleanStructuredContent, {"113104", "Clean Structured Content Option"}},
        {ProfileOption::kCleanDescriptors, {"113105", "Clean Descriptors Option"}},
        {ProfileOption::kRetainFullDates, {"113106", "Retain Longitudinal Temporal Information Full Dates Option"}},
        {ProfileOption::kRetainModifiedDates,
         {"113107", "Retain Longitudinal Temporal Information Modified Dates Option"}},
        {ProfileOption::kRetainPatientCharacteristics, {"113108", "Retain Patient Characteristics Option"}},
        {ProfileOption::kRetainDeviceIdentity, {"113109", "Retain Device Identity Option"}},
        {ProfileOption::kRetainUids, {"113110", "Retain UIDs Option"}},
        {ProfileOption::kRetainSafePrivate, {"113111", "Retain Safe Private Option"}},
        {ProfileOption::kRetainInstitutionIdentity, {"113112", "Retain Institution Identity Option"}},
    };
    for (const auto& [option, code] : kOptionCodes)
      if (options.test(static_cast<std::size_t>(option))) codes.push_back(code);

    std::vector<gdcm::DataSet> items;
    for (const Code& c : codes) items.push_back(dicom::codeItem(c.value, "DCM", c.meaning));
    setSequence(ds, tagOf(0x0012, 0x0064), items);
    setString(ds, gdcm::DataElement(gdcm::Tag(0x0012, 0x0062)), "YES", gdcm::VR::CS);
    const std::string description = m_config.profile == DeidProfile::kSafeHarbor
                                        ? "Limn: PS3.15 Basic Profile + HIPAA Safe Harbor"
                                        : "Limn: PS3.15 Basic Profile";
    setString(ds, gdcm::DataElement(gdcm::Tag(0x0012, 0x0063)), description, gdcm::VR::LO);
    const char* temporal = "REMOVED";
    if (m_config.profile == DeidProfile::kSafeHarbor || m_config.has(ProfileOption::kRetainModifiedDates))
      temporal = "MODIFIED";
    else if (m_config.has(ProfileOption::kRetainFullDates))
      temporal = "UNMODIFIED";
    setString(ds, gdcm::DataElement(gdcm::Tag(0x0028, 0x0303)), temporal, gdcm::VR::CS);
  }

  void quasiIdentifiers(const gdcm::DataSet& ds) {
    QuasiIdentifiers& q = m_report.quasi;
    q.ageGroup = ageGroupOf(stringAt(ds, tagOf(0x0010, 0x1010)));
    q.sex = stringAt(ds, tagOf(0x0010, 0x0040));
    const std::string zip = stringAt(ds, tagOf(0x0010, 0x1040));
    q.zip3 = zip.size() == 3 ? zip : "";
    q.modality = stringAt(ds, tagOf(0x0008, 0x0060));
    const int year = yearOf(stringAt(ds, tagOf(0x0008, 0x0020)));
    q.year = year ? std::to_string(year) : "";
    m_report.patientPseudonym = stringAt(ds, kPatientId);
    m_report.studyUid = stringAt(ds, tagOf(0x0020, 0x000D));
    m_report.seriesUid = stringAt(ds, tagOf(0x0020, 0x000E));
    m_report.instanceUid = stringAt(ds, tagOf(0x0008, 0x0018));
  }

  const DeidConfig& m_config;
  FileReport& m_report;
  FreeTextScrubber m_scrubber;
  std::string m_originalPatientId;
  int m_shiftDays = 0;
};

BurnedInFacts burnedInFacts(const gdcm::DataSet& ds) {
  BurnedInFacts f;
  f.burnedInAnnotation = stringAt(ds, tagOf(0x0028, 0x0301));
  f.modality = stringAt(ds, tagOf(0x0008, 0x0060));
  f.sopClassUid = stringAt(ds, tagOf(0x0008, 0x0016));
  f.imageType = stringAt(ds, tagOf(0x0008, 0x0008));
  f.conversionType = stringAt(ds, tagOf(0x0008, 0x0064));
  f.recognizableVisualFeatures = stringAt(ds, tagOf(0x0028, 0x0302));
  f.manufacturer = stringAt(ds, tagOf(0x0008, 0x0070));
  f.model = stringAt(ds, tagOf(0x0008, 0x1090));
  f.rows = dicom::unsignedShortAt(ds, tagOf(0x0028, 0x0010));
  f.columns = dicom::unsignedShortAt(ds, tagOf(0x0028, 0x0011));
  f.hasPixelData = ds.FindDataElement(gdcm::Tag(0x7FE0, 0x0010));
  return f;
}

// The written file becomes the result's bytes.
Result<DeidResult> serialiseInto(DeidResult result, gdcm::Writer& writer) {
  std::stringstream os(std::ios::in | std::ios::out | std::ios::binary);
  writer.SetStream(os);
  if (!writer.Write()) return makeError(ErrorCode::kDicomParse, "the de-identified data set could not be written");
  // Read straight out of the stream's buffer: str() (and assign from its
  // iterators) copy byte by byte in Emscripten's libc++, about 40% of
  // de-identifying a CT slice in wasm.
  const std::streamoff size = os.tellp();
  if (size < 0) return makeError(ErrorCode::kDicomParse, "the de-identified data set could not be written");
  result.bytes.resize(static_cast<std::size_t>(size));
  if (os.rdbuf()->sgetn(reinterpret_cast<char*>(result.bytes.data()), size) != size)
    return makeError(ErrorCode::kInternal, "the de-identified data set could not be read back");
  return result;
}

Result<DeidResult> deidentify(std::span<const std::uint8_t> bytes, const DeidConfig& config) {
  DeidResult result;
  FileReport& report = result.report;
  dicom::MemoryIStream in(bytes);
  gdcm::Reader reader;
  reader.SetStream(in);
  if (!dicom::parsedWithinCap(bytes.size(), [&] { return reader.Read(); }))
    return makeError(ErrorCode::kNotDicom, "not a readable DICOM file");
  gdcm::File& file = reader.GetFile();
  if (Status s = dicom::checkNotTruncated(in, file); !s) return s.error();
  if (stringAt(file.GetHeader(), tagOf(0x0002, 0x0002)) == kMediaStorageDirectory) {
    return makeError(ErrorCode::kUnsupportedEncoding,
                     "a DICOMDIR is an index of byte offsets that de-identification would break: "
                     "de-identify the files it lists and build a new DICOMDIR");
  }

  const BurnedInFacts facts = burnedInFacts(file.GetDataSet());
  const BurnedInRisk risk = assessBurnedIn(facts);
  report.burnedInRisk = risk.atRisk;
  report.manufacturer = facts.manufacturer;
  report.model = facts.model;
  report.rows = facts.rows;
  report.columns = facts.columns;
  report.burnedInReason = risk.reason;
  std::vector<RedactionBox> boxes;
  if (risk.atRisk) {
    boxes = redactionFor(facts, config.burnedIn);
    if (!boxes.empty()) {
      report.burnedInDecision = "redacted";
    } else if (config.burnedIn.releaseReviewed) {
      report.burnedInDecision = "released after review";
    } else {
      report.status = FileStatus::kRefused;
      report.reason = "may carry burned-in identifiers (" + risk.reason +
                      "): redact regions or confirm a review before release";
      return result;
    }
  }

  if (boxes.empty()) {
    if (Status s = Deidentifier(config, report).run(file); !s) return s.error();
    gdcm::Writer writer;
    writer.SetFile(file);
    writer.SetCheckFileMetaInformation(false);
    return serialiseInto(std::move(result), writer);
  }

  // Redaction: decode through GDCM's image pipeline, blank, and write the
  // image uncompressed with the de-identified data set around it.
  dicom::MemoryIStream imageIn(bytes);
  dicom::CheckedImageReader imageReader;
  imageReader.SetStream(imageIn);
  if (!dicom::parsedWithinCap(bytes.size(), [&] { return imageReader.Read(); }))
    return imageReader.refusal() ? *imageReader.refusal()
                                 : makeError(ErrorCode::kDecodeFailed, "the image could not be read for redaction");
  gdcm::Image& image = imageReader.GetImage();
  // GDCM's image holds the overlays and curves as read, and its writer would
  // put them back over what the profile removed (an overlay's bitmap and
  // description); the data set alone says what of groups 50xx and 60xx
  // stays. Dropped before any copy of the image, too: gdcm::Curve has no
  // copy constructor, and a copied curve is freed twice.
  image.SetNumberOfCurves(0);
  image.SetNumberOfOverlays(0);
  if (Status s = redact(image, boxes); !s) {
    report.status = FileStatus::kRefused;
    report.reason = "redaction failed: " + s.error().message;
    return result;
  }
  report.redacted = boxes;
  gdcm::File& imageFile = imageReader.GetFile();
  // The writer writes the image's pixels, not the data set's: an overlay in
  // their unused bits is cleared there (uncompressed little endian now).
  if (const std::uint16_t mask = overlayBitsInPixelData(imageFile.GetDataSet()); mask && image.GetDataElement().GetByteValue())
    image.SetDataElement(withBitsCleared(image.GetDataElement(), mask));
  imageFile.GetHeader().SetDataSetTransferSyntax(gdcm::TransferSyntax::ExplicitVRLittleEndian);
  if (Status s = Deidentifier(config, report).run(imageFile); !s) return s.error();
  imageFile.GetDataSet().Remove(gdcm::Tag(0x0028, 0x0301));
  setString(imageFile.GetDataSet(), gdcm::DataElement(gdcm::Tag(0x0028, 0x0301)), "NO", gdcm::VR::CS);
  gdcm::ImageWriter writer;
  writer.SetFile(imageFile);
  writer.SetImage(image);
  return serialiseInto(std::move(result), writer);
}

}  // namespace

Result<DeidResult> deidentifyDicom(std::span<const std::uint8_t> bytes, const DeidConfig& config) {
  return dicom::catchingGdcm<DeidResult>("de-identifying", "DICOM error", [&] { return deidentify(bytes, config); });
}

}  // namespace limn::deid
