/** Rich-media upload for C2C and group chats: a `file_info` for `msg_type` 7 messages (or sent at once with `srv_send_msg`). */
import { route } from "./endpoint.js";
import type { MediaUploadBody, MediaUploaded } from "../models/media.js";

const PEERS = ["botpy", "botgo", "qq-official-bot", "nonebot", "satori"] as const;

/** Media endpoints (`bot.api.media`). */
export const MEDIA_ENDPOINTS = {
  /**
   * Upload media for a user, from a URL or bytes (`file_data`: a `Uint8Array` is sent as base64).
   * @example `const { file_info } = await bot.api.media.uploadC2C({ openid, file_type: 1, url: "https://example.com/a.png", srv_send_msg: false })`
   */
  uploadC2C: route<MediaUploadBody, MediaUploaded>()({
    method: "POST", path: "/v2/users/{openid}/files", input: "body", peers: PEERS,
    source: "botpy botpy/api.py post_c2c_file; botgo openapi/v1/message.go PostC2CMessage (RichMediaMessage); docs send-receive/rich-media.md",
  }),
  /**
   * Upload media for a group, from a URL or bytes.
   * @example `const { file_info } = await bot.api.media.uploadGroup({ group_openid, file_type: 1, file_data: png, srv_send_msg: false })`
   */
  uploadGroup: route<MediaUploadBody, MediaUploaded>()({
    method: "POST", path: "/v2/groups/{group_openid}/files", input: "body", peers: PEERS,
    source: "botpy botpy/api.py post_group_file; botgo openapi/v1/message.go PostGroupMessage (RichMediaMessage); docs send-receive/rich-media.md",
  }),
} as const;
