/**
 * How the doctor names a call in its verdicts: method, path, and where it went.
 */
import { requestLabel } from "../http/http-client.js";

/** The host (and port) of `url`, or `url` itself when it cannot be parsed. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** `METHOD /path (environment, host)`. */
export function callLabel(method: string, url: string, environment?: string): string {
  return `${requestLabel(method, url)} (${environment ? `${environment}, ` : ""}${hostOf(url)})`;
}
