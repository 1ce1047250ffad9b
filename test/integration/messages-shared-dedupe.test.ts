/**
 * `dedupe: { shared: true }` on a bot against the simulated platform: closing the bot while a
 * message's claim is still on its way to the store delivers that message before `messages$`
 * completes. The close writes the shard's seq past that message, so no successor would
 * replay it: completing first would lose it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/index.js";
import { runCleanups } from "../helpers/cleanups.js";
import { record } from "../helpers/record.js";
import { makeBot, startPlatform } from "../helpers/simulated-bot.js";
import { until } from "../helpers/until.js";

afterEach(runCleanups);

/** A store whose delivery claims take `delayMs` to answer, and which says when one was asked. */
class SlowClaimStore extends MemoryStore {
  asked: string[] = [];
  constructor(private readonly delayMs: number) {
    super();
  }
  override async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    if (!key.includes(":delivered:")) return super.setIfAbsent(key, value, ttlMs);
    this.asked.push(key);
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return super.setIfAbsent(key, value, ttlMs);
  }
}

describe("dedupe.shared and close()", () => {
  it("a message whose claim is in flight at close() is delivered before messages$ completes", async () => {
    const platform = await startPlatform();
    const store = new SlowClaimStore(150);
    const bot = makeBot(platform, { store, dedupe: { shared: true } });
    const got: string[] = [];
    let completed = false;
    const ready = platform.waitFor("ready");
    const done = new Promise<void>((resolve, reject) => {
      bot.messages$.subscribe({ next: (m) => void got.push(m.id), error: reject, complete: () => {
        completed = true;
        resolve();
      } });
    });
    await ready;

    const pushed = platform.pushMessage("c2c", { content: "sent just before SIGTERM" });
    const id = (pushed.d as { id: string }).id;
    await until(() => store.asked.some((k) => k.endsWith(`message:${id}`)), 10_000, "the claim of the message to be asked");
    await bot.close(); // as closeOnSignal does on SIGTERM: the process exits once this resolves
    expect(got).toEqual([id]);
    await done;
    expect(completed).toBe(true);
    // The seq written on close is past the message: the successor RESUMEs after it and never sees it again.
    const successor = makeBot(platform, { store });
    const inbox = record(successor.messages$);
    await platform.waitFor("resumed");
    const next = (platform.pushMessage("c2c", { content: "after the restart" }).d as { id: string }).id;
    await inbox.next((m) => m.id === next);
    expect(inbox.values.map((m) => m.id)).toEqual([next]);
  });
});
