#include "client/core/sync/relayed_image.h"

namespace limn::sync {

Result<std::vector<std::uint8_t>> openRelayedImage(const nlohmann::json& reply, const std::string& name,
                                                   const OpenContext& context) {
  auto envelope = envelopeFromJson(reply.is_object() && reply.contains("envelope") ? reply["envelope"] : nlohmann::json());
  if (!envelope) return envelope.error();
  if (envelope->address.opId != name) return makeError(ErrorCode::kCryptoFailure, "the server sent another image");
  return openBlob(*envelope, context);
}

}  // namespace limn::sync
