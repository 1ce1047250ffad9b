/**
 * Which code created each live timer: an `async_hooks` hook records the creation stack of
 * every `Timeout`. Used to name the timers a running bot keeps. An enabled hook slows every
 * promise down and leaves state of its own on the heap, so only a process started for this
 * enables it (from the start), never one whose CPU or heap is measured.
 */
import { createHook } from "node:async_hooks";

/** A live, ref'd timer and where it was created. */
export interface LiveTimeout {
  /** The first stack frame in the repository's own code (`src/`, else `bench/`), else the first outside Node: `fn (file:line:col)`. */
  site: string;
  /** The creation stack without Node internals (repository-relative paths). */
  stack: string[];
}

/** What Node's `Timeout` objects carry that tells whether they are still armed. */
interface TimeoutLike {
  hasRef?: () => boolean;
  _destroyed?: boolean;
}

const tracked = new Map<number, { resource: TimeoutLike; stack: string }>();

const hook = createHook({
  init(asyncId, type, _trigger, resource) {
    if (type !== "Timeout") return;
    const holder: { stack?: string } = {};
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 80;
    Error.captureStackTrace(holder);
    Error.stackTraceLimit = limit;
    tracked.set(asyncId, { resource: resource as TimeoutLike, stack: holder.stack ?? "" });
  },
  destroy(asyncId) {
    tracked.delete(asyncId);
  },
});

/** Record creation stacks from now on (idempotent). */
export function trackTimeouts(): void {
  hook.enable();
}

/** Live, ref'd timers (those `process.getActiveResourcesInfo()` counts) that were created while tracking, by creation site. */
export function liveTimeouts(): LiveTimeout[] {
  const out: LiveTimeout[] = [];
  for (const [id, t] of tracked) {
    // Cleared or fired without a destroy event reaching us yet.
    if (t.resource._destroyed) {
      tracked.delete(id);
      continue;
    }
    if (t.resource.hasRef && !t.resource.hasRef()) continue;
    const frames = t.stack
      .split("\n")
      .slice(1)
      .map((l) => l.trim().replace(/^at /, ""))
      .filter((l) => !l.includes("node:") && !l.includes("timeout-tracker"));
    const short = frames.map(shortFrame);
    const own = short.find((f) => f.includes("src/") && !f.includes("node_modules/")) ?? short.find((f) => f.includes("bench/"));
    out.push({ site: own ?? short[0] ?? "(unknown)", stack: short.slice(0, 40) });
  }
  return out;
}

/** Drop the checkout path so sites read `src/gateway/heartbeat.ts:69`. */
function shortFrame(frame: string): string {
  return frame.replace(/file:\/\/[^\s()]*?\/(src|bench|node_modules)\//g, "$1/").replace(/\/[^\s()]*?\/(src|bench|node_modules)\//g, "$1/");
}
