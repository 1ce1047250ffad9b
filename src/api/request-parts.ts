/**
 * From a row and the caller's argument object to the parts of an HTTP request: the path with
 * its parameters filled in (URL-encoded), and the rest of the fields as the row says: a JSON
 * body (a `Uint8Array` becomes base64, the platform's way of sending bytes in JSON), the query
 * string, or a `multipart/form-data` body (bytes as a file part, objects as JSON strings, as
 * the platform asks).
 */
import { Blob } from "node:buffer";
import { FormData } from "undici";
import { QQBotError } from "../errors.js";
import type { RestRequestOptions } from "../http/types.js";
import type { EndpointSpec } from "../protocol/endpoints/endpoint.js";

/** Code of the error thrown for an argument a request cannot be built from. */
export const API_BAD_ARGUMENT = "API_BAD_ARGUMENT";

/** The request a row and an argument object make. */
export interface RequestParts {
  /** Path with every parameter filled in. */
  path: string;
  /** JSON body or `FormData`, when the row takes one. */
  body: unknown;
  /** Query parameters, when the row takes them. */
  query: RestRequestOptions["query"];
}

const PARAM = /\{([^}]+)\}/g;

/** Build the request of `spec` for `args`; throws a `QQBotError` `API_BAD_ARGUMENT` for a missing path parameter. */
export function requestParts(spec: EndpointSpec, args: unknown, what: string): RequestParts {
  if (args !== undefined && (typeof args !== "object" || args === null || Array.isArray(args))) {
    throw new QQBotError(`${what}: the argument must be an object of fields (got ${Array.isArray(args) ? "an array" : typeof args})`, API_BAD_ARGUMENT);
  }
  const fields: Record<string, unknown> = { ...(args as Record<string, unknown> | undefined) };
  const path = spec.path.replace(PARAM, (_, name: string) => {
    const value = fields[name];
    delete fields[name];
    if ((typeof value !== "string" || value === "") && (typeof value !== "number" || !Number.isFinite(value))) {
      throw new QQBotError(`${what}: path parameter ${name} must be a non-empty string or a number (got ${describe(value)})`, API_BAD_ARGUMENT);
    }
    return encodeURIComponent(String(value));
  });
  switch (spec.input) {
    case "none":
      return { path, body: undefined, query: undefined };
    case "query":
      return { path, body: undefined, query: queryOf(fields) };
    case "multipart":
      return { path, body: formDataOf(fields), query: undefined };
    case "body":
      return { path, body: jsonBodyOf(fields), query: undefined };
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return "an empty string";
  return typeof value === "number" ? String(value) : typeof value;
}

function queryOf(fields: Record<string, unknown>): RequestParts["query"] {
  const query: NonNullable<RequestParts["query"]> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    query[key] = typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : JSON.stringify(value);
  }
  return query;
}

/** The JSON body: `undefined` fields dropped, bytes as base64. */
function jsonBodyOf(fields: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    body[key] = value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") : value;
  }
  return body;
}

/** The multipart body: bytes and blobs as file parts, objects and arrays as JSON strings, the rest as text. */
function formDataOf(fields: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    if (value instanceof Uint8Array) form.append(key, new Blob([value]), key);
    else if (value instanceof Blob) form.append(key, value, key);
    else if (typeof value === "object") form.append(key, JSON.stringify(value));
    else form.append(key, String(value));
  }
  return form;
}
