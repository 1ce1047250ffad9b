/**
 * What every benchmarked client looks like to the harness: the raw `ws` + `JSON.parse`
 * baseline, qqbot-rx, qq-official-bot (the peer) and the naive reconnecting client. Each runs
 * in a child process (`host.ts`) so its CPU and memory are measured apart from the platform's.
 */
import type { ReconnectPolicy } from "../../src/index.js";
import type { PlatformInfo } from "../lib/remote.js";

/** The clients the benchmarks compare. */
export type ClientKind = "raw" | "qqbot-rx" | "qq-official-bot" | "naive";

/** Called once per delivered message; no allocation on the harness's side. */
export type MessageSink = (seq: number, id: string, content: string) => void;

/** How to build one client. */
export interface ClientSpec {
  kind: ClientKind;
  info: PlatformInfo;
  /** qqbot-rx only: `shards` option (default 1). */
  shards?: number;
  /** qqbot-rx only: reconnect policy overrides. */
  reconnect?: Partial<ReconnectPolicy>;
  /** naive only: its scaled delays. */
  naive?: { quickDisconnectMs: number; retryDelaysMs: readonly number[] };
}

/** A started client. */
export interface BenchClient {
  /** Connect; resolves at the first READY. */
  start(): Promise<void>;
  /** Stop and release what it holds. */
  close(): Promise<void>;
}
