/**
 * A scripted RestClient for the messages tests: records every call and answers like the platform
 * (ids, msg_id+msg_seq dedupe, files, DM sessions) unless a test scripts otherwise.
 */
import { QQApiError } from "../../src/errors.js";
import type { HttpRequest, RestClient } from "../../src/http/types.js";

/** One recorded request. */
export interface RecordedCall {
  method: HttpRequest["method"];
  path: string;
  body: Record<string, unknown>;
  /** Clock value when the request was made. */
  at: number;
}

/** A test's answer to one call: a value, or throw a QQApiError. `undefined` = the platform default. */
export type Script = (call: RecordedCall, index: number) => unknown;

/** The fake client. */
export interface FakeRest extends RestClient {
  readonly calls: RecordedCall[];
  /** Calls to paths ending in `/messages`. */
  messageCalls(): RecordedCall[];
}

/** A platform-shaped error, as the real RestClient raises it. */
export function apiError(status: number, code: number | undefined, message: string, extra: Record<string, unknown> = {}): QQApiError {
  const body = JSON.stringify({ message, code, err_code: code, trace_id: "trace-1", ...extra });
  return new QQApiError(`HTTP ${status}: ${message}`, { status, platformCode: code, traceId: "trace-1", body, method: "POST" });
}

/** A fake RestClient; `script` may answer first, else the platform default. */
export function fakeRest(script: Script = () => undefined, now: () => number = () => 0): FakeRest {
  const calls: RecordedCall[] = [];
  const seen = new Set<string>();
  let ids = 0;
  const platform = (call: RecordedCall): unknown => {
    const { path, body } = call;
    if (path === "/users/@me/dms") return { guild_id: `dm-${String(body["recipient_id"])}`, channel_id: "c", create_time: "0" };
    if (path.endsWith("/files")) return { file_uuid: "uuid-1", file_info: `fileinfo-${calls.length}`, ttl: 0 };
    if (path.startsWith("/v2/") && path.endsWith("/messages")) {
      if (body["msg_id"] !== undefined) {
        const key = `${String(body["msg_id"])}#${String(body["msg_seq"] ?? 1)}`;
        if (seen.has(key)) throw apiError(400, 40054005, "消息被去重，请检查请求msgseq");
        seen.add(key);
      }
      return { id: `sent-${++ids}`, timestamp: 1699240365 };
    }
    if (path.endsWith("/messages")) return { id: `sent-${++ids}`, timestamp: "2021-05-20T15:14:58+08:00", content: body["content"] };
    if (path.startsWith("/interactions/")) return {};
    throw apiError(404, undefined, "API not found");
  };
  return {
    calls,
    messageCalls: () => calls.filter((c) => c.path.endsWith("/messages")),
    async request<T>(method: HttpRequest["method"], path: string, body?: unknown): Promise<T> {
      const call: RecordedCall = { method, path, body: (body ?? {}) as Record<string, unknown>, at: now() };
      calls.push(call);
      const scripted = script(call, calls.length - 1);
      return (scripted === undefined ? platform(call) : scripted) as T;
    },
  };
}
