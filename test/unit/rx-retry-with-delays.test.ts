import { marbles } from "rxjs-marbles";
import { defer } from "rxjs";
import { describe, expect, it } from "vitest";
import { retryWithDelays } from "../../src/rx/retry-with-delays.js";

const boom = new Error("boom");
const fatal = new Error("fatal");
const delaysMs = [500, 1500, 3000];

describe("retryWithDelays (marbles)", () => {
  it("retries after 0.5 s, 1.5 s, 3 s, then lets the last error through", marbles((m) => {
    const source = m.cold("#", undefined, boom);
    m.expect(source.pipe(retryWithDelays({ delaysMs, scheduler: m.scheduler }))).toBeObservable("5000ms #", undefined, boom);
    m.expect(source).toHaveSubscriptions(["(^!)", "500ms (^!)", "2000ms (^!)", "5000ms (^!)"]);
  }));

  it("emits what the source emits once it succeeds", marbles((m) => {
    let tries = 0;
    const failing = m.cold("#", undefined, boom);
    const answering = m.cold("(u|)", { u: "url" });
    const source = defer(() => (++tries < 3 ? failing : answering));
    m.expect(source.pipe(retryWithDelays({ delaysMs, scheduler: m.scheduler }))).toBeObservable("2000ms (u|)", { u: "url" });
    m.expect(failing).toHaveSubscriptions(["(^!)", "500ms (^!)"]);
    m.expect(answering).toHaveSubscriptions(["2000ms (^!)"]);
  }));

  it("an error the predicate refuses goes through at once, without a retry", marbles((m) => {
    const source = m.cold("--#", undefined, fatal);
    const retried = source.pipe(retryWithDelays({ delaysMs, isRetriable: (err) => err !== fatal, scheduler: m.scheduler }));
    m.expect(retried).toBeObservable("--#", undefined, fatal);
    m.expect(source).toHaveSubscriptions(["^-!"]);
  }));

  it("values before an error pass through on every try", marbles((m) => {
    const source = m.cold("a#", undefined, boom);
    m.expect(source.pipe(retryWithDelays({ delaysMs: [2], scheduler: m.scheduler }))).toBeObservable("a--a#", { a: "a" }, boom);
    m.expect(source).toHaveSubscriptions(["^!", "---^!"]);
  }));

  it("an empty delay list retries nothing", marbles((m) => {
    const source = m.cold("#", undefined, boom);
    m.expect(source.pipe(retryWithDelays({ delaysMs: [], scheduler: m.scheduler }))).toBeObservable("#", undefined, boom);
    m.expect(source).toHaveSubscriptions(["(^!)"]);
  }));

  it("tells onRetry about each retry before its wait, and unsubscribing cancels the wait", marbles((m) => {
    const seen: [number, number][] = [];
    const source = m.cold("#", undefined, boom);
    const retried = source.pipe(retryWithDelays({ delaysMs, scheduler: m.scheduler, onRetry: (_e, n, wait) => seen.push([n, wait]) }));
    m.expect(retried, "1000ms !").toBeObservable("-");
    m.expect(source).toHaveSubscriptions(["(^!)", "500ms (^!)"]);
    m.scheduler.flush();
    expect(seen).toEqual([[1, 500], [2, 1500]]);
  }));
});
