/**
 * Webhook options: defaults, and validation that names every bad field at once.
 */
import { describe, expect, it } from "vitest";
import { QQBotConfigError } from "../../src/errors.js";
import { DEFAULT_WEBHOOK_OPTIONS, resolveWebhookOptions, webhookOptionProblems } from "../../src/webhook/options.js";

describe("webhook options", () => {
  it("fills the defaults: port 8080 on 0.0.0.0, /qqbot/webhook, 1 MiB, 5 min window, 1 h claims, 250 ms claim wait, 10/30/5 s timeouts, 512 connections", () => {
    expect(resolveWebhookOptions()).toEqual({
      port: 8080, host: "0.0.0.0", path: "/qqbot/webhook", mount: undefined, maxBodyBytes: 1_048_576, timestampToleranceMs: 300_000, claimTtlMs: 3_600_000,
      claimTimeoutMs: 250, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 512,
    });
    expect(resolveWebhookOptions({ port: 0, path: "/qq" })).toMatchObject({ ...DEFAULT_WEBHOOK_OPTIONS, port: 0, path: "/qq" });
  });

  it("lists every bad field", () => {
    const problems = webhookOptionProblems({ port: 70_000, host: "", path: "qq", maxBodyBytes: 0, timestampToleranceMs: 10, claimTtlMs: 1.5, colour: "red" });
    expect(problems.map((p) => p.field).sort()).toEqual(
      ["webhook.claimTtlMs", "webhook.colour", "webhook.host", "webhook.maxBodyBytes", "webhook.path", "webhook.port", "webhook.timestampToleranceMs"],
    );
    expect(() => resolveWebhookOptions({ port: -1 })).toThrow(QQBotConfigError);
    expect(() => resolveWebhookOptions({ port: -1 })).toThrow(/webhook\.port must be an integer 0–65535 \(got -1\)/);
  });

  it("lists bad listener limits and claim timeout", () => {
    const problems = webhookOptionProblems({ claimTimeoutMs: 0, headersTimeoutMs: -1, requestTimeoutMs: "30s", keepAliveTimeoutMs: 0.5, maxConnections: 0 });
    expect(problems.map((p) => p.field).sort()).toEqual(
      ["webhook.claimTimeoutMs", "webhook.headersTimeoutMs", "webhook.keepAliveTimeoutMs", "webhook.maxConnections", "webhook.requestTimeoutMs"],
    );
  });

  it("wants headers before the whole request, and claims that outlive the timestamp window both ways", () => {
    expect(webhookOptionProblems({ headersTimeoutMs: 20_000, requestTimeoutMs: 10_000 })).toEqual([
      { field: "webhook.headersTimeoutMs", problem: "must not exceed requestTimeoutMs (10000) (got 20000)" },
    ]);
    expect(webhookOptionProblems({ headersTimeoutMs: 40_000 }).map((p) => p.field)).toEqual(["webhook.headersTimeoutMs"]); // over the default 30 s
    const replay = webhookOptionProblems({ claimTtlMs: 60_000 });
    expect(replay.map((p) => p.field)).toEqual(["webhook.claimTtlMs"]);
    expect(replay[0]?.problem).toMatch(/at least 2 × timestampToleranceMs \(600000\).*replay/);
    expect(webhookOptionProblems({ claimTtlMs: 60_000, timestampToleranceMs: 30_000 })).toEqual([]);
  });

  it("refuses a mount combined with listener options (maxConnections, timeouts) like port/host", () => {
    expect(webhookOptionProblems({ mount: () => undefined, maxConnections: 10, headersTimeoutMs: 1000 }).map((p) => p.problem)).toEqual([
      "cannot be combined with headersTimeoutMs/maxConnections (they configure the built-in listener; mount uses your server)",
    ]);
    expect(webhookOptionProblems({ mount: () => undefined, claimTimeoutMs: 100 })).toEqual([]);
  });

  it("refuses a mount combined with port/host, a mount that is not a function, and a non-object", () => {
    expect(webhookOptionProblems({ mount: () => undefined, port: 80 }).map((p) => p.field)).toEqual(["webhook.mount"]);
    expect(webhookOptionProblems({ mount: "express" }).map((p) => p.problem)).toEqual(["must be a function (got string \"express\")"]);
    expect(webhookOptionProblems("yes")).toEqual([{ field: "webhook", problem: "must be an object (got string \"yes\")" }]);
    expect(webhookOptionProblems(undefined)).toEqual([]);
  });
});
