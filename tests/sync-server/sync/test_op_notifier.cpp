#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "sync-server/sync/op_notifier.h"

using namespace limn::server;
using namespace std::chrono_literals;

TEST_CASE("a waiting pull wakes as soon as its task gets a push, not at the next recheck") {
  OpNotifier n;
  std::atomic<bool> pushed{false};
  std::thread pusher([&] {
    std::this_thread::sleep_for(50ms);
    pushed = true;
    n.notify(7);
  });
  const auto start = std::chrono::steady_clock::now();
  CHECK(n.waitFor(7, 5s, [&] { return pushed.load(); }));
  const auto waited = std::chrono::steady_clock::now() - start;
  pusher.join();
  CHECK(waited < OpNotifier::kRecheck);
}

TEST_CASE("a pull with nothing new returns after its timeout; pushes elsewhere do not end it early") {
  OpNotifier n;
  std::thread other([&] {
    for (int i = 0; i < 5; ++i) {
      std::this_thread::sleep_for(20ms);
      n.notify(8);
    }
  });
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(n.waitFor(7, 300ms, [] { return false; }));
  CHECK(std::chrono::steady_clock::now() - start >= 300ms);
  other.join();
}

TEST_CASE("stopping the server ends waiting pulls at once") {
  OpNotifier n;
  std::thread stopper([&] {
    std::this_thread::sleep_for(50ms);
    n.shutdown();
  });
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(n.waitFor(7, 10s, [] { return false; }));
  stopper.join();
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  CHECK_FALSE(n.waitFor(7, 10s, [] { return false; }));  // later waits end at once too
  CHECK(std::chrono::steady_clock::now() - start < 2s);
}
