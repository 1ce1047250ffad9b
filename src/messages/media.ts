/**
 * Rich media: upload to the files endpoint (C2C/group) for a `file_info` to send as msg_type 7,
 * or, in guild chats, an image URL sent as `image`.
 */
import { QQSendError } from "../errors.js";
import type { RestClient } from "../http/types.js";
import type { MediaFileType, MediaSpec } from "./send-body.js";
import { describeTarget, filesPath, type C2CTarget, type GroupTarget } from "./target.js";

/** `file_type` of each media kind: 1 image (png/jpg), 2 video (mp4), 3 voice (silk), 4 file. */
export const FILE_TYPE_CODES: Readonly<Record<MediaFileType, 1 | 2 | 3 | 4>> = { image: 1, video: 2, voice: 3, file: 4 };

/** What the files endpoint gave back. */
export interface UploadedMedia {
  /** Goes into `media: { file_info }`; reusable for targets of the same kind. */
  fileInfo: string;
  fileUuid?: string;
  /** Seconds it stays valid (0 = long-lived). */
  ttl?: number;
}

/**
 * The request body of an upload: `{file_type, url | file_data (base64), srv_send_msg: false}`.
 * `srv_send_msg` is always false: sending is left to the message request, so no proactive quota is used.
 */
export function uploadRequestBody(media: MediaSpec): Record<string, unknown> {
  const body: Record<string, unknown> = { file_type: FILE_TYPE_CODES[media.fileType], srv_send_msg: false };
  if (media.data !== undefined) body["file_data"] = media.data.toString("base64");
  else body["url"] = media.url;
  return body;
}

/** Whether a media spec names its bytes: a non-empty `url` or a non-empty `data`. */
export function hasMediaSource(media: MediaSpec): boolean {
  return (media.data !== undefined && media.data.length > 0) || (typeof media.url === "string" && media.url.trim() !== "");
}

/**
 * Upload media for a C2C or group target. Rejects with the RestClient's `QQApiError`, or a
 * `QQSendError` `MEDIA_UPLOAD_FAILED` when the answer has no `file_info`.
 */
export async function uploadMedia(rest: RestClient, target: C2CTarget | GroupTarget, media: MediaSpec): Promise<UploadedMedia> {
  const path = filesPath(target);
  const answer = await rest.request<unknown>("POST", path, uploadRequestBody(media));
  const rec = typeof answer === "object" && answer !== null ? (answer as Record<string, unknown>) : {};
  const fileInfo = rec["file_info"];
  if (typeof fileInfo !== "string" || fileInfo === "") {
    throw new QQSendError(
      `uploading ${media.fileType} media for ${describeTarget(target)} failed: the files endpoint answered without file_info`,
      "MEDIA_UPLOAD_FAILED",
      { status: 200, method: "POST", path, body: JSON.stringify(answer ?? null).slice(0, 200) },
    );
  }
  const out: UploadedMedia = { fileInfo };
  if (typeof rec["file_uuid"] === "string") out.fileUuid = rec["file_uuid"];
  if (typeof rec["ttl"] === "number") out.ttl = rec["ttl"];
  return out;
}

/**
 * What a guild chat can send for a media spec: the URL of an image (sent as `image`); `undefined`
 * for anything else (bytes, video, voice, files need multipart upload, which qqbot-rx does not do).
 */
export function guildImageUrl(media: MediaSpec): string | undefined {
  return media.fileType === "image" && media.data === undefined && media.url ? media.url : undefined;
}
