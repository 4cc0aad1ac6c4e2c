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

TEST_CASE("Dates written with month names, and names upper-cased in Latin-1 or UTF-8, are found") {
  for (std::string text : {"seen 4 March 2019", "seen March 4, 2019", "seen 04-Mar-2019", "due Sept. 2019",
                           "on 1st dec 2019"}) {
    INFO(text);
    CHECK(scrubIdentifierPatterns(text) >= 1);
    CHECK(text.find("2019") == std::string::npos);
  }
  for (std::string clinical : {"may improve; 3 marked lesions in 2019", "Cirrus HD-OCT 5000", "Topcon 3D OCT-2000",
                               "dose may 1000 mg", "2 dec. 10%", "3 OCT 12 months", "Head 1.0 MAR 30"}) {
    INFO(clinical);
    const std::string before = clinical;
    CHECK(scrubIdentifierPatterns(clinical) == 0);
    CHECK(clinical == before);
  }

  FreeTextScrubber s;
  s.learn("M\xC3\xBCller^J\xC3\xBCrgen", IdentifierKind::kPersonName);  // UTF-8 (ISO_IR 192)
  s.learn("Gr\xE4""f^Ren\xE9", IdentifierKind::kPersonName);              // Latin-1 (ISO_IR 100)
  std::string utf8 = "seen by M\xC3\x9CLLER, J\xC3\x9CRGEN";
  CHECK(s.scrub(utf8) == 2);
  CHECK(utf8.find("LLER") == std::string::npos);
  std::string latin1 = "GR\xC4""F, REN\xC9";
  CHECK(s.scrub(latin1) == 2);
  CHECK(latin1 == "XXXX, XXXX");
}

TEST_CASE("An ISO 2022 name is found written together, with no escape or space between its parts") {
  // Yamada^Tarou=山田^太郎 in ISO 2022 IR 87: each part is its own two-byte run.
  FreeTextScrubber s;
  s.learn("Yamada^Tarou=\x1B$B;3ED\x1B(B^\x1B$BB@O:\x1B(B", IdentifierKind::kPersonName);
  std::string text = "\x1B$B45<T\x1B(B \x1B$B;3EDB@O:\x1B(B";  // 患者 山田太郎, together
  CHECK(s.scrub(text) >= 2);
  CHECK(text.find(";3ED") == std::string::npos);
  CHECK(text.find("B@O:") == std::string::npos);
  CHECK(text.find("45<T") != std::string::npos);  // 患者 ("patient") stays
}

TEST_CASE("A Korean or Chinese name (ISO 2022, G1 set) is found written together") {
  // PS3.5 H.3.1: Wang^XiaoDong=王^小東=, in ISO 2022 IR 58; no escape back before ^ or =.
  FreeTextScrubber s;
  s.learn("Wang^XiaoDong=\x1B$)A\xCD\xF5^\x1B$)A\xD0\xA1\xB6\xAB=", IdentifierKind::kPersonName);
  std::string text = "\x1B$)A\xB2\xA1\xC8\xCB \xCD\xF5\xD0\xA1\xB6\xAB";  // 病人 王小東, together
  CHECK(s.scrub(text) >= 1);
  CHECK(text.find("\xD0\xA1\xB6\xAB") == std::string::npos);
  CHECK(text.find("\xCD\xF5") == std::string::npos);  // the one-character family name too
  CHECK(text.find("\xB2\xA1\xC8\xCB") != std::string::npos);
}
