/**
 * `bot.health()` semantics, pure: the overall status from the shards' states, `since`, each
 * shard's `downSince`, the fatal error code, and the probes' answers for each status.
 */
import { describe, expect, it } from "vitest";
import { createHealthHandler, HealthStatus, type BotHealth, type StateChange } from "../../src/index.js";
import { applyStateChange, initialHealth, isLive, isReady, withFatalError } from "../../src/health/health.js";
import { createHealthTracker } from "../../src/health/health-tracker.js";

const change = (shard: number, state: StateChange["state"], at: number, extra: Partial<StateChange> = {}): StateChange => ({ shard, state, at, ...extra });
const replay = (changes: StateChange[]): BotHealth[] => {
  const out: BotHealth[] = [];
  let h = initialHealth();
  for (const c of changes) {
    h = applyStateChange(h, c);
    out.push(h);
  }
  return out;
};

describe("health from state changes", () => {
  it("one shard: idle → starting → ready → degraded (since the drop, through every attempt) → ready → closed", () => {
    const steps = replay([
      change(0, "idle", 0),
      change(0, "fetching-url", 10),
      change(0, "connecting", 20),
      change(0, "identifying", 30),
      change(0, "ready", 40),
      change(0, "reconnecting", 1_000, { reason: "close 4009", retryInMs: 0 }),
      change(0, "fetching-url", 1_010),
      change(0, "connecting", 1_020),
      change(0, "reconnecting", 1_500, { reason: "connect failed", retryInMs: 1000 }),
      change(0, "connecting", 2_500),
      change(0, "resuming", 2_600),
      change(0, "ready", 2_700),
      change(0, "closed", 9_000),
    ]);
    expect(steps.map((h) => [h.status, h.since])).toEqual([
      ["idle", 0], ["starting", 10], ["starting", 10], ["starting", 10], ["ready", 40],
      ["degraded", 1_000], ["degraded", 1_000], ["degraded", 1_000], ["degraded", 1_000], ["degraded", 1_000], ["degraded", 1_000],
      ["ready", 2_700], ["closed", 9_000],
    ]);
    expect(steps.map((h) => h.shards[0]?.downSince)).toEqual([
      undefined, undefined, undefined, undefined, undefined,
      1_000, 1_000, 1_000, 1_000, 1_000, 1_000, undefined, undefined,
    ]);
    expect(steps[8]!.shards[0]).toEqual({ shard: 0, state: "reconnecting", since: 1_500, downSince: 1_000, reason: "connect failed", retryInMs: 1000 });
  });

  it("a first connection that fails is degraded from its first reconnecting; cooling-down is degraded too", () => {
    const steps = replay([change(0, "fetching-url", 0), change(0, "cooling-down", 5, { reason: "rate limited", retryInMs: 60_000 }), change(0, "fetching-url", 60_005)]);
    expect(steps.map((h) => h.status)).toEqual(["starting", "degraded", "degraded"]);
    expect(steps[2]!.shards[0]!.downSince).toBe(5);
  });

  it("several shards: ready only when all are; one down makes the bot degraded; fatal wins; close() closes all", () => {
    const steps = replay([
      change(0, "ready", 1), change(1, "connecting", 1), change(1, "ready", 2),
      change(1, "reconnecting", 3), change(1, "ready", 4),
      change(0, "reconnecting", 5), change(0, "fatal", 6, { reason: "GatewayFatalError: close 4914" }), change(1, "idle", 6),
      change(0, "closed", 7), change(1, "closed", 7),
    ]);
    expect(steps.map((h) => h.status)).toEqual(["ready", "starting", "ready", "degraded", "ready", "degraded", "fatal", "fatal", "closed", "closed"]);
    expect(steps.at(-1)!.shards.map((s) => s.shard)).toEqual([0, 1]);
  });

  it("keeps the fatal error's code until the bot is no longer fatal", () => {
    let h = replay([change(0, "ready", 1), change(0, "fatal", 2)]).at(-1)!;
    expect(h.error).toBeUndefined();
    h = withFatalError(h, { code: "CLOSE_CODE_FATAL", message: "close 4914: bot offline" });
    expect(h).toMatchObject({ status: "fatal", since: 2, error: { code: "CLOSE_CODE_FATAL", message: "close 4914: bot offline" } });
    h = applyStateChange(h, change(0, "fatal", 3));
    expect(h.error?.code).toBe("CLOSE_CODE_FATAL");
    h = applyStateChange(h, change(0, "connecting", 4));
    expect(h.error).toBeUndefined();
    expect(withFatalError(h, {}).error).toEqual({ code: "UNKNOWN", message: "UNKNOWN" });
  });

  it("the tracker replays the current health to late subscribers, also after complete()", () => {
    const tracker = createHealthTracker();
    tracker.update(change(0, "ready", 5));
    const seen: string[] = [];
    tracker.changes$.subscribe((h) => seen.push(h.status));
    tracker.update(change(0, "closed", 6));
    tracker.complete();
    const late: string[] = [];
    let completed = false;
    tracker.changes$.subscribe({ next: (h) => late.push(h.status), complete: () => (completed = true) });
    expect(seen).toEqual(["ready", "closed"]);
    expect(late).toEqual(["closed"]);
    expect(completed).toBe(true);
    expect(tracker.snapshot().status).toBe(HealthStatus.Closed);
  });

  // The bot scrubs the error before the tracker sees it: test/integration/bot-health.test.ts checks the redaction.
  it("the tracker records the fatal error's code and message", () => {
    const tracker = createHealthTracker();
    tracker.update(change(0, "fatal", 1));
    tracker.fail(Object.assign(new Error("token endpoint refused [redacted]"), { code: "AUTH_FAILED" }));
    expect(tracker.snapshot()).toMatchObject({ status: "fatal", error: { code: "AUTH_FAILED", message: "token endpoint refused [redacted]" } });
  });
});

