/**
 * Webhook options: defaults, and validation that names every bad field at once.
 */
import { describe, expect, it } from "vitest";
import { QQBotConfigError } from "../../src/errors.js";
import { DEFAULT_WEBHOOK_OPTIONS, resolveWebhookOptions, webhookOptionProblems } from "../../src/webhook/options.js";

describe("webhook options", () => {
  it("fills the defaults: port 8080 on 0.0.0.0, /qqbot/webhook, 1 MiB, 5 min window, 1 h claims", () => {
    expect(resolveWebhookOptions()).toEqual({
      port: 8080, host: "0.0.0.0", path: "/qqbot/webhook", mount: undefined, maxBodyBytes: 1_048_576, timestampToleranceMs: 300_000, claimTtlMs: 3_600_000,
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

  it("refuses a mount combined with port/host, a mount that is not a function, and a non-object", () => {
    expect(webhookOptionProblems({ mount: () => undefined, port: 80 }).map((p) => p.field)).toEqual(["webhook.mount"]);
    expect(webhookOptionProblems({ mount: "express" }).map((p) => p.problem)).toEqual(["must be a function (got string \"express\")"]);
    expect(webhookOptionProblems("yes")).toEqual([{ field: "webhook", problem: "must be an object (got string \"yes\")" }]);
    expect(webhookOptionProblems(undefined)).toEqual([]);
  });
});
