// Annotation ops in and out of their envelopes (shared/sync/op_envelope.h):
// the op's JSON is the plaintext, and the envelope's op id is the op's own
// id, so a server cannot pass one op off under another's name.
#pragma once

#include <string>

#include "client/core/annot/op.h"
#include "shared/sync/op_envelope.h"

namespace limn::sync {

// "author#counter": unique, since the counter has no '#'.
std::string envelopeOpId(const annot::OpId& id);

struct SealTarget {
  std::string project;  // the server's spelling
  std::string task;     // the task id as text
  std::uint32_t epoch = 0;
};

OpEnvelope sealAnnotationOp(const annot::Op& op, const SealTarget& target, const crypto::AeadKey& epochKey,
                            const crypto::SigningKeyPair& author);

// The op, or why not: the envelope's op id names its signer, everything
// openOp checks, then that the plaintext is an op whose id is the
// envelope's. kAuthorFault when what decrypted is at fault (not a valid op,
// or another op): only its signer can have sealed that. kUnsupportedEncoding
// for an op of a newer Limn.
Result<annot::Op> openAnnotationOp(const OpEnvelope& envelope, const OpenContext& context);

}  // namespace limn::sync
