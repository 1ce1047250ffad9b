/**
 * What counts as a gateway URL: an absolute `ws://` or `wss://` URL, as `GET /gateway` answers
 * (`{"url": "wss://api.sgroup.qq.com/websocket/"}`). The one check used wherever a URL comes
 * in: the `/gateway` answer, the URL cache, the store.
 *
 * @example
 * ```ts
 * isWebSocketUrl("wss://api.sgroup.qq.com/websocket/") // true
 * isWebSocketUrl("https://api.sgroup.qq.com/")         // false
 * isWebSocketUrl("wss://h/ with space")                // false
 * ```
 */
export function isWebSocketUrl(url: unknown): url is string {
  if (typeof url !== "string" || /\s/.test(url)) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "wss:" || parsed.protocol === "ws:") && parsed.host !== "";
  } catch {
    return false;
  }
}
