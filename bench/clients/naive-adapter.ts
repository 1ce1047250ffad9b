/**
 * The naive reconnecting client (`bench/naive-client.ts`) behind the bench client interface:
 * the storm's illustration of a death loop, not a baseline that counts.
 */
import { NaiveClient } from "../naive-client.js";
import type { BenchClient, ClientSpec, MessageSink } from "./types.js";

const DEFAULT_DELAYS = { quickDisconnectMs: 25, retryDelaysMs: [10, 25, 50] } as const;

/** NaiveClient adapted: `start` resolves at READY and rejects when it gives up. */
export class NaiveAdapter implements BenchClient {
  readonly naive: NaiveClient;

  constructor(spec: ClientSpec, sink: MessageSink) {
    this.naive = new NaiveClient({ ...spec.info, ...(spec.naive ?? DEFAULT_DELAYS) });
    this.naive.on("dispatch", (p: { s: number; d: { id: string; content: string } }) => sink(p.s, p.d.id, p.d.content));
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.naive.once("ready", () => resolve());
      this.naive.once("fatal", (err: Error) => reject(err));
      this.naive.start();
    });
  }

  async close(): Promise<void> {
    this.naive.close();
  }
}
