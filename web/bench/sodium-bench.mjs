// The op envelope's construction (shared/sync/op_envelope.h) in
// libsodium-wrappers from npm, for `limn bench` to set beside our wasm in
// the same Node: XChaCha20-Poly1305 IETF with the address as associated
// data and a random nonce, then an Ed25519 signature over label || AD ||
// nonce || ciphertext; opening verifies, then decrypts. Prints one JSON line
// {"bench": "op_seal_open", "runtime": "libsodium-wrappers", "sizes": [...]}.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../package.json', import.meta.url));
const sodium = require('libsodium-wrappers');
await sodium.ready;

const secondsPerSize = Number(process.argv[2] ?? 0.4);
const enc = new TextEncoder();
const field = (text) => {
  const bytes = enc.encode(text);
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length);
  out.set(bytes, 4);
  return out;
};
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};

const key = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
const author = sodium.crypto_sign_keypair();
const epoch = new Uint8Array([0, 0, 0, 3]);
const ad = concat(field('limn-op'), new Uint8Array([1]), field('Neuro 2026'), field('1234'), field('dr.example#5678'),
  epoch, author.publicKey);
const sigLabel = field('limn-op-signature');

function seal(plaintext) {
  const nonce = sodium.randombytes_buf(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const ct = concat(nonce, sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, ad, null, nonce, key));
  const sig = sodium.crypto_sign_detached(concat(sigLabel, ad, ct), author.privateKey);
  return { ct, sig };
}

function open({ ct, sig }) {
  if (!sodium.crypto_sign_verify_detached(sig, concat(sigLabel, ad, ct), author.publicKey)) throw new Error('bad signature');
  const n = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ct.subarray(n), ad, ct.subarray(0, n), key);
}

function perSecond(once) {
  const start = process.hrtime.bigint();
  let calls = 0, elapsed = 0;
  do {
    for (let i = 0; i < 64; ++i) once();
    calls += 64;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  } while (elapsed < secondsPerSize);
  return calls / elapsed;
}

const sizes = [];
for (const bytes of [100, 1000, 10000]) {
  const plaintext = sodium.randombytes_buf(bytes);
  let sealed = null;
  const sealPerS = perSecond(() => { sealed = seal(plaintext); });
  let ok = true;
  const openPerS = perSecond(() => { ok = ok && open(sealed).length === bytes; });
  sizes.push({ bytes, seal_per_s: sealPerS, open_per_s: openPerS, opened: ok });
}
console.log(JSON.stringify({ bench: 'op_seal_open', runtime: 'libsodium-wrappers', version: sodium.SODIUM_VERSION_STRING ?? null, sizes }));
