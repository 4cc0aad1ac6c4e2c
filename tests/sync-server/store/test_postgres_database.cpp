#include <catch2/catch.hpp>

#include "sync-server/store/postgres_database.h"

using limn::server::toPostgresPlaceholders;

// The queries themselves run against a real PostgreSQL in the integration
// tests (tests/sync-server/identity.test.mjs).
TEST_CASE("question marks become numbered parameters, except inside literals") {
  CHECK(toPostgresPlaceholders("SELECT ? , ?") == "SELECT $1 , $2");
  CHECK(toPostgresPlaceholders("WHERE a = '?' AND b = ?") == "WHERE a = '?' AND b = $1");
  CHECK(toPostgresPlaceholders("no params") == "no params");
}
