#include <catch2/catch.hpp>

#include "client/core/deid/pseudonym.h"

using namespace limn::deid;

namespace {

ProjectKey keyFrom(const char* secret) {
  const std::string s(secret);
  auto k = projectKeyFromSecret({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
  REQUIRE(k.ok());
  return *k;
}

}  // namespace

TEST_CASE("UID pseudonyms are consistent per project and unlinkable across projects") {
  const ProjectKey a = keyFrom("project A secret, 32+ bytes long"), b = keyFrom("project B secret, 32+ bytes long");
  const std::string uid = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
  const std::string pa = pseudonymousUid(a, uid);
  CHECK(pa == pseudonymousUid(a, uid));
  CHECK(pa == pseudonymousUid(a, uid + std::string(1, '\0')));  // UI padding is not part of the UID
  CHECK(pa != pseudonymousUid(b, uid));
  CHECK(pa != pseudonymousUid(a, uid + "1"));
  CHECK(pa.rfind("2.25.", 0) == 0);
  CHECK(pa.size() <= 44);
  CHECK(pa[5] != '0');
  CHECK(pa.find_first_not_of("0123456789.") == std::string::npos);
}

TEST_CASE("Patient pseudonyms and date shifts follow the patient") {
  const ProjectKey a = keyFrom("project A secret, 32+ bytes long");
  CHECK(pseudonymousPatientId(a, "12345") == pseudonymousPatientId(a, "12345 "));
  CHECK(pseudonymousPatientId(a, "12345") != pseudonymousPatientId(a, "12346"));
  CHECK(pseudonymousPatientId(a, "12345").size() == 21);
  const int d = dateShiftDays(a, "12345");
  CHECK(d >= 1);
  CHECK(d <= 1095);
  CHECK(d == dateShiftDays(a, "12345"));
}

TEST_CASE("A project secret must have some substance") {
  const std::string shortSecret = "short";
  CHECK_FALSE(projectKeyFromSecret({reinterpret_cast<const std::uint8_t*>(shortSecret.data()), shortSecret.size()}));
  CHECK(ephemeralProjectKey() != ephemeralProjectKey());
}
