/**
 * `timedSender` (behind `bot.sends$`): every send reports its target kind, start time, duration
 * on the injected scheduler and outcome; a failure reports the error's code and still rejects
 * with the same error.
 */
import type { SchedulerLike } from "rxjs";
import { describe, expect, it } from "vitest";
import { QQSendError, type SendTarget } from "../../src/index.js";
import { timedSender, type SendRecord } from "../../src/messages/timed-sender.js";
import type { Sender } from "../../src/messages/sender.js";

describe("timedSender", () => {
  it("reports duration and outcome of each send, passing results and errors through", async () => {
    let clock = 1_000;
    const scheduler = { now: () => clock, schedule: () => { throw new Error("not used"); } } as unknown as SchedulerLike;
    const refused = new QQSendError("reply window passed", "REPLY_EXPIRED", { status: 400, platformCode: 304027 });
    const inner: Sender = {
      send: async (target) => {
        clock += target.kind === "c2c" ? 40 : 250;
        if (target.kind === "group") throw refused;
        return { id: "m1", ids: ["m1"], timestamp: new Date(0), parts: 1 };
      },
      upload: () => Promise.reject(new Error("not used")),
    };
    const records: SendRecord[] = [];
    const sender = timedSender(inner, scheduler, (r) => records.push(r));
    await expect(sender.send({ kind: "c2c", openid: "u" }, "hi")).resolves.toMatchObject({ id: "m1" });
    await expect(sender.send({ kind: "group", groupOpenid: "g" }, "hi")).rejects.toBe(refused);
    await expect(sender.send(undefined as unknown as SendTarget, "hi")).rejects.toThrow();
    expect(records).toEqual([
      { target: "c2c", at: 1_000, durationMs: 40, ok: true },
      { target: "group", at: 1_040, durationMs: 250, ok: false, code: "REPLY_EXPIRED" },
      { target: "unknown", at: 1_290, durationMs: 0, ok: false, code: "UNKNOWN" },
    ]);
  });
});
