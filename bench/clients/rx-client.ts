/**
 * qqbot-rx as the benchmarks run it: a silent bot on the bench platform with one
 * `messages$` subscriber handing each message to the sink.
 *
 * @example
 * ```ts
 * const rx = new RxClient({ kind: "qqbot-rx", info }, (seq, id, content) => tally(seq));
 * await rx.start();
 * ```
 */
import { filter, firstValueFrom, scan, type Subscription, timeout } from "rxjs";
import { createBot, Intents, type Bot } from "../../src/index.js";
import type { BenchClient, ClientSpec, MessageSink } from "./types.js";

/** qqbot-rx behind the bench client interface. */
export class RxClient implements BenchClient {
  readonly bot: Bot;
  private readonly shards: number;
  private sub: Subscription | undefined;

  constructor(
    spec: ClientSpec,
    private readonly sink: MessageSink,
  ) {
    const { info } = spec;
    this.shards = spec.shards ?? 1;
    this.bot = createBot({
      appId: info.appId,
      clientSecret: info.clientSecret,
      apiBase: info.apiBase,
      tokenUrl: info.tokenUrl,
      intents: Intents.PUBLIC_MESSAGES,
      reconnect: spec.reconnect ?? {},
      ...(spec.shards && spec.shards > 1 ? { shards: spec.shards } : {}),
    });
  }

  async start(): Promise<void> {
    // Ready once every shard has been ready (state$ replays the current states first).
    const ready = firstValueFrom(
      this.bot.state$.pipe(
        filter((s) => s.state === "ready"),
        scan((seen, s) => seen.add(s.shard), new Set<number>()),
        filter((seen) => seen.size >= this.shards),
        timeout({ first: 30_000, with: () => Promise.reject(new Error("qqbot-rx: not ready within 30 s")) }),
      ),
    );
    const sink = this.sink;
    this.sub = this.bot.messages$.subscribe((m) => sink(m.seq ?? -1, m.id, m.content));
    await ready;
  }

  async close(): Promise<void> {
    this.sub?.unsubscribe();
    await this.bot.close();
  }
}