describe("probes", () => {
  const at = (status: BotHealth["status"]): BotHealth => ({ status, since: 0, shards: [] });

  it("liveness passes unless fatal or closed; readiness only when ready", () => {
    const all = Object.values(HealthStatus);
    expect(all.filter((s) => isLive(at(s)))).toEqual(["idle", "starting", "ready", "degraded"]);
    expect(all.filter((s) => isReady(at(s)))).toEqual(["ready"]);
  });

  it("answers /healthz and /readyz with 200/503 and the health as JSON; other paths are not probes; other methods 405", () => {
    let health = at("degraded");
    const probes = createHealthHandler({ health: () => health });
    expect(probes({ path: "/healthz" })).toEqual({
      status: 200, headers: { "content-type": "application/json", "cache-control": "no-store" }, body: JSON.stringify(health),
    });
    expect(probes({ path: "/readyz", method: "GET" })?.status).toBe(503);
    expect(probes({ path: "/readyz?verbose=1", method: "HEAD" })).toMatchObject({ status: 503, body: "" });
    expect(probes({ path: "/metrics" })).toBeUndefined();
    expect(probes({ path: "/healthz", method: "POST" })).toMatchObject({ status: 405, headers: { allow: "GET, HEAD" } });
    health = { ...at("fatal"), error: { code: "CLOSE_CODE_FATAL", message: "close 4915" } };
    expect(probes({ path: "/healthz" })).toMatchObject({ status: 503 });
    expect(JSON.parse(probes({ path: "/healthz" })!.body)).toMatchObject({ status: "fatal", error: { code: "CLOSE_CODE_FATAL" } });
    const custom = createHealthHandler({ health: () => at("ready") }, { livenessPath: "/live", readinessPath: "/ready" });
    expect([custom({ path: "/live" })?.status, custom({ path: "/ready" })?.status, custom({ path: "/healthz" })]).toEqual([200, 200, undefined]);
  });
});
