/**
 * What the simulator records for tests to assert on: every HTTP request, and every
 * message a bot sent.
 */

/** One HTTP request and the status it got. */
export interface RecordedRequest {
  /** HTTP method. */
  method: string;
  /** Path without the query. */
  path: string;
  /** Query parameters. */
  query: Record<string, string>;
  /** Lower-case header names; `authorization` is redacted to `"QQBot ***"`. */
  headers: Record<string, string>;
  /** Parsed JSON, the fields of a multipart body (files described, see `FormFile`), the raw text when neither, or `undefined` when empty. Secrets redacted. */
  body: unknown;
  /** HTTP status the simulator answered with; 0 when an injected fault reset the connection. */
  status: number;
  /** Simulator-clock time the response was sent. */
  at: number;
  /** It came to the sandbox API base (`platform.sandboxApiBase`), not production. */
  sandbox: boolean;
}

/** One message a bot sent successfully. */
export interface SentMessageRecord {
  /** Target path kind: `c2c`, `group`, `channel` (guild channel) or `dms` (guild DM). */
  kind: "c2c" | "group" | "channel" | "dms";
  /** openid, group_openid, channel_id or DM guild_id from the path. */
  targetId: string;
  /** Id the platform assigned. */
  id: string;
  /** The request body as sent (parsed JSON). */
  body: unknown;
  /** Simulator-clock time it was accepted. */
  at: number;
  /** Simulator-clock time it was recalled (C2C and group), when it was. */
  recalledAt?: number;
}
