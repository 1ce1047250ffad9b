/**
 * Sending and replying: resolves the target (DM sessions), uploads media, splits long text, numbers
 * replies (`msg_seq`), retries rate limits on the injected scheduler, maps platform errors to
 * `QQSendError`s, and counts `sent` (per message posted) and `sendErrors` (per failed send).
 */
import {
  asyncScheduler, defer, firstValueFrom, from, NEVER, type Observable, type SchedulerLike, takeUntil, throwIfEmpty,
} from "rxjs";
import { QQBotClosedError, QQBotConfigError, safeMessage, type ConfigProblem } from "../errors.js";
import type { RestClient } from "../http/types.js";
import { silentLogger, type Logger } from "../logger.js";
import type { Counters } from "../stats.js";
import { createDirectSessions } from "./direct-session.js";
import { guildImageUrl, hasMediaSource, uploadMedia, type UploadedMedia } from "./media.js";
import type { ReplyFactory } from "./message.js";
import { createReplySeq, type ReplySeqOptions } from "./reply-seq.js";
import { buildRequestBody, isEmptyBody, planParts, toRichBody, type MediaSpec, type RichBody, type SendBody } from "./send-body.js";
import { retryWithDelays } from "../rx/retry-with-delays.js";
import { auditIdOfError, isSendRateLimited, localSendError, toSendError, type SendErrorContext } from "./send-errors.js";
import { readSendAnswer, type PartResult, type SentMessage } from "./sent-message.js";
import { DEFAULT_SEND_OPTIONS } from "./options.js";
import {
  describeTarget, messagePath, replyRefId, type C2CTarget, type GroupTarget, type ReplyRef, type ResolvedTarget, type SendTarget,
} from "./target.js";

/** What {@link createSender} needs. */
export interface SenderOptions {
  rest: RestClient;
  counters?: Counters;
  logger?: Logger;
  /** Timers of the rate-limit retries, and "now" for timestamps and counters. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
  /** Waits before each retry of a rate-limited request. @defaultValue `[1000, 2000, 5000]` */
  retry?: { delaysMs?: readonly number[] };
  /** Longest text of one message; longer text is split. @defaultValue 2000 */
  maxTextLength?: number;
  /** Bounds of the `msg_seq` counter table. */
  replySeq?: Omit<ReplySeqOptions, "now">;
  /** Emits when the bot closes: a send waiting for a retry rejects at once with `QQBotClosedError`. */
  closed$?: Observable<unknown>;
}

/** Sends messages. */
export interface Sender {
  /** Send `body` to `target`, as a passive reply when `replyTo` is given. Rejects with `QQApiError` (often `QQSendError`). */
  send(target: SendTarget, body: SendBody, replyTo?: ReplyRef): Promise<SentMessage>;
  /** Upload media for a C2C/group target (rate limits retried). */
  upload(target: C2CTarget | GroupTarget, media: MediaSpec): Promise<UploadedMedia>;
}

