/**
 * Ed25519 signing of webhook callbacks (PROTOCOL.md Part D), with `node:crypto` only.
 *
 * - seed: the bot secret's UTF-8 bytes repeated until there are at least 32, cut to 32;
 * - key: the seed wrapped in its PKCS#8 DER form (RFC 8410) and imported as a private key;
 * - a callback's signature covers `X-Signature-Timestamp + raw body` (bytes as received);
 * - the op 13 answer signs `event_ts + plain_token`.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { QQBotConfigError } from "../errors.js";

/** Ed25519 seed length in bytes. */
export const ED25519_SEED_BYTES = 32;

/** PKCS#8 `PrivateKeyInfo` for Ed25519 (OID 1.3.101.112) up to the 32-byte seed (RFC 8410 §7). */
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/**
 * The 32-byte Ed25519 seed derived from a bot secret: its UTF-8 bytes repeated until
 * at least 32 long, then cut to 32. Throws `QQBotConfigError` for an empty secret.
 */
export function webhookSeed(secret: string): Buffer {
  const bytes = Buffer.from(typeof secret === "string" ? secret : "", "utf8");
  if (bytes.length === 0) throw new QQBotConfigError([{ field: "clientSecret", problem: "must be non-empty to sign webhook callbacks" }]);
  const repeated = Buffer.alloc(ED25519_SEED_BYTES);
  for (let i = 0; i < ED25519_SEED_BYTES; i++) repeated[i] = bytes[i % bytes.length]!;
  return repeated;
}

/** An Ed25519 key pair made from a 32-byte seed through its PKCS#8 DER form. */
export function keyPairFromSeed(seed: Uint8Array): { privateKey: KeyObject; publicKey: KeyObject } {
  if (seed.length !== ED25519_SEED_BYTES) throw new RangeError(`an Ed25519 seed has ${ED25519_SEED_BYTES} bytes, got ${seed.length}`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** Signs and verifies with the key pair of one bot secret. The secret itself is not kept. */
export interface WebhookSigner {
  /** Hex Ed25519 signature of `message` (a string is signed as UTF-8). */
  sign(message: string | Uint8Array): string;
  /** Whether `signatureHex` is a valid signature of `message`; false for anything malformed. */
  verify(message: string | Uint8Array, signatureHex: string): boolean;
  /** The public key, raw 32 bytes as hex (what the platform would verify with). */
  readonly publicKeyHex: string;
}

const HEX_SIGNATURE = /^[0-9a-fA-F]{128}$/;

const toBytes = (message: string | Uint8Array): Buffer =>
  typeof message === "string" ? Buffer.from(message, "utf8") : Buffer.from(message.buffer, message.byteOffset, message.byteLength);

/** A {@link WebhookSigner} for `secret` (its Ed25519 seed is the secret repeated to 32 bytes). */
export function createWebhookSigner(secret: string): WebhookSigner {
  const { privateKey, publicKey } = keyPairFromSeed(webhookSeed(secret));
  const der = publicKey.export({ format: "der", type: "spki" });
  return {
    sign: (message) => sign(null, toBytes(message), privateKey).toString("hex"),
    verify: (message, signatureHex) => {
      if (typeof signatureHex !== "string" || !HEX_SIGNATURE.test(signatureHex)) return false;
      try {
        return verify(null, toBytes(message), publicKey, Buffer.from(signatureHex, "hex"));
      } catch {
        return false;
      }
    },
    publicKeyHex: der.subarray(der.length - ED25519_SEED_BYTES).toString("hex"),
  };
}
