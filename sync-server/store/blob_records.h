// Sealed blobs of a task (the image relay) as stored rows. The server holds
// the name, epoch, author, ciphertext and signature; it cannot open one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync-server/store/database.h"

namespace limn::server {

struct StoredBlob {
  std::string name;
  std::int64_t epoch = 0;
  std::int64_t authorId = 0;
  std::string authorName;  // filled in by reads
  Blob authorKey;
  Blob ciphertext;  // empty in listings
  Blob signature;
  std::int64_t receivedAt = 0;
  std::int64_t size = 0;
};

// false when the same author already stored a blob of that name (kept as
// it was); kConflict when another author did.
Result<bool> insertBlob(Database& tx, std::int64_t taskId, const StoredBlob& blob, std::int64_t now);
Result<std::vector<StoredBlob>> listBlobs(Database& db, std::int64_t taskId);
Result<std::optional<StoredBlob>> findBlob(Database& db, std::int64_t taskId, const std::string& name);

}  // namespace limn::server
