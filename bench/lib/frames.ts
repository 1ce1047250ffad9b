/**
 * The `C2C_MESSAGE_CREATE` dispatches the throughput and latency benchmarks send, in two
 * sizes: `small` (≈ 180 bytes: only the fields a C2C message needs, like the issue's ≈ 170-byte frames) and
 * `large` (≈ 390 bytes: the platform's full shape with envelope id, union openid,
 * attachments and scene, the frames the benchmarks used before).
 *
 * @example
 * ```ts
 * messageFrame("small", 42, "r1-0");             // {"op":0,"s":42,"t":"C2C_MESSAGE_CREATE","d":{…}}
 * messageFrame("large", 43, "r1-1", "t=123.4");  // content carries a send time for the latency run
 * ```
 */

/** Frame sizes the benchmarks use. */
export type FrameSize = "small" | "large";

/** The frame sizes, in the order the benchmarks run them. */
export const FRAME_SIZES: readonly FrameSize[] = ["small", "large"];

const OPENID = "E4F4AEA33253A2797FB897C50B81D7ED";

/**
 * One C2C message dispatch with seq `seq`, message id `id` (`ROBOT1.0_<id>` in large frames)
 * and `content` (default `hi` in small frames, `hello <seq>` in large ones).
 */
export function messageFrame(size: FrameSize, seq: number, id: string, content?: string): string {
  if (size === "small") {
    return (
      `{"op":0,"s":${seq},"t":"C2C_MESSAGE_CREATE","d":{"id":"${id}","author":{"user_openid":"${OPENID}"},` +
      `"content":"${content ?? "hi"}","timestamp":"2025-06-01T12:00:00+08:00"}}`
    );
  }
  return (
    `{"op":0,"s":${seq},"t":"C2C_MESSAGE_CREATE","id":"C2C_MESSAGE_CREATE:${id}","d":{"id":"ROBOT1.0_${id}",` +
    `"author":{"id":"${OPENID}","user_openid":"${OPENID}","union_openid":"${OPENID}"},"content":"${content ?? `hello ${seq}`}",` +
    `"timestamp":"2025-06-01T12:00:00+08:00","attachments":[],"message_scene":{"source":"default"}}}`
  );
}
