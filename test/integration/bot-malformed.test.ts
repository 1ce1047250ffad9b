/**
 * Malformed gateway frames over a real socket: each is dropped and counted in
 * `stats().badFrames` (an oversized dispatch is skipped by name and counted in `oversizedFrames`),
 * the connection stays up and messages keep flowing.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { MalformedFrameKind } from "../../src/testing/index.js";
import { closeHarnesses, startHarness } from "../helpers/bot-harness.js";

afterEach(closeHarnesses);

const BAD_KINDS: MalformedFrameKind[] = ["non-json", "wrong-types", "unknown-op", "oversized", "binary"];

describe("malformed frames", () => {
  it("are counted as bad (or oversized) frames, without a crash or a reconnect, while messages keep flowing", async () => {
    const h = await startHarness();
    await h.waitForState("ready");
    const readyStates = h.states.length;

    for (const [i, kind] of BAD_KINDS.entries()) {
      h.platform.faults.sendMalformed(kind);
      const pushed = h.platform.pushMessage("c2c", { content: `after ${kind}` });
      const got = await h.waitForMessages(i + 1);
      expect(got[i]!.id).toBe(pushed.d.id);
      // The bad frame arrived before the message on the same socket: already counted.
      const sent = BAD_KINDS.slice(0, i + 1);
      expect(h.bot.stats()).toMatchObject({
        badFrames: sent.filter((k) => k !== "oversized").length,
        oversizedFrames: sent.filter((k) => k === "oversized").length,
      });
    }

    expect(h.platform.stats().malformedFramesSent).toBe(BAD_KINDS.length);
    expect(h.platform.stats().connections).toBe(1);
    expect(h.states.length).toBe(readyStates);
    expect(h.bot.stats()).toMatchObject({ reconnects: 0, messagesIn: BAD_KINDS.length });
    const warnings = h.logger.entries.filter((e) => e.level === "warn" && e.msg?.includes("bad gateway frame"));
    expect(warnings).toHaveLength(BAD_KINDS.length - 1);
    const skipped = h.logger.entries.filter((e) => e.level === "warn" && e.msg?.includes("skipped an oversized dispatch"));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.msg).toMatch(/skipped an oversized dispatch: \d+ bytes \(the limit is 1048576\), seq \d+, SIM_OVERSIZED, event /);
    // A bad frame's excerpt is bounded: the 2 MiB one is not copied into the log.
    expect(h.logger.text().length).toBeLessThan(200_000);
  });

  it("a dispatch without s is still delivered, and the seq of later frames is unaffected", async () => {
    const h = await startHarness();
    await h.waitForState("ready");
    h.platform.faults.sendMalformed("dispatch-no-seq");
    h.platform.pushMessage("c2c", { content: "numbered" });
    const [unnumbered, numbered] = await h.waitForMessages(2);
    expect(unnumbered!.text).toBe("frame without s");
    expect(unnumbered!.seq).toBeUndefined();
    expect(numbered!.seq).toBe(2);
    expect(h.bot.stats().badFrames).toBe(0);

    // The session's seq survives it: a RESUME replays nothing twice and loses nothing.
    const from = h.states.length;
    h.platform.faults.closeAll(4009);
    const away = h.platform.pushMessage("c2c", { content: "away" });
    await h.waitForState("ready", from);
    const got = await h.waitForMessages(3);
    expect(got[2]!.id).toBe(away.d.id);
    expect(h.platform.stats().resumesRejected).toBe(0);
  });
});
