// The app's live link to one task's op log on limn-server. It seals this
// person's new ops for the page to push and opens the pages of ops the
// page pulls; the page (web/sync.js) does only the HTTP and the IndexedDB
// outbox of sealed envelopes. Keys and plaintext stay here, in the wasm
// heap: the server and the page's storage see ciphertext only.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/core/annot/annotation_document.h"
#include "client/core/sync/key_ring.h"
#include "client/core/sync/known_keys.h"
#include "client/core/sync/pulled_ops.h"
#include "shared/keys/user_keys.h"

namespace limn::app {

class SyncLink {
 public:
  // This person's keys, unwrapped from what the server returned at sign-in
  // with the key-encryption key the page derived from the password.
  // `remembered`: the people's keys this browser saw in earlier visits
  // (knownKeysJson, kept by the page), checked like those seen since.
  Status unlock(const std::string& user, const nlohmann::json& published, const std::string& kekHex,
                const nlohmann::json& remembered);
  bool unlocked() const { return m_keys.has_value(); }
  // Signing out (or a password change, which ends every session): the keys
  // leave the module's memory and the task is let go.
  void lock();
  // A new password: this person's keys wrapped again under its
  // key-encryption key (checked to open), base64 for POST /auth/password.
  Result<std::string> passwordRewrap(const std::string& newKekHex) const;
  const std::string& user() const { return m_user; }
  // The people's keys seen so far (client/core/sync/known_keys.h), for the
  // page to keep across visits.
  nlohmann::json knownKeysJson() const { return sync::knownKeysToJson(m_known); }

  // Starts syncing `task` with the project's keys (GET /projects/{name}/keys).
  Status bind(const std::string& task, const std::string& imageId, const nlohmann::json& keyStatus);
  void unbind();
  bool bound() const { return m_bound; }
  const std::string& task() const { return m_task; }

  // This person's ops in `document` not yet handed to the page, sealed
  // (envelopes as JSON); empty when there are none or sealing is not possible.
  nlohmann::json outgoing(const annot::AnnotationDocument& document);
  // A pulled page: the ops to fold in, or why the page was refused (then
  // nothing of it is used and the cursor stays). Ops their own signer sealed
  // badly are left out and counted (stateJson's "refused").
  Result<std::vector<annot::Op>> incoming(const nlohmann::json& reply);
  void acknowledged(std::size_t count) { m_acknowledged += count; }
  // Takes the project's keys as they are now (`keyStatus`): after a key
  // rotation, later edits seal under the new epoch and others' edits under
  // it open. `envelopes`, this person's that the server refused because the
  // rotation replaced their epoch while they waited in the outbox, are
  // opened under the epoch they were sealed with and sealed again, same op
  // ids, under the current one. All or none: one that does not open (or is
  // not this person's) refuses the lot and changes nothing.
  Result<nlohmann::json> rekey(const nlohmann::json& keyStatus, const nlohmann::json& envelopes);

  // A project's members with their key fingerprints, from its key status;
  // refused if it gives someone other keys than this page saw before.
  Result<nlohmann::json> membersJson(const nlohmann::json& keyStatus) const;
  // Confirming `names` (members waiting for the key): the key-wraps request
  // bodies, made with this person's keys. Refused unless they hold the
  // current key.
  Result<nlohmann::json> confirmMembers(const nlohmann::json& keyStatus, const std::vector<std::string>& names,
                                        bool pastEpochs) const;

  // After a member left: the next key epoch, wrapped to the members who
  // hold the current one (`keyStatus`, fetched after the removal), as the
  // body of POST /projects/{name}/key-epochs. Refused unless this person
  // holds the current key.
  Result<nlohmann::json> rotationRequest(const nlohmann::json& keyStatus) const;

  // An event only this page saw ({"action", "resource", "detail", "time"}),
  // stated and signed by this person (shared/audit/client_event.h) for
  // POST /api/v1/audit/events. Refused until their keys are unlocked.
  Result<nlohmann::json> signClientEvent(const nlohmann::json& event) const;

  // A relayed image of the bound task (the server's GET .../blobs/{name}
  // reply), checked and opened (client/core/sync/relayed_image.h).
  Result<std::vector<std::uint8_t>> openRelayedImage(const nlohmann::json& reply, const std::string& name) const;

  nlohmann::json stateJson() const;

 private:
  // A project's keys as this person holds them; refused while theirs are
  // locked, or if the status gives someone other keys than seen before.
  Result<sync::KeyRing> myRing(const nlohmann::json& keyStatus) const;
  // Checks `keyStatus` against the people's keys seen since sign-in.
  Status checkKnown(const nlohmann::json& keyStatus) const;

  std::string m_user;
  std::optional<keys::UserKeys> m_keys;
  // People's keys seen in this and earlier visits: learnt by reading a key
  // status, which the const readers do, hence mutable.
  mutable sync::KnownKeys m_known;
  bool m_bound = false;
  std::string m_task, m_imageId;
  sync::KeyRing m_ring;
  sync::AcceptedOps m_accepted;
  std::int64_t m_lastSeq = 0;
  std::set<annot::OpId> m_handedOut;  // this person's ops sealed, or pulled back from the server
  std::uint64_t m_sealed = 0, m_acknowledged = 0, m_received = 0, m_refused = 0;
  std::optional<sync::RefusedOp> m_lastRefused;
  std::string m_error;
};

}  // namespace limn::app
