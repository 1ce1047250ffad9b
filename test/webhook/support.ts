/**
 * Helpers for the webhook tests: callbacks signed the documented way, independently of the
 * library (node:crypto directly), and a logger that records every line.
 */
import { createPrivateKey, sign } from "node:crypto";
import type { Logger } from "../../src/logger.js";

export const APP_ID = "102000777";
export const SECRET = "webhook-test-secret-7f3a";

/** Sign like the platform: Ed25519 over timestamp + body with the seed from the repeated secret. */
export function platformSign(secret: string, timestamp: string, body: Buffer): string {
  let text = secret;
  while (Buffer.byteLength(text) < 32) text += secret;
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(text).subarray(0, 32)]);
  return sign(null, Buffer.concat([Buffer.from(timestamp), body]), createPrivateKey({ key: der, format: "der", type: "pkcs8" })).toString("hex");
}

/** Unix seconds now (wall clock), as the header carries it. */
export const nowSeconds = (): string => String(Math.floor(Date.now() / 1000));

/** A signed callback: headers + raw body. `overrides` replace (or, with `undefined`, remove) headers. */
export function signedCallback(
  payload: unknown,
  options: { secret?: string; appId?: string; timestamp?: string; overrides?: Record<string, string | undefined>; rawBody?: Buffer } = {},
): { headers: Record<string, string>; rawBody: Buffer } {
  const rawBody = options.rawBody ?? Buffer.from(JSON.stringify(payload));
  const timestamp = options.timestamp ?? nowSeconds();
  const headers: Record<string, string | undefined> = {
    "user-agent": "QQBot-Callback",
    "x-bot-appid": options.appId ?? APP_ID,
    "x-tps-trace-id": "trace-0001",
    "x-signature-method": "Ed25519",
    "x-signature-timestamp": timestamp,
    "x-signature-ed25519": platformSign(options.secret ?? SECRET, timestamp, rawBody),
    ...options.overrides,
  };
  const clean = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
  return { headers: clean, rawBody };
}

/** A dispatch payload. */
export function dispatchPayload(id: string, t = "C2C_MESSAGE_CREATE", d: Record<string, unknown> = {}): Record<string, unknown> {
  return { op: 0, id, s: 1, t, d: { id: `msg-${id}`, content: "hi", author: { user_openid: "U1" }, timestamp: "2024-01-01T00:00:00+08:00", ...d } };
}

/** A logger that keeps every line as text (fields JSON-encoded). */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (obj: object | string, msg?: string) => void lines.push(`${level} ${msg ?? ""} ${typeof obj === "string" ? obj : JSON.stringify(obj)}`);
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
