/**
 * What counts as a gateway URL: an absolute `ws://` or `wss://` URL, as `GET /gateway` answers
 * (`{"url": "wss://api.sgroup.qq.com/websocket/"}`). The one check used wherever a URL comes
 * in: the `/gateway` answer, the URL cache, the store.
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
