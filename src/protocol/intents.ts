/**
 * Event subscription intents: named bits and useful sets (PROTOCOL.md Part B §4).
 *
 * @example
 * ```ts
 * createBot({ appId, clientSecret, intents: Intents.PUBLIC_MESSAGES });
 * createBot({ appId, clientSecret, intents: Intents.GUILDS | Intents.GROUP_AND_C2C_EVENT });
 * ```
 */
export const Intents = {
  /** Guild create/update/delete and channel create/update/delete events. */
  GUILDS: 1 << 0,
  /** Guild member add/update/remove events. */
  GUILD_MEMBERS: 1 << 1,
  /** Private-domain bots only: every channel message (MESSAGE_CREATE). */
  GUILD_MESSAGES: 1 << 9,
  /** Reactions added to or removed from guild messages. */
  GUILD_MESSAGE_REACTIONS: 1 << 10,
  /** Guild direct messages (DIRECT_MESSAGE_CREATE). */
  DIRECT_MESSAGE: 1 << 12,
  /** Forum events, public-domain version. */
  OPEN_FORUMS_EVENT: 1 << 18,
  /** Members entering or leaving audio and live channels. */
  AUDIO_OR_LIVE_CHANNEL_MEMBER: 1 << 19,
  /** C2C and group @ messages plus friend/group management events. */
  GROUP_AND_C2C_EVENT: 1 << 25,
  /** Button interactions (INTERACTION_CREATE). */
  INTERACTION: 1 << 26,
  /** Audit results of messages held for review (MESSAGE_AUDIT_PASS/REJECT). */
  MESSAGE_AUDIT: 1 << 27,
  /** Private-domain bots only. */
  FORUMS_EVENT: 1 << 28,
  /** Audio playback events. */
  AUDIO_ACTION: 1 << 29,
  /** Public guild @ messages (AT_MESSAGE_CREATE). */
  PUBLIC_GUILD_MESSAGES: 1 << 30,
  /** Group + C2C, public guild @, direct messages and interactions: what a public bot usually wants. */
  PUBLIC_MESSAGES: (1 << 25) | (1 << 30) | (1 << 12) | (1 << 26),
  /** Group and C2C only (bots without guild permissions). */
  GROUP_AND_C2C: (1 << 25) | (1 << 26),
  /** Intents every bot may use without approval. */
  BASIC: (1 << 0) | (1 << 1) | (1 << 30),
} as const;


/** Which intent bit delivers each event type (`t`). Unknown types map to no intent. */
export const EVENT_INTENT: Readonly<Record<string, number>> = {
  GUILD_CREATE: Intents.GUILDS,
  GUILD_UPDATE: Intents.GUILDS,
  GUILD_DELETE: Intents.GUILDS,
  CHANNEL_CREATE: Intents.GUILDS,
  CHANNEL_UPDATE: Intents.GUILDS,
  CHANNEL_DELETE: Intents.GUILDS,
  GUILD_MEMBER_ADD: Intents.GUILD_MEMBERS,
  GUILD_MEMBER_UPDATE: Intents.GUILD_MEMBERS,
  GUILD_MEMBER_REMOVE: Intents.GUILD_MEMBERS,
  MESSAGE_CREATE: Intents.GUILD_MESSAGES,
  MESSAGE_DELETE: Intents.GUILD_MESSAGES,
  MESSAGE_REACTION_ADD: Intents.GUILD_MESSAGE_REACTIONS,
  MESSAGE_REACTION_REMOVE: Intents.GUILD_MESSAGE_REACTIONS,
  DIRECT_MESSAGE_CREATE: Intents.DIRECT_MESSAGE,
  DIRECT_MESSAGE_DELETE: Intents.DIRECT_MESSAGE,
  C2C_MESSAGE_CREATE: Intents.GROUP_AND_C2C_EVENT,
  FRIEND_ADD: Intents.GROUP_AND_C2C_EVENT,
  FRIEND_DEL: Intents.GROUP_AND_C2C_EVENT,
  C2C_MSG_REJECT: Intents.GROUP_AND_C2C_EVENT,
  C2C_MSG_RECEIVE: Intents.GROUP_AND_C2C_EVENT,
  GROUP_AT_MESSAGE_CREATE: Intents.GROUP_AND_C2C_EVENT,
  GROUP_ADD_ROBOT: Intents.GROUP_AND_C2C_EVENT,
  GROUP_DEL_ROBOT: Intents.GROUP_AND_C2C_EVENT,
  GROUP_MSG_REJECT: Intents.GROUP_AND_C2C_EVENT,
  GROUP_MSG_RECEIVE: Intents.GROUP_AND_C2C_EVENT,
  INTERACTION_CREATE: Intents.INTERACTION,
  MESSAGE_AUDIT_PASS: Intents.MESSAGE_AUDIT,
  MESSAGE_AUDIT_REJECT: Intents.MESSAGE_AUDIT,
  AT_MESSAGE_CREATE: Intents.PUBLIC_GUILD_MESSAGES,
  PUBLIC_MESSAGE_DELETE: Intents.PUBLIC_GUILD_MESSAGES,
};

/** OR of every documented single intent bit; anything outside it is not a valid intent. */
export const ALL_INTENT_BITS: number = [
  Intents.GUILDS, Intents.GUILD_MEMBERS, Intents.GUILD_MESSAGES, Intents.GUILD_MESSAGE_REACTIONS,
  Intents.DIRECT_MESSAGE, Intents.OPEN_FORUMS_EVENT, Intents.AUDIO_OR_LIVE_CHANNEL_MEMBER,
  Intents.GROUP_AND_C2C_EVENT, Intents.INTERACTION, Intents.MESSAGE_AUDIT, Intents.FORUMS_EVENT,
  Intents.AUDIO_ACTION, Intents.PUBLIC_GUILD_MESSAGES,
].reduce((a, b) => a | b, 0);

/** The names of the single intent bits set in `intents`, then any bits no intent uses. */
export function intentNames(intents: number): string[] {
  const names: string[] = [];
  for (const [name, bit] of Object.entries(Intents)) {
    if ((bit & (bit - 1)) !== 0) continue; // a set, not a single bit
    if ((intents & bit) !== 0) names.push(name);
  }
  const unknown = intents & ~ALL_INTENT_BITS;
  if (unknown !== 0) names.push(`unknown bits ${unknown}`);
  return names;
}
