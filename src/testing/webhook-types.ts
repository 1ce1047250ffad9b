/**
 * The public shapes of the simulator's webhook delivery (`platform.webhook`): attempts,
 * deliveries, op 13 validations, counters and the handle itself.
 */
import type { PushMessageKind } from "./payload-factory.js";
import type { WebhookFaults } from "./webhook-faults.js";

/** One POST of a delivery. */
export interface WebhookAttempt {
  /** The callback URL it went to. */
  url: string;
  /** HTTP status; 0 when there was no answer (refused, reset, timeout). */
  status: number;
  /** The answer was 200 with op 12 (and no `ignoreAck` fault dropped it). */
  acked: boolean;
  /** Milliseconds from sending to the end of the answer. */
  latencyMs: number;
  /** The answer, parsed when JSON. */
  body: unknown;
  /** Faults applied to this POST. */
  faults: string[];
  /** Why there was no answer (status 0). */
  error?: string;
}

/** One pushed event and every POST made for it (all copies). */
export interface WebhookDelivery {
  /** The event id (`id` of the payload). */
  id: string;
  /** The dispatch type (`t`). */
  type: string;
  /** The dispatch's `d`, as sent. */
  // biome-ignore lint/suspicious/noExplicitAny: the payload is whatever the test pushed; tests read its fields freely
  d: any;
  /** The payload's `s`. */
  seq: number;
  /** Every POST made for it, in order (retries and duplicates included). */
  attempts: WebhookAttempt[];
  /** At least one POST was acknowledged. */
  acked: boolean;
}

/** The outcome of an op 13 validation. */
export interface WebhookValidation {
  /** 200, with `plain_token` echoed and a signature that verifies. */
  ok: boolean;
  /** HTTP status of the answer; 0 when there was none. */
  status: number;
  /** The `plain_token` sent. */
  plainToken: string;
  /** The `event_ts` sent (signed together with the token). */
  eventTs: string;
  /** The answer, parsed when JSON. */
  body: unknown;
  /** Why not ok. */
  reason?: string;
}

/** Webhook counters. */
export interface WebhookStats {
  /** Events delivered over webhook. */
  events: number;
  /** POSTs made, retries and duplicates included. */
  posts: number;
  /** POSTs acknowledged with op 12. */
  acked: number;
  /** POSTs that were retries of unacknowledged ones. */
  retries: number;
  /** POSTs answered with a status other than 200. */
  refused: number;
  /** POSTs with no answer (timeout, refused connection). */
  unanswered: number;
  /** op 13 validations sent. */
  validations: number;
}

/** `platform.webhook`. */
export interface SimulatedWebhook {
  /** Where callbacks go; several URLs = each POST to one picked at random. */
  setCallbackUrl(url: string | readonly string[]): void;
  /** The callback URLs in use. */
  readonly callbackUrls: readonly string[];
  /** Send op 13 (to `url` or the first callback URL) and check the answer's signature. */
  validate(url?: string): Promise<WebhookValidation>;
  /** Deliver any dispatch; resolves once every copy was acknowledged or ran out of retries. */
  pushEvent(type: string, d: unknown): Promise<WebhookDelivery>;
  /** Deliver a realistic user message (as `platform.pushMessage` builds it). */
  pushMessage(kind: PushMessageKind, fields?: Record<string, unknown>): Promise<WebhookDelivery>;
  /** Every delivery so far, in order. */
  readonly deliveries: readonly WebhookDelivery[];
  /** Webhook fault injection (forged signatures, duplicates, lost ACKs, …). */
  readonly faults: WebhookFaults;
  /** A snapshot of the webhook counters. */
  stats(): WebhookStats;
}
