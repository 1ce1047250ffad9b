/**
 * The soak's continuous message stream: small bursts at random short intervals (its own
 * seeded PRNG, so the fault schedule does not depend on timing), pausable around faults
 * that cost the session.
 */
import { sleep } from "../lib/clock.js";
import type { Ledger } from "./ledger.js";
import type { Rng } from "./prng.js";
import type { SoakPlatform } from "./soak-platform.js";

/** Pushes messages until stopped. */
export class Pusher {
  private paused = false;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  /** The first push error, if any (the soak reports it). */
  error: unknown;

  constructor(
    private readonly platform: SoakPlatform,
    private readonly ledger: Ledger,
    private readonly rng: Rng,
    private readonly burst: { min: number; max: number } = { min: 1, max: 3 },
    private readonly everyMs: { min: number; max: number } = { min: 2, max: 8 },
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Stop pushing; resolves once no push is in flight. */
  async pause(): Promise<void> {
    this.paused = true;
    await this.inFlight;
  }

  resume(): void {
    this.paused = false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (!this.paused) {
        const count = this.rng.int(this.burst.min, this.burst.max);
        this.inFlight = this.platform.push(count).then(
          (ids) => this.ledger.pushed(ids),
          (err: unknown) => {
            this.error ??= err;
          },
        );
        await this.inFlight;
      }
      await sleep(this.rng.int(this.everyMs.min, this.everyMs.max));
    }
  }
}
