import { marbles } from "rxjs-marbles";
import { defer, VirtualTimeScheduler } from "rxjs";
import { describe, expect, it } from "vitest";
import { QQSendError } from "../../src/errors.js";
import { createCounters } from "../../src/stats.js";
import { isSendRateLimited } from "../../src/messages/send-errors.js";
import { retryWithDelays } from "../../src/rx/retry-with-delays.js";
import { createSender } from "../../src/messages/sender.js";
import { apiError, fakeRest, type Script } from "./messages-fake-rest.js";

const limited = apiError(400, 22009, "msg limit exceed");
const delaysMs = [1000, 2000, 5000];

describe("send retries: retryWithDelays with isSendRateLimited (marbles)", () => {
  it("retries after 1 s, 2 s, 5 s, then lets the last error through", marbles((m) => {
    const source = m.cold("#", undefined, limited);
    const result = source.pipe(retryWithDelays({ delaysMs, isRetriable: isSendRateLimited, scheduler: m.scheduler }));
    m.expect(result).toBeObservable("8000ms #", undefined, limited);
    m.expect(source).toHaveSubscriptions(["(^!)", "1000ms (^!)", "3000ms (^!)", "8000ms (^!)"]);
  }));

  it("succeeds on the third try after 1 s + 2 s", marbles((m) => {
    let tries = 0;
    const failing = m.cold("#", undefined, limited);
    const answering = m.cold("(o|)", { o: "ok" });
    const source = defer(() => (++tries < 3 ? failing : answering));
    m.expect(source.pipe(retryWithDelays({ delaysMs, isRetriable: isSendRateLimited, scheduler: m.scheduler }))).toBeObservable("3000ms (o|)", { o: "ok" });
    m.expect(failing).toHaveSubscriptions(["(^!)", "1000ms (^!)"]);
    m.expect(answering).toHaveSubscriptions(["3000ms (^!)"]);
  }));

  it("other errors go through at once", marbles((m) => {
    const other = apiError(400, 40054005, "dup");
    const source = m.cold("#", undefined, other);
    m.expect(source.pipe(retryWithDelays({ delaysMs, isRetriable: isSendRateLimited, scheduler: m.scheduler }))).toBeObservable("#", undefined, other);
    m.expect(source).toHaveSubscriptions(["(^!)"]);
  }));
});

/** Let promises settle, then run due timers, until `promise` settles. */
async function drive<T>(scheduler: VirtualTimeScheduler, promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(() => (settled = true), () => (settled = true));
  for (let i = 0; i < 100 && !settled; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    scheduler.flush();
  }
  if (!settled) throw new Error("the send never settled");
  return promise;
}

function setup(script: Script) {
  const scheduler = new VirtualTimeScheduler();
  const rest = fakeRest(script, () => scheduler.now());
  const counters = createCounters();
  return { scheduler, rest, counters, sender: createSender({ rest, counters, scheduler }) };
}

describe("sender retries rate limits in virtual time", () => {
  it("rate limited twice (429, then 22009), then sent: requests at 0, 1 s, 3 s with fresh msg_seq each", async () => {
    const { scheduler, rest, counters, sender } = setup((_call, i) => {
      if (i === 0) throw apiError(429, undefined, "Too Many Requests");
      if (i === 1) throw limited;
      return undefined;
    });
    const sent = await drive(scheduler, sender.send({ kind: "c2c", openid: "U" }, "hi", { messageId: "M" }));
    expect(sent.id).toBe("sent-1");
    expect(rest.calls.map((c) => [c.at, c.body["msg_seq"]])).toEqual([[0, 1], [1000, 2], [3000, 3]]);
    expect(counters.snapshot()).toMatchObject({ sent: 1, sendErrors: 0 });
  });

  it("always limited: 4 requests at 0, 1 s, 3 s, 8 s, then SEND_RATE_LIMITED", async () => {
    const { scheduler, rest, counters, sender } = setup(() => {
      throw apiError(400, 20028, "子频道消息触发限频");
    });
    const err = await drive(scheduler, sender.send({ kind: "channel", channelId: "C" }, "hi", { messageId: "M" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QQSendError);
    expect(err).toMatchObject({ code: "SEND_RATE_LIMITED", attempts: 4, platformCode: 20028 });
    expect((err as Error).message).toMatch(/gave up after 4 attempt/);
    expect(rest.calls.map((c) => c.at)).toEqual([0, 1000, 3000, 8000]);
    expect(counters.snapshot()).toMatchObject({ sent: 0, sendErrors: 1 });
  });

  it("uploads are retried too", async () => {
    const { scheduler, rest, sender } = setup((_call, i) => {
      if (i === 0) throw limited;
      return undefined;
    });
    await drive(scheduler, sender.send({ kind: "group", groupOpenid: "G" }, { media: { url: "https://x", fileType: "image" } }, { messageId: "M" }));
    expect(rest.calls.map((c) => [c.path, c.at])).toEqual([["/v2/groups/G/files", 0], ["/v2/groups/G/files", 1000], ["/v2/groups/G/messages", 1000]]);
  });
});
