#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "client/core/deid/profile_table.h"
#include "client/core/deid/zip3.h"

using namespace limn::deid;

namespace {

nlohmann::json readJson(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());  // ../shared/data beside the checkout (see ../shared/README.md)
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

std::string normalisedName(const std::string& name) {
  std::istringstream in(name);
  std::string word, out;
  while (in >> word) out += (out.empty() ? "" : " ") + word;
  return out;
}

}  // namespace

TEST_CASE("The generated table matches PS3.15 Table E.1-1 row by row") {
  const auto rows = readJson(std::string(LIMN_SHARED_DATA) + "/dicom/confidentiality_profile_attributes.json");
  REQUIRE(rows.size() == 621);
  REQUIRE(profileTable().size() == rows.size());
  const char* columns[] = {"rtnSafePrivOpt", "rtnUIDsOpt", "rtnLongFullDatesOpt", "rtnLongModifDatesOpt",
                           "rtnDevIdOpt", "rtnPatCharsOpt", "rtnInstIdOpt", "cleanDescOpt", "cleanGraphOpt",
                           "cleanStructContOpt"};
  for (const auto& r : rows) {
    const std::string id = r.at("id");
    auto it = std::find_if(profileTable().begin(), profileTable().end(),
                           [&](const ProfileRow& p) { return id == p.id; });
    REQUIRE(it != profileTable().end());
    CHECK(basicActionCode(it->basic) == r.at("basicProfile").get<std::string>());
    CHECK(std::string(it->name) == normalisedName(r.at("name")));
    for (std::size_t i = 0; i < kProfileOptionCount; ++i)
      CHECK(it->options[i] == (r.contains(columns[i]) ? r.at(columns[i]).get<std::string>()[0] : '-'));
  }
}

TEST_CASE("Lookup finds exact tags, the 50xx/60xx patterns and nothing else") {
  REQUIRE(findProfileRow(0x00100010));
  CHECK(std::string(findProfileRow(0x00100010)->name) == "Patient's Name");
  CHECK(findProfileRow(0x00100010)->basic == BasicAction::kZ);
  REQUIRE(findProfileRow(0x60023000));
  CHECK(std::string(findProfileRow(0x60023000)->id) == "60xx3000");
  REQUIRE(findProfileRow(0x50100020));
  CHECK(std::string(findProfileRow(0x50100020)->id) == "50xxxxxx");
  CHECK(findProfileRow(0x00280010) == nullptr);  // Rows: not listed, kept
  CHECK(privateAttributesRow().option(ProfileOption::kRetainSafePrivate) == 'C');
}

TEST_CASE("ZIP3 prefixes that become 000 are the Safe Harbor list") {
  const auto sh = readJson(std::string(LIMN_SHARED_DATA) + "/hipaa/safe_harbor.json");
  std::vector<std::string> expected = sh.at("zip3_restricted_to_000");
  std::vector<std::string> ours(restrictedZip3Prefixes().begin(), restrictedZip3Prefixes().end());
  CHECK(ours == expected);
  CHECK(sh.at("identifiers").size() == 18);
}