/** A sender: see the module summary. Throws `QQBotConfigError` for a bad `maxTextLength` or retry delay. */
export function createSender(options: SenderOptions): Sender {
  const { rest } = options;
  const logger = options.logger ?? silentLogger;
  const scheduler = options.scheduler ?? asyncScheduler;
  const delaysMs = options.retry?.delaysMs ?? DEFAULT_SEND_OPTIONS.rateLimitRetryDelaysMs;
  const maxTextLength = options.maxTextLength ?? DEFAULT_SEND_OPTIONS.maxTextLength;
  const problems: ConfigProblem[] = [];
  if (!Number.isInteger(maxTextLength) || maxTextLength < 2) problems.push({ field: "maxTextLength", problem: `must be an integer ≥ 2 (got ${maxTextLength})` });
  delaysMs.forEach((d, i) => {
    if (!Number.isFinite(d) || d < 0) problems.push({ field: `retry.delaysMs[${i}]`, problem: `must be a finite non-negative number (got ${d})` });
  });
  if (problems.length > 0) throw new QQBotConfigError(problems);
  const seqs = createReplySeq({ ...options.replySeq, now: () => scheduler.now() });
  const dms = createDirectSessions(rest);

  const closed$ = options.closed$ ?? NEVER;
  /** Run `request` with rate-limit retries; `attempt` is called before each try. `bot.close()` cancels the waits. */
  const withRetry = <T>(what: string, attempt: () => Promise<T>): Promise<T> =>
    firstValueFrom(
      defer(() => from(attempt())).pipe(
        retryWithDelays<T>({
          delaysMs,
          isRetriable: isSendRateLimited,
          scheduler,
          onRetry: (err, n, wait) => logger.warn({ err: safeMessage(err), retry: n, delayMs: wait }, `${what}: rate limited, retrying`),
        }),
        takeUntil(closed$),
        throwIfEmpty(() => new QQBotClosedError(`${what}: the bot was closed before it was sent`)),
      ),
    );

  const upload = async (target: C2CTarget | GroupTarget, media: MediaSpec, ctx: SendErrorContext): Promise<UploadedMedia> => {
    if (!hasMediaSource(media)) throw localSendError("MEDIA_UNSUPPORTED", "media needs a non-empty url or data", ctx);
    let attempts = 0;
    try {
      return await withRetry(`upload to ${ctx.target}`, () => {
        attempts++;
        return uploadMedia(rest, target, media);
      });
    } catch (err) {
      throw toSendError(err, { ...ctx, attempts });
    }
  };

  const resolveTarget = async (target: SendTarget, ctx: SendErrorContext): Promise<ResolvedTarget> => {
    if (target.kind !== "direct" || "guildId" in target) return target;
    let attempts = 0;
    try {
      const guildId = await withRetry(`DM session for ${ctx.target}`, () => {
        attempts++;
        return dms.resolve(target.userId, target.sourceGuildId);
      });
      return { kind: "direct", guildId };
    } catch (err) {
      throw toSendError(err, { ...ctx, attempts });
    }
  };

  const postPart = async (target: ResolvedTarget, part: RichBody, index: number, fileInfo: string | undefined, ref: ReplyRef | undefined, ctx: SendErrorContext): Promise<PartResult> => {
    const numbered = ref !== undefined && (target.kind === "c2c" || target.kind === "group");
    const seqKey = ref === undefined ? "" : `${"messageId" in ref ? "m" : "e"}:${replyRefId(ref)}`;
    const path = messagePath(target);
    let attempts = 0;
    let msgSeq: number | undefined;
    try {
      return await withRetry(`send to ${ctx.target}`, () => {
        attempts++;
        // A fresh msg_seq for every request, retries included: a number is never reused.
        msgSeq = numbered ? seqs.next(seqKey) : undefined;
        const reply = ref === undefined ? undefined : { ref, quote: index === 0, ...(msgSeq === undefined ? {} : { msgSeq }) };
        const body = buildRequestBody(target.kind, part, { ...(fileInfo === undefined ? {} : { fileInfo }), ...(reply ? { reply } : {}) });
        return rest.request<unknown>("POST", path, body).then((answer) => readSendAnswer(answer, path));
      });
    } catch (err) {
      const auditId = auditIdOfError(err);
      if (auditId !== undefined) return { id: undefined, timestamp: undefined, auditId };
      throw toSendError(err, { ...ctx, msgSeq, attempts });
    }
  };

  const sendUnsafe = async (target: SendTarget, body: SendBody, replyTo: ReplyRef | undefined, ctx: SendErrorContext): Promise<SentMessage> => {
    let rich = typeof body === "string" || (typeof body === "object" && body !== null) ? toRichBody(body) : {};
    if (isEmptyBody(rich)) throw localSendError("EMPTY_MESSAGE", "", ctx);
    const resolved = await resolveTarget(target, ctx);
    let fileInfo: string | undefined;
    const { media, image, ...rest } = rich;
    if (resolved.kind === "c2c" || resolved.kind === "group") {
      const spec: MediaSpec | undefined = media ?? (image ? { url: image, fileType: "image" } : undefined);
      if (spec) fileInfo = (await upload(resolved, spec, ctx)).fileInfo;
      rich = rest;
    } else if (media) {
      const url = guildImageUrl(media);
      if (!url) throw localSendError("MEDIA_UNSUPPORTED", `guild chats take image URLs only (got ${media.fileType}${media.data ? " bytes" : ""})`, ctx);
      rich = { ...rest, image: url };
    }
    const parts = planParts(rich, maxTextLength);
    const results: PartResult[] = [];
    for (const [index, part] of parts.entries()) {
      const last = index === parts.length - 1;
      results.push(await postPart(resolved, part, index, last ? fileInfo : undefined, replyTo, ctx));
      options.counters?.increment("sent");
    }
    const first = results[0];
    const auditId = results.find((r) => r.auditId !== undefined)?.auditId;
    const ids = results.flatMap((r) => (r.id === undefined ? [] : [r.id]));
    logger.debug({ target: ctx.target, parts: parts.length, ids }, "message sent");
    return {
      id: first?.id,
      ids,
      timestamp: first?.timestamp ?? new Date(scheduler.now()),
      parts: parts.length,
      ...(auditId === undefined ? {} : { audit: { auditId } }),
    };
  };

  return {
    async send(target, body, replyTo) {
      const ctx: SendErrorContext = { target: describeTarget(target), replyTo: replyTo && replyRefId(replyTo), attempts: 0 };
      try {
        return await sendUnsafe(target, body, replyTo, ctx);
      } catch (err) {
        options.counters?.increment("sendErrors");
        logger.warn({ err: safeMessage(err), target: ctx.target }, "send failed");
        throw err;
      }
    },
    upload: (target, media) => upload(target, media, { target: describeTarget(target), attempts: 0 }),
  };
}

/** The `reply` factory `normalizeMessage` takes: replies go to the message's target with its id as `msg_id`. */
export function replyFactory(sender: Sender): ReplyFactory {
  return (message) => (body) => sender.send(message.target, body, { messageId: message.id });
}
