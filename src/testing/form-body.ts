/**
 * `multipart/form-data` bodies as the platform reads them (docs post_messages.md): text fields
 * as strings, fields that hold objects (`embed`, `ark`, `markdown`, `keyboard`,
 * `message_reference`) as JSON strings parsed back, and file parts (`file_image`) as a
 * description of the file. Parsed with the runtime's own `Response.formData()` (undici).
 * A body that is not valid form data is the platform's 50035.
 */
import { PlatformError, PlatformHttpError } from "./platform-errors.js";

/** A file part, as recorded. */
export interface FormFile {
  /** The part's file name. */
  filename: string;
  /** The part's content type. */
  contentType: string;
  /** Its size in bytes. */
  size: number;
  /** The first bytes as hex (enough to tell a PNG from a JPEG). */
  head: string;
}

/** Fields whose value is an object sent as a JSON string. */
const JSON_FIELDS = new Set(["embed", "ark", "markdown", "keyboard", "message_reference"]);

/** Whether a content type is `multipart/form-data`. */
export function isMultipart(contentType: string | undefined): boolean {
  return typeof contentType === "string" && /^multipart\/form-data\b/i.test(contentType);
}

/** Parse a multipart body into fields; throws 50035 when it cannot be read. */
export async function parseFormBody(bytes: Buffer, contentType: string): Promise<Record<string, unknown>> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch (err) {
    throw new PlatformHttpError(PlatformError.FORM_INVALID, err instanceof Error ? err.message : "unreadable form data");
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") {
      const data = Buffer.from(await value.arrayBuffer());
      fields[key] = { filename: value.name, contentType: value.type || "application/octet-stream", size: data.length, head: data.subarray(0, 8).toString("hex") } satisfies FormFile;
    } else if (JSON_FIELDS.has(key)) {
      try {
        fields[key] = JSON.parse(value) as unknown;
      } catch {
        throw new PlatformHttpError(PlatformError.FORM_INVALID, `${key} must be a JSON string in form data`);
      }
    } else {
      fields[key] = value;
    }
  }
  return fields;
}
