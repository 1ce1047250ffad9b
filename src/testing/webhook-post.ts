/**
 * One signed callback POST from the simulated platform to a bot: `node:http`, a deadline
 * (the platform's ACK timeout), and the whole answer read. Never rejects: a refused
 * connection or a timeout is `status: 0` with an `error`.
 */
import { request, type Agent } from "node:http";

/** What came back. */
export interface CallbackAnswer {
  /** HTTP status; 0 when there was no answer. */
  status: number;
  text: string;
  /** Simulator wall time from sending to the end of the answer. */
  latencyMs: number;
  error?: string;
}

/** POST `body` with `headers`; resolves with the answer or the reason there was none. */
export function postCallback(
  agent: Agent,
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<CallbackAnswer> {
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  return new Promise<CallbackAnswer>((resolve) => {
    let settled = false;
    const finish = (answer: Omit<CallbackAnswer, "latencyMs">): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...answer, latencyMs: elapsed() });
    };
    const req = request(url, {
      method: "POST",
      agent,
      signal,
      headers: { ...headers, "content-type": "application/json", "content-length": String(body.length) },
    });
    const deadline = setTimeout(() => {
      finish({ status: 0, text: "", error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => finish({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (err) => finish({ status: res.statusCode ?? 0, text: "", error: err.message || String(err) }));
    });
    req.on("error", (err) => finish({ status: 0, text: "", error: err.message || (err as { code?: string }).code || "request failed" }));
    req.end(body);
  });
}
