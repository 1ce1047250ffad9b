/**
 * Gateway sessions: id, intents, shard, seq counter, the log of dispatches (replayed on
 * RESUME), the live connection if any, and how long a disconnected session stays
 * resumable. Decides which sessions an event goes to (intents, shard routing).
 */
import type { GatewayPayload } from "../protocol/payloads.js";
import { EVENT_INTENT } from "../protocol/intents.js";
import { randomSessionId } from "./ids.js";

/** What the registry needs from a connection. */
export interface SessionConnection {
  send(frame: GatewayPayload): void;
  close(code: number, reason: string): void;
}

/** One gateway session. */
export interface Session {
  readonly id: string;
  readonly intents: number;
  readonly shard: [number, number];
  /** Last `s` handed out. */
  seq: number;
  /** Dispatches after READY, in order, for replay. */
  log: GatewayPayload[];
  conn: SessionConnection | undefined;
  /** Simulator-clock time the last connection ended (`undefined` while connected). */
  disconnectedAt: number | undefined;
}

/** Most dispatches kept per session for replay. */
export const MAX_LOG_ENTRIES = 50_000;

/** The sessions of the simulated gateway. */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** A new, unattached session. */
  create(intents: number, shard: [number, number]): Session {
    const session: Session = { id: randomSessionId(), intents, shard, seq: 0, log: [], conn: undefined, disconnectedAt: this.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  /** A session that is connected or still resumable. */
  get(id: string): Session | undefined {
    this.prune();
    return this.sessions.get(id);
  }

  /** Every connected or resumable session. */
  all(): Session[] {
    this.prune();
    return [...this.sessions.values()];
  }

  /** Forget a session (op 9 `d: false`). */
  delete(id: string): void {
    this.sessions.delete(id);
  }

  /** Bind `conn` to the session. */
  attach(session: Session, conn: SessionConnection): void {
    session.conn = conn;
    session.disconnectedAt = undefined;
  }

  /** Unbind `conn` if it is the session's connection; the TTL starts. */
  detach(session: Session, conn: SessionConnection): void {
    if (session.conn !== conn) return;
    session.conn = undefined;
    session.disconnectedAt = this.now();
  }

  /** The next `s` of the session. */
  nextSeq(session: Session): number {
    session.seq += 1;
    return session.seq;
  }

  /** Give `frame` the next seq and add it to the replay log. */
  append(session: Session, frame: Omit<GatewayPayload, "s">): GatewayPayload {
    const full: GatewayPayload = { ...frame, s: this.nextSeq(session) };
    session.log.push(full);
    if (session.log.length > MAX_LOG_ENTRIES) session.log.shift();
    return full;
  }

  /** Dispatches of the session with `s > seq`. */
  replayAfter(session: Session, seq: number): GatewayPayload[] {
    return session.log.filter((f) => (f.s ?? 0) > seq);
  }

  /** Whether the session receives event `type` with data `d` (intents, then shard routing). */
  wants(session: Session, type: string, d: unknown): boolean {
    const bit = EVENT_INTENT[type];
    if (bit !== undefined && (session.intents & bit) === 0) return false;
    return shardFor(d, session.shard[1]) === session.shard[0];
  }

  private prune(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) {
      if (!s.conn && s.disconnectedAt !== undefined && now - s.disconnectedAt > this.ttlMs) this.sessions.delete(id);
    }
  }
}

/**
 * The shard an event goes to: `(guild_id >> 22) % shardCount` for guild events with a numeric
 * `guild_id`, shard 0 for everything else (C2C, group, events without a guild).
 */
export function shardFor(d: unknown, shardCount: number): number {
  if (shardCount <= 1) return 0;
  const guildId = d && typeof d === "object" ? (d as Record<string, unknown>).guild_id : undefined;
  if (typeof guildId !== "string" || !/^\d+$/.test(guildId)) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
