import { describe, expect, it } from "vitest";
import { marbles } from "rxjs-marbles";
import { NEVER, Subject } from "rxjs";
import { firstBeatDelay, heartbeat } from "../../src/gateway/heartbeat.js";

// Run mode: one frame = 1 virtual ms; `b` beat, `z` zombie, `a` ACK.
const signals = { b: "beat", z: "zombie" } as const;

describe("heartbeat", () => {
  it(
    "beats first after intervalMs × random() and then every intervalMs while ACKs come",
    marbles((m) => {
      const acks$ = m.hot("       ------a---------a---------a---------a--");
      const expected = "           -----b---------b---------b---------b----";
      m.expect(heartbeat({ intervalMs: 10, acks$, scheduler: m.scheduler, random: () => 0.5 }), "^ 43ms !").toBeObservable(expected, signals);
      m.expect(acks$).toHaveSubscriptions("^ 43ms !");
    }),
  );

  it(
    "with random() = 0 beats at once",
    marbles((m) => {
      const acks$ = m.hot("       -a---------a---------a-");
      const expected = "           b---------b---------b--";
      m.expect(heartbeat({ intervalMs: 10, acks$, scheduler: m.scheduler, random: () => 0 }), "^ 24ms !").toBeObservable(expected, signals);
      m.expect(acks$).toHaveSubscriptions("^ 24ms !");
    }),
  );

  it(
    "reports a zombie at the first beat due after a missed ACK, within one interval, and completes",
    marbles((m) => {
      // The beat at 15 is never acknowledged: the beat due at 25 becomes "zombie".
      const acks$ = m.hot("       ------a-----------------");
      const expected = "           -----b---------b---------(z|)";
      // Bounded subscriptions: a missing zombie fails the comparison instead of running forever.
      m.expect(heartbeat({ intervalMs: 10, acks$, scheduler: m.scheduler, random: () => 0.5 }), "^ 40ms !").toBeObservable(expected, signals);
      // Completing on the zombie lets go of the ACKs at once, well before the bound.
      m.expect(acks$).toHaveSubscriptions("^ 24ms !");
    }),
  );

  it(
    "never beats twice without an ACK: no ACK at all is a zombie at the second beat",
    marbles((m) => {
      const expected = "b 99ms (z|)";
      m.expect(heartbeat({ intervalMs: 100, acks$: NEVER, scheduler: m.scheduler, random: () => 0 }), "^ 300ms !").toBeObservable(expected, signals);
    }),
  );

  it(
    "a late ACK (after the next beat was due) does not save the connection",
    marbles((m) => {
      // The beat at 10 is acknowledged only at 21, after the beat due at 20.
      const acks$ = m.hot("       -a-------------------a");
      const expected = "           b---------b---------(z|)";
      m.expect(heartbeat({ intervalMs: 10, acks$, scheduler: m.scheduler, random: () => 0 }), "^ 40ms !").toBeObservable(expected, signals);
      m.expect(acks$).toHaveSubscriptions("^ 19ms !");
    }),
  );

  it(
    "counts an ACK delivered in the same instant as the due beat",
    marbles((m) => {
      const acks$ = m.hot("       ----------a---------a---------a");
      const expected = "           b---------b---------b---------b";
      m.expect(heartbeat({ intervalMs: 10, acks$, scheduler: m.scheduler, random: () => 0 }), "^ 30ms !").toBeObservable(expected, signals);
      m.expect(acks$).toHaveSubscriptions("^ 30ms !");
    }),
  );

  it(
    "stops its timer on unsubscribe",
    marbles((m) => {
      const acks$ = m.cold("-a---------a---------a");
      const source = heartbeat({ intervalMs: 10, acks$, scheduler: m.scheduler, random: () => 0 });
      m.expect(source, "^ 14ms !").toBeObservable("b---------b----", signals);
      m.expect(acks$).toHaveSubscriptions("^ 14ms !");
      // No timer is left scheduled past the unsubscription.
      m.scheduler.schedule(() => expect(m.scheduler.actions.length).toBe(0), 16);
    }),
  );

  it("draws its jitter per subscription", () => {
    const draws: number[] = [];
    const source = heartbeat({ intervalMs: 1000, acks$: new Subject<void>(), random: () => {
      draws.push(1);
      return 0.9;
    } });
    expect(draws).toHaveLength(0);
    source.subscribe().unsubscribe();
    source.subscribe().unsubscribe();
    expect(draws).toHaveLength(2);
  });
});

describe("firstBeatDelay", () => {
  it("is intervalMs × random(), floored and kept within [0, intervalMs]", () => {
    expect(firstBeatDelay(45_000, () => 0.5)).toBe(22_500);
    expect(firstBeatDelay(45_000, () => 0)).toBe(0);
    expect(firstBeatDelay(1000, () => 0.9999)).toBe(999);
    expect(firstBeatDelay(1000, () => -3)).toBe(0);
    expect(firstBeatDelay(1000, () => 7)).toBe(1000);
    expect(firstBeatDelay(1000, () => Number.NaN)).toBe(0);
  });
});
