/**
 * Rich-media upload (C2C and group), DM sessions and interaction ACKs.
 * Source: docs server-inter/message/send-receive/rich-media.md, message/dms/post_dms.md;
 * botpy botpy/api.py (post_c2c_file, post_group_file, create_dms, on_interaction_result);
 * botgo dto/message_create.go RichMediaMessage, dto/direct_message.go.
 */

/** Body of `POST /v2/users/{openid}/files` and `POST /v2/groups/{group_openid}/files`: a URL or the bytes. */
export interface MediaUploadBody {
  /** 1 image (png/jpg), 2 video (mp4), 3 voice (silk), 4 file (not open yet). */
  file_type: 1 | 2 | 3 | 4;
  /** http(s) URL of the file. */
  url?: string;
  /** The bytes: base64 text, or a `Uint8Array`/`Buffer` (sent as base64). The docs mark it "not supported yet"; peers use it. */
  file_data?: string | Uint8Array;
  /** `true` sends the media at once (uses the proactive quota); `false` returns `file_info` for a `msg_type` 7 message. */
  srv_send_msg: boolean;
}

/** Answer of an upload. */
export interface MediaUploaded {
  /** File id. */
  file_uuid: string;
  /** What a `msg_type` 7 message's `media.file_info` takes; reusable for targets of the same kind. */
  file_info: string;
  /** Seconds `file_info` stays valid; 0 = long-lived. */
  ttl: number;
  /** Id of the message sent, when `srv_send_msg` was true. */
  id?: string;
}

/** Body of `POST /users/@me/dms`. */
export interface DirectSessionBody {
  /** The user to write to. */
  recipient_id: string;
  /** A guild the bot and the user share. */
  source_guild_id: string;
}

/** A DM session: `POST /dms/{guild_id}/messages` takes its `guild_id`. */
export interface DirectSession {
  /** The DM session's guild id. */
  guild_id: string;
  /** The DM session's channel id. */
  channel_id: string;
  /** When it was created (a timestamp string). */
  create_time: string;
}

/** Body of `PUT /interactions/{interaction_id}`. */
export interface InteractionAckBody {
  /** 0 success, 1 failed, 2 too frequent, 3 duplicate, 4 no permission, 5 admins only. */
  code: 0 | 1 | 2 | 3 | 4 | 5;
}
