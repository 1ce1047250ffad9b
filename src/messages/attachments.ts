/**
 * Attachments of inbound messages, normalised: absolute `https://` URLs, camelCase fields,
 * numbers that may arrive as strings read as numbers, unusable entries skipped.
 */
import { isRecord } from "./guards.js";
import type { MessageAttachment } from "./message.js";

/**
 * An attachment URL made absolute: URLs with a scheme stay as they are, scheme-less (`//host/…`)
 * and host-relative (`host/…`, `/host/…`) ones get `https://`.
 */
export function absoluteUrl(url: string): string {
  const trimmed = url.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed;
  return `https://${trimmed.replace(/^\/+/, "")}`;
}

function readNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** Normalise `attachments` of a dispatch; anything that is not an object with a non-empty string `url` is skipped. */
export function normalizeAttachments(raw: unknown): MessageAttachment[] {
  if (!Array.isArray(raw)) return [];
  const out: MessageAttachment[] = [];
  for (const item of raw) {
    if (!isRecord(item) || typeof item["url"] !== "string" || item["url"].trim() === "") continue;
    const attachment: MessageAttachment = { url: absoluteUrl(item["url"]) };
    if (typeof item["content_type"] === "string") attachment.contentType = item["content_type"];
    if (typeof item["filename"] === "string") attachment.filename = item["filename"];
    const size = readNumber(item["size"]);
    const width = readNumber(item["width"]);
    const height = readNumber(item["height"]);
    if (size !== undefined) attachment.size = size;
    if (width !== undefined) attachment.width = width;
    if (height !== undefined) attachment.height = height;
    out.push(attachment);
  }
  return out;
}
