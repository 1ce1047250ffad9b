/**
 * IDENTIFY and RESUME as the platform judges them (PROTOCOL.md Part B §2, §3):
 *
 * - IDENTIFY: token `"QQBot <token>"` (else 4004), intents a documented bit set (else op 9 +
 *   close 4013) and permitted (else op 9 + close 4014, as the platform refuses intents), shard `[id, count]` with `0 ≤ id < count` (else 4010), at most
 *   `maxConcurrency` per `identifyWindowMs` (else 4008), the bot not offline on the production gateway
 *   (option `botOffline`: op 9 + close 4914) → READY `{version, session_id, user, shard}`.
 * - RESUME: token with or without `"QQBot "` (else 4004), a live or resumable session (else
 *   op 9 `d:false` + close 4006), `seq` not past the session's (else 4007) → takes the session
 *   over (an older socket is closed 4009), replays every dispatch with `s > seq`, then RESUMED.
 * - A second IDENTIFY/RESUME on one socket: 4005.
 */
import { ALL_INTENT_BITS } from "../protocol/intents.js";
import { OpCode } from "../protocol/opcodes.js";
import type { GatewayConnection } from "./gateway-connection.js";
import { randomEventId } from "./ids.js";
import { stripScheme } from "./token-service.js";

type Fields = Record<string, unknown>;
const asFields = (d: unknown): Fields | undefined => (d && typeof d === "object" && !Array.isArray(d) ? (d as Fields) : undefined);

function validShard(shard: unknown): shard is [number, number] {
  if (!Array.isArray(shard) || shard.length !== 2) return false;
  const [id, count] = shard as unknown[];
  return Number.isInteger(id) && Number.isInteger(count) && (id as number) >= 0 && (id as number) < (count as number);
}

/** The platform's refusal of an IDENTIFY (intents, an offline bot): op 9 (not resumable), then the close with its code a moment later. */
function refuseIdentify(conn: GatewayConnection, code: 4013 | 4014 | 4914, reason: string): void {
  conn.send({ op: OpCode.InvalidSession, d: false });
  conn.later(REFUSAL_CLOSE_DELAY_MS, () => conn.close(code, reason));
}

/** How long after its op 9 the platform's close frame follows (the client must wait for it to learn the code). */
const REFUSAL_CLOSE_DELAY_MS = 20;

/** Handle op 2 on `conn`. */
export function handleIdentify(conn: GatewayConnection, raw: unknown): void {
  const { stats, milestones, tokens, options, identifyLimiter, sessionStart, sessions, faults } = conn.ctx;
  stats.identifies += 1;
  stats.identifyTimes.push(options.now());
  milestones.mark("identify");
  if (conn.authenticated) return conn.close(4005, "already authenticated");
  const d = asFields(raw);
  if (!d) return conn.close(4002, "invalid payload: identify d must be an object");
  const token = typeof d.token === "string" ? d.token : "";
  const m = /^QQBot\s+(\S+)$/i.exec(token.trim());
  if (!m?.[1] || tokens.check(m[1]) !== "valid") return conn.close(4004, "authentication failed: invalid token");
  const intents = d.intents;
  if (typeof intents !== "number" || !Number.isInteger(intents) || intents < 0 || (intents & ~ALL_INTENT_BITS) !== 0) {
    return refuseIdentify(conn, 4013, "invalid intent");
  }
  if ((intents & ~options.permittedIntents) !== 0) return refuseIdentify(conn, 4014, "intent not permitted");
  if (options.botOffline && !conn.sandbox) return refuseIdentify(conn, 4914, "机器人已下架,只允许连接沙箱环境");
  const shard = d.shard ?? [0, 1];
  if (!validShard(shard)) return conn.close(4010, "invalid shard");
  if (identifyLimiter && !identifyLimiter.tryAdmit()) return conn.close(4008, "identify too fast: max_concurrency exceeded");
  sessionStart.consume();
  conn.authenticated = true;
  if (faults.skipReady.take()) return;
  const session = sessions.create(intents, [shard[0], shard[1]]);
  stats.sessionsCreated += 1;
  sessions.attach(session, conn);
  conn.session = session;
  conn.send({
    op: OpCode.Dispatch,
    s: sessions.nextSeq(session),
    t: "READY",
    id: randomEventId("READY"),
    d: {
      version: 1,
      session_id: session.id,
      user: { id: options.botUser.id, username: options.botUser.username, bot: true, status: 1 },
      shard: [shard[0], shard[1]],
    },
  });
  milestones.mark("ready");
}

/** Handle op 6 on `conn`. */
export function handleResume(conn: GatewayConnection, raw: unknown): void {
  const { stats, milestones, tokens, sessions, faults } = conn.ctx;
  stats.resumes += 1;
  milestones.mark("resume");
  if (conn.authenticated) return conn.close(4005, "already authenticated");
  const d = asFields(raw);
  if (!d) return conn.close(4002, "invalid payload: resume d must be an object");
  const token = typeof d.token === "string" ? stripScheme(d.token) : "";
  if (!token || tokens.check(token) !== "valid") return conn.close(4004, "authentication failed: invalid token");
  const session = typeof d.session_id === "string" ? sessions.get(d.session_id) : undefined;
  if (!session || faults.rejectResumes.take()) {
    stats.resumesRejected += 1;
    conn.send({ op: OpCode.InvalidSession, d: false });
    return conn.close(4006, "invalid session id: identify again");
  }
  const seq = d.seq;
  if (typeof seq !== "number" || !Number.isInteger(seq) || seq < 0 || seq > session.seq) {
    stats.resumesRejected += 1;
    return conn.close(4007, "invalid seq");
  }
  conn.authenticated = true;
  if (faults.skipReady.take()) return;
  const previous = session.conn;
  if (previous && previous !== conn) {
    sessions.detach(session, previous);
    previous.close(4009, "session resumed on another connection");
  }
  sessions.attach(session, conn);
  conn.session = session;
  for (const frame of sessions.replayAfter(session, seq)) conn.send(frame);
  conn.send({ op: OpCode.Dispatch, s: sessions.nextSeq(session), t: "RESUMED", id: randomEventId("RESUMED"), d: "" });
  milestones.mark("resumed");
}
