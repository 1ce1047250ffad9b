/**
 * Webhook signatures: the documented derivation (secret repeated to ≥ 32 bytes, cut to 32,
 * Ed25519 over timestamp + body), computed independently here with node:crypto, must match
 * the library's signer and the simulator's; RFC 8032 pins the key wrapping itself.
 */
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { QQBotConfigError } from "../../src/errors.js";
import { createWebhookSigner, keyPairFromSeed, webhookSeed } from "../../src/webhook/signing.js";
import { platformSigningKey } from "../../src/testing/webhook-signer.js";

/** The derivation as the docs state it, written out naively. */
function referenceKey(secret: string) {
  let text = secret;
  while (Buffer.byteLength(text, "utf8") < 32) text += secret;
  const seed = Buffer.from(text, "utf8").subarray(0, 32);
  // RFC 8410 PKCS#8 envelope: SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING seed } }
  const der = Buffer.concat([Buffer.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]), seed]);
  const privateKey = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  return { seed, privateKey, publicKey: createPublicKey(privateKey) };
}

const SECRETS = ["naOC0ocQE3shWLAfffVLB1rhYPG7", "abc", "x", "0123456789abcdef0123456789abcdef-longer-than-32", "机器人密钥"];

describe("webhook signing", () => {
  it.each(SECRETS)("derives the documented seed for %j", (secret) => {
    const seed = webhookSeed(secret);
    expect(seed).toHaveLength(32);
    expect(seed.equals(referenceKey(secret).seed)).toBe(true);
  });

  it("repeats a short secret byte for byte: 'abc' → 'abcabc…ab'", () => {
    expect(webhookSeed("abc").toString("utf8")).toBe("abcabcabcabcabcabcabcabcabcabcab");
  });

  it.each(SECRETS)("signs timestamp + body exactly as an independent node:crypto reference does (%j)", (secret) => {
    const ref = referenceKey(secret);
    const message = Buffer.concat([Buffer.from("1725442341"), Buffer.from('{"op":0,"id":"C2C_MESSAGE_CREATE:abc","d":{"content":"你好"},"t":"C2C_MESSAGE_CREATE"}')]);
    const expected = sign(null, message, ref.privateKey).toString("hex");
    const signer = createWebhookSigner(secret);
    expect(signer.sign(message)).toBe(expected); // Ed25519 is deterministic
    expect(platformSigningKey(secret).sign("1725442341", message.subarray(10))).toBe(expected);
    expect(signer.verify(message, expected)).toBe(true);
    expect(verify(null, message, ref.publicKey, Buffer.from(signer.sign(message), "hex"))).toBe(true);
  });

  it("answers op 13 with the signature of event_ts + plain_token", () => {
    const secret = "DG5g3B4j9X2KOErG";
    const ref = referenceKey(secret);
    const answer = createWebhookSigner(secret).sign("1725442341" + "Arq0D5A61EgUu4OxUvOp");
    expect(verify(null, Buffer.from("1725442341Arq0D5A61EgUu4OxUvOp"), ref.publicKey, Buffer.from(answer, "hex"))).toBe(true);
    expect(platformSigningKey(secret).verifyAnswer("1725442341Arq0D5A61EgUu4OxUvOp", answer)).toBe(true);
    expect(platformSigningKey(secret).verifyAnswer("1725442342Arq0D5A61EgUu4OxUvOp", answer)).toBe(false);
  });

  it("wraps a seed into the right key: RFC 8032 §7.1 TEST 1", () => {
    const seed = Buffer.from("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex");
    const { privateKey, publicKey } = keyPairFromSeed(seed);
    const spki = publicKey.export({ format: "der", type: "spki" });
    expect(spki.subarray(-32).toString("hex")).toBe("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    expect(sign(null, Buffer.alloc(0), privateKey).toString("hex")).toBe(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    );
  });

  it("refuses tampered messages, other keys and malformed signatures", () => {
    const signer = createWebhookSigner("secret-one");
    const sig = signer.sign("1700000000{}");
    expect(signer.verify("1700000001{}", sig)).toBe(false);
    expect(signer.verify("1700000000{ }", sig)).toBe(false);
    expect(createWebhookSigner("secret-two").verify("1700000000{}", sig)).toBe(false);
    expect(signer.verify("1700000000{}", "zz")).toBe(false);
    expect(signer.verify("1700000000{}", sig.slice(0, 126))).toBe(false);
    expect(signer.verify("1700000000{}", sig.toUpperCase())).toBe(true);
  });

  it("exposes the raw public key, and refuses an empty secret with a config error", () => {
    expect(createWebhookSigner("abc").publicKeyHex).toBe(
      referenceKey("abc").publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex"),
    );
    expect(() => createWebhookSigner("")).toThrow(QQBotConfigError);
    expect(() => keyPairFromSeed(Buffer.alloc(31))).toThrow(RangeError);
  });
});
