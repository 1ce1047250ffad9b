/**
 * How the simulated platform signs callbacks: its own implementation of the documented
 * derivation (PROTOCOL.md Part D), independent of the client's `src/webhook/signing.ts`,
 * so a test that passes with both proves they agree with the documentation, not with each other.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";

/** ASN.1 DER of a PKCS#8 Ed25519 private key, minus its final 32-byte seed (RFC 8410). */
const ED25519_PKCS8_HEADER = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

/** The platform's key for one bot secret. */
export interface PlatformSigningKey {
  /** Hex signature of `timestamp + body`. */
  sign(timestamp: string, body: Uint8Array): string;
  /** Whether `signatureHex` signs `message` (op 13 answers). */
  verifyAnswer(message: string, signatureHex: unknown): boolean;
}

/** Seed: the secret doubled until it has at least 32 bytes, then its first 32 (the Go SDK's loop). */
function seedOf(secret: string): Buffer {
  let seed = Buffer.from(secret, "utf8");
  if (seed.length === 0) throw new RangeError("the simulator needs a non-empty client secret to sign callbacks");
  while (seed.length < 32) seed = Buffer.concat([seed, seed]);
  return seed.subarray(0, 32);
}

function privateKeyOf(secret: string): KeyObject {
  const der = new Uint8Array(ED25519_PKCS8_HEADER.length + 32);
  der.set(ED25519_PKCS8_HEADER, 0);
  der.set(seedOf(secret), ED25519_PKCS8_HEADER.length);
  return createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs8" });
}

/** The signing key of `secret`. */
export function platformSigningKey(secret: string): PlatformSigningKey {
  const privateKey = privateKeyOf(secret);
  const publicKey = createPublicKey(privateKey);
  return {
    sign: (timestamp, body) => sign(null, Buffer.concat([Buffer.from(timestamp, "utf8"), body]), privateKey).toString("hex"),
    verifyAnswer: (message, signatureHex) => {
      if (typeof signatureHex !== "string" || !/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
      return verify(null, Buffer.from(message, "utf8"), publicKey, Buffer.from(signatureHex, "hex"));
    },
  };
}
