/**
 * The shared state of one simulated platform, handed to the HTTP routes and the gateway:
 * options, counters, pending faults, tokens, sessions, the reply ledger and the records.
 */
import { FaultState } from "./faults.js";
import { MediaStore } from "./media-store.js";
import { Milestones } from "./milestones.js";
import type { ResolvedOptions } from "./options.js";
import { createScene, type Scene } from "./payload-factory.js";
import { RateWindow } from "./rate-window.js";
import type { RecordedRequest, SentMessageRecord } from "./records.js";
import { ReplyLedger } from "./reply-ledger.js";
import { seedWorld, type SeededIds } from "./world/seed.js";
import type { GuildWorld } from "./world/world.js";
import { SessionRegistry } from "./session-registry.js";
import { SessionStartLimit } from "./session-start-limit.js";
import { createStats, type SimulatorStats } from "./stats.js";
import { TimerSet } from "./timer-set.js";
import { TokenService } from "./token-service.js";

/** Everything the simulator's parts share. */
export interface PlatformContext {
  readonly options: ResolvedOptions;
  readonly stats: SimulatorStats;
  readonly milestones: Milestones;
  readonly faults: FaultState;
  readonly tokens: TokenService;
  readonly sessions: SessionRegistry;
  readonly sessionStart: SessionStartLimit;
  readonly ledger: ReplyLedger;
  readonly media: MediaStore;
  readonly scene: Scene;
  readonly timers: TimerSet;
  /** The configured `/gateway` sliding window, if any. */
  readonly gatewayLimiter: RateWindow | undefined;
  /** `max_concurrency` IDENTIFYs per `identifyWindowMs`; `undefined` when the window is 0. */
  readonly identifyLimiter: RateWindow | undefined;
  readonly requests: RecordedRequest[];
  /** Guilds, channels, members, roles and channel messages. */
  readonly world: GuildWorld;
  /** Ids of the seeded channels and guilds beyond the scene's. */
  readonly seeded: SeededIds;
  readonly sentMessages: SentMessageRecord[];
  /** Set once the server listens. */
  gatewayUrl: string;
  /** The sandbox's gateway URL, set once its server listens (option `sandbox`). */
  sandboxGatewayUrl: string | undefined;
}

/** Fresh state for one platform. */
export function createContext(options: ResolvedOptions): PlatformContext {
  const now = options.now;
  const limit = options.gatewayRateLimit;
  const scene = createScene();
  const { world, ids } = seedWorld({ scene, bot: options.botUser, now, members: options.seed.members, guilds: options.seed.guilds });
  return {
    options,
    stats: createStats(),
    milestones: new Milestones(),
    faults: new FaultState(),
    tokens: new TokenService(options.tokenLifetimeSec, now),
    sessions: new SessionRegistry(options.sessionTtlMs, now),
    sessionStart: new SessionStartLimit(options.sessionStartLimit, now),
    ledger: new ReplyLedger(),
    media: new MediaStore(),
    scene,
    timers: new TimerSet(),
    gatewayLimiter: limit ? new RateWindow(limit.calls, limit.windowMs, now) : undefined,
    identifyLimiter: options.identifyWindowMs > 0 ? new RateWindow(options.maxConcurrency, options.identifyWindowMs, now) : undefined,
    requests: [],
    world,
    seeded: ids,
    sentMessages: [],
    gatewayUrl: "",
    sandboxGatewayUrl: undefined,
  };
}
