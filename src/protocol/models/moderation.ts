/**
 * Mute (禁言), announcements (公告) and pinned messages (精华消息).
 * Source: docs server-inter/channel/speak/*.md, content/announces/*.md, content/pins/*.md;
 * botgo dto/mute.go, dto/announces.go, dto/pins.go; botpy botpy/api.py (mute_*, create_announce, put_pin).
 */

/**
 * Body of a mute: until a unix time in seconds, or for a number of seconds (strings, as the
 * platform takes them; `mute_end_timestamp` wins when both are set). `"0"` lifts the mute.
 */
export interface MuteBody {
  /** Mute until this unix time, in seconds, as a decimal string. */
  mute_end_timestamp?: string;
  /** Mute for this many seconds, as a decimal string. */
  mute_seconds?: string;
}

/** Body of muting several members: {@link MuteBody} plus the members. */
export interface MuteMembersBody extends MuteBody {
  /** The members' user ids. */
  user_ids: string[];
}

/** Answer of muting several members. */
export interface MuteMembersResult {
  /** The members muted (or unmuted). */
  user_ids: string[];
}

/** A recommended channel of an announcement. */
export interface RecommendChannel {
  /** Channel id. */
  channel_id: string;
  /** Why it is recommended. */
  introduce: string;
}

/** An announcement (公告). */
export interface Announce {
  /** Guild id. */
  guild_id: string;
  /** Channel id. */
  channel_id: string;
  /** The message announced ("" for a recommended-channels announcement). */
  message_id: string;
  /** 0 member announcement, 1 welcome announcement. */
  announces_type?: number;
  /** Recommended channels. */
  recommend_channels?: RecommendChannel[];
}

/**
 * Body of `POST /guilds/{guild_id}/announces`: a message (`channel_id` + `message_id`), or
 * recommended channels (`announces_type` + `recommend_channels`, replacing the previous ones).
 */
export interface AnnounceBody {
  /** Message to announce. */
  message_id?: string;
  /** Its channel (required with `message_id`). */
  channel_id?: string;
  /** 0 member announcement, 1 welcome announcement. @defaultValue 0 */
  announces_type?: 0 | 1;
  /** Recommended channels (at most 3). */
  recommend_channels?: RecommendChannel[];
}

/** Body of the retired `POST /channels/{channel_id}/announces`. */
export interface ChannelAnnounceBody {
  /** Message to announce. */
  message_id: string;
}

/** A channel's pinned messages (精华消息), after the call. */
export interface PinsMessage {
  /** Guild id. */
  guild_id: string;
  /** Channel id. */
  channel_id: string;
  /** Ids of every pinned message (at most 20). */
  message_ids: string[];
}
