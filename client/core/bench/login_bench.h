// What one login costs: the client's Argon2id derivation of its two keys
// from the password, and the server's Argon2id check of the authentication
// key (what every attempt, right or wrong, known name or not, pays).
#pragma once

#include <vector>

#include "client/core/bench/annot_bench.h"

namespace limn::bench {

// Figures named "login_client_kdf" and "login_server_verify", in ms.
std::vector<AnnotBenchFigure> runLoginBench(int attempts = 5);

}  // namespace limn::bench
