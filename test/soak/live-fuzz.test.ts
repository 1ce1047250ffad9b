/**
 * Frame fuzzing against a live connection: a `ws` server sends fast-check–generated bad
 * frames (binary, non-JSON, non-objects, wrong types, unknown ops, dispatches without `t`,
 * oversized) between valid dispatches. The connection must not crash or end, must count
 * every frame in `framesIn` and every drop in `badFrames` (an oversized dispatch is skipped by
 * name and counted in `oversizedFrames`), log each drop without the token,
 * and still deliver every valid dispatch in order.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { WebSocketServer } from "ws";
import { createConnect } from "../../src/gateway/connection.js";
import type { ConnectionEvent } from "../../src/gateway/types.js";
import { createCounters } from "../../src/stats.js";

const TOKEN = "liveFuzzToken0123456789abcdef";
const MAX_FRAME = 4096;
const KNOWN_OPS = [0, 1, 2, 6, 7, 9, 10, 11, 12, 13];

type Junk = { data: string | Buffer; binary: boolean };
const text = (data: string): Junk => ({ data, binary: false });
const notInteger = fc.oneof(fc.string(), fc.double().filter((d) => !Number.isInteger(d)), fc.constant(null), fc.boolean(), fc.array(fc.nat()));
const junkArb: fc.Arbitrary<Junk> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((a) => ({ data: Buffer.from(a), binary: true })),
  fc.string().map((s) => text(`#${s}`)),
  fc.constantFrom(`QQBot ${TOKEN}`, `{"op":0,"d":"${TOKEN}"`).map(text),
  fc.oneof(fc.integer(), fc.string(), fc.array(fc.jsonValue()), fc.constant(null), fc.boolean()).map((v) => text(JSON.stringify(v))),
  fc.record({ op: notInteger, d: fc.jsonValue() }).map((v) => text(JSON.stringify(v))),
  fc.integer({ min: -1000, max: 1000 }).filter((op) => !KNOWN_OPS.includes(op)).map((op) => text(JSON.stringify({ op, d: { token: TOKEN } }))),
  fc.record({ s: fc.nat(), d: fc.jsonValue() }).map((v) => text(JSON.stringify({ op: 0, ...v }))),
  fc.integer({ min: -1000, max: -1 }).map((s) => text(JSON.stringify({ op: 11, s }))),
  fc.integer({ min: MAX_FRAME + 1, max: MAX_FRAME * 3 }).map((n) => text(JSON.stringify({ op: 0, s: 1, t: "HUGE", d: "x".repeat(n) }))),
);

let wss: WebSocketServer;
let server: WebSocket;
const events: ConnectionEvent[] = [];
const logs: string[] = [];
const counters = createCounters();
let stop: () => void = () => undefined;
let seq = 1;
const waiters: Array<() => void> = [];

const dispatches = (): number => events.filter((e) => e.type === "dispatch").length;
const untilDispatches = (n: number): Promise<void> =>
  new Promise((resolve) => {
    const check = (): void => (dispatches() >= n ? resolve() : void waiters.push(check));
    check();
  });

beforeAll(async () => {
  wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(wss, "listening");
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/websocket`;
  const connected = new Promise<WebSocket>((resolve) => wss.once("connection", resolve));
  const record = (level: string) => (obj: object | string, msg?: string) => void logs.push(`${level} ${JSON.stringify(obj)} ${msg ?? ""}`);
  const sub = createConnect({
    token: async () => TOKEN, intents: 1 << 25, shard: [0, 1], maxFrameBytes: MAX_FRAME, counters,
    policy: { handshakeTimeoutMs: 5000, helloTimeoutMs: 5000, readyTimeoutMs: 5000 },
    logger: { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") },
  })({ url, session: undefined, attempt: 1 }).subscribe({
    next: (ev) => {
      events.push(ev);
      for (const w of waiters.splice(0)) w();
    },
    error: (err: unknown) => events.push({ type: "disconnect", disconnect: { cause: "error", reason: `errored: ${String(err)}` } as never }),
  });
  stop = () => sub.unsubscribe();
  server = await connected;
  const identified = new Promise<void>((resolve) => server.once("message", () => resolve()));
  server.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 60_000 } }));
  await identified;
  server.send(JSON.stringify({ op: 0, s: seq, t: "READY", id: "r", d: { session_id: "fuzz-session", user: { id: "1", username: "b" } } }));
  await new Promise<void>((resolve) => {
    const check = (): void => (events.some((e) => e.type === "ready") ? resolve() : void waiters.push(check));
    check();
  });
});

afterAll(async () => {
  stop();
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
});

describe("a live connection under frame fuzzing", () => {
  it("survives every bad frame, counts each one, and still delivers every valid dispatch in order", async () => {
    let totalJunk = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(junkArb, fc.boolean()), { maxLength: 15 }), async (script) => {
        const before = { ...counters.snapshot(), dispatches: dispatches(), warns: logs.filter((l) => l.startsWith("warn")).length };
        let marks = 0;
        for (const [junk, markAfter] of script) {
          server.send(junk.data, { binary: junk.binary });
          if (markAfter) {
            marks += 1;
            server.send(JSON.stringify({ op: 0, s: ++seq, t: "FUZZ_MARK", id: `m${seq}`, d: { seq } }));
          }
        }
        marks += 1;
        server.send(JSON.stringify({ op: 0, s: ++seq, t: "FUZZ_MARK", id: `m${seq}`, d: { seq } }));
        await untilDispatches(before.dispatches + marks);
        const after = counters.snapshot();
        totalJunk += script.length;
        expect(events.some((e) => e.type === "disconnect")).toBe(false);
        expect(after.framesIn - before.framesIn).toBe(script.length + marks);
        expect(after.badFrames + after.oversizedFrames - before.badFrames - before.oversizedFrames).toBe(script.length);
        expect(logs.filter((l) => l.startsWith("warn")).length - before.warns).toBe(script.length);
        const seqs = events.filter((e) => e.type === "dispatch").map((e) => (e.type === "dispatch" ? e.payload.s : 0));
        expect(seqs.slice(before.dispatches)).toEqual([...seqs.slice(before.dispatches)].sort((a, b) => (a ?? 0) - (b ?? 0)));
      }),
      { numRuns: 60, seed: 5 },
    );
    expect(totalJunk).toBeGreaterThan(100);
    expect(logs.join("\n")).not.toContain(TOKEN);
    expect(events.filter((e) => e.type === "ready")).toHaveLength(1);
  }, 60_000);
});
