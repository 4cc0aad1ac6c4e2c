#include <catch2/catch.hpp>

#include "client/core/deid/free_text_scrubber.h"

using namespace limn::deid;

TEST_CASE("Values the file carries are found in text, at word boundaries, in any case") {
  FreeTextScrubber s;
  s.learn("QUIXOTE^ZEBULON^J", IdentifierKind::kPersonName);
  s.learn("QX99812377", IdentifierKind::kIdentifier);
  s.learn("742 Evergreen Terrace, Springfield", IdentifierKind::kAddress);
  std::string text = "Follow-up for Zebulon quixote (MRN QX99812377), lives in Springfield";
  CHECK(s.scrub(text) >= 4);
  CHECK(text.find("Zebulon") == std::string::npos);
  CHECK(text.find("quixote") == std::string::npos);
  CHECK(text.find("QX99812377") == std::string::npos);
  CHECK(text.find("Springfield") == std::string::npos);
  CHECK(text.find("Follow-up for") == 0);  // the rest is untouched
  CHECK(text.size() == std::string("Follow-up for Zebulon quixote (MRN QX99812377), lives in Springfield").size());

  std::string unrelated = "JAN annual review of ZEBULONIAN rites";
  CHECK(s.scrub(unrelated) == 0);  // "J" is too short, no word contains a name as a word
}

TEST_CASE("Birth dates are found in the ways people write them") {
  FreeTextScrubber s;
  s.learn("19340215", IdentifierKind::kDate);
  for (std::string text : {"born 1934-02-15", "DOB 02/15/1934", "dob 15.02.1934", "19340215"}) {
    CHECK(s.scrub(text) >= 1);
    CHECK(text.find("1934") == std::string::npos);
  }
}

TEST_CASE("Identifier shapes are removed without knowing the values") {
  std::string text =
      "call (541) 555-0199 or 541-555-0198, mail zq@example.org, see https://x.example/p?id=1 "
      "from 10.20.30.40, SSN 123-45-6789, seen 2019-03-04 and 03/04/2019, Eugene OR 97403-1234";
  CHECK(scrubIdentifierPatterns(text) >= 9);
  for (const char* planted : {"555-0199", "555-0198", "zq@example.org", "x.example", "10.20.30.40", "123-45-6789",
                              "2019-03-04", "03/04/2019", "97403"})
    CHECK(text.find(planted) == std::string::npos);
  std::string clinical = "CT chest 5 mm, 120 kV, W 400 L 40";
  CHECK(scrubIdentifierPatterns(clinical) == 0);
}

TEST_CASE("Codes are removed when named or when they look like record numbers") {
  std::string text = "plate 7QXZ123, license: DLQ1234567, acct #88-77 and FP883311; 512x512 T1 MPRAGE b1000 120kVp";
  CHECK(scrubIdentifierPatterns(text) >= 4);
  for (const char* planted : {"7QXZ123", "DLQ1234567", "88-77", "FP883311"}) CHECK(text.find(planted) == std::string::npos);
  for (const char* clinical : {"512x512", "T1 MPRAGE", "b1000", "120kVp"}) CHECK(text.find(clinical) != std::string::npos);
}
