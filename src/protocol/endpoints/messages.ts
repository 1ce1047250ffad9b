/**
 * Message endpoints: post (the raw form of `bot.send`), recall, get, list, edit, the guild's
 * message settings and the setting guides. `bot.send`/`message.reply` remain the easy way to
 * send (msg_seq, media upload, splitting, typed send errors); these rows are the platform's calls.
 */
import { ALL_PEERS, route } from "./endpoint.js";
import type {
  ChannelImageBody, ChannelMessage, ChannelMessageBody, MessageEditBody, MessageSetting, MessagesQuery, RecallQuery,
  SettingGuideBody, V2MessageBody, V2MessageSent,
} from "../models/message.js";

const V2_PEERS = ["botpy", "botgo", "qq-official-bot", "nonebot", "satori"] as const;
const RECALL_PEERS = ["botgo", "qq-official-bot", "nonebot", "satori"] as const;

/** Message endpoints (`bot.api.messages`). */
export const MESSAGE_ENDPOINTS = {
  /**
   * Send to a user (C2C). Needs `msg_id` or `event_id` (proactive sends are refused since 2025-04-21).
   * @example `await bot.api.messages.postC2C({ openid, content: "hi", msg_type: 0, msg_id, msg_seq: 1 })`
   */
  postC2C: route<V2MessageBody, V2MessageSent>()({
    method: "POST", path: "/v2/users/{openid}/messages", input: "body", peers: V2_PEERS,
    source: "botpy botpy/api.py post_c2c_message; botgo openapi/v1/message.go PostC2CMessage; docs send-receive/send.md",
  }),
  /**
   * Send to a group. Needs `msg_id` or `event_id`.
   * @example `await bot.api.messages.postGroup({ group_openid, content: "hi", msg_type: 0, msg_id, msg_seq: 1 })`
   */
  postGroup: route<V2MessageBody, V2MessageSent>()({
    method: "POST", path: "/v2/groups/{group_openid}/messages", input: "body", peers: V2_PEERS,
    source: "botpy botpy/api.py post_group_message; botgo openapi/v1/message.go PostGroupMessage; docs send-receive/send.md",
  }),
  /**
   * Send to a guild channel (JSON body).
   * @example `const sent = await bot.api.messages.postChannel({ channel_id, content: "hello", msg_id })`
   */
  postChannel: route<ChannelMessageBody, ChannelMessage>()({
    method: "POST", path: "/channels/{channel_id}/messages", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py post_message; botgo openapi/v1/message.go PostMessage; docs server-inter/message/post_messages.md",
  }),
  /**
   * Send an image file to a guild channel: `multipart/form-data` with `file_image` (other fields as form fields, objects as JSON).
   * @example `await bot.api.messages.postChannelImage({ channel_id, file_image: await readFile("cat.png"), content: "a cat" })`
   */
  postChannelImage: route<ChannelImageBody, ChannelMessage>()({
    method: "POST", path: "/channels/{channel_id}/messages", input: "multipart", peers: ["botpy", "qq-official-bot", "nonebot"],
    source: "botpy botpy/api.py post_message (file_image) + botpy/http.py _FormData; docs server-inter/message/post_messages.md (form-data)",
  }),
  /**
   * Send in a guild DM session (`guild_id` from `bot.api.dms.create` or a DIRECT_MESSAGE_CREATE).
   * @example `await bot.api.messages.postDirect({ guild_id: session.guild_id, content: "hi" })`
   */
  postDirect: route<ChannelMessageBody, ChannelMessage>()({
    method: "POST", path: "/dms/{guild_id}/messages", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py post_dms; botgo openapi/v1/direct_message.go PostDirectMessage; docs message/dms/post_dms_messages.md",
  }),
  /**
   * Send an image file in a guild DM session (`multipart/form-data` with `file_image`).
   * @example `await bot.api.messages.postDirectImage({ guild_id, file_image: bytes })`
   */
  postDirectImage: route<ChannelImageBody, ChannelMessage>()({
    method: "POST", path: "/dms/{guild_id}/messages", input: "multipart", peers: ["botpy", "qq-official-bot", "nonebot"],
    source: "botpy botpy/api.py post_dms (file_image); docs message/dms/post_dms_messages.md",
  }),
  /**
   * Recall a message the bot sent to a user, within 2 minutes (306011 after).
   * @example `await bot.api.messages.recallC2C({ openid, message_id: sent.id })`
   */
  recallC2C: route()({
    method: "DELETE", path: "/v2/users/{openid}/messages/{message_id}", input: "none", peers: RECALL_PEERS,
    source: "botgo openapi/v1/message.go RetractC2CMessage; docs send-receive/reset.md",
  }),
  /**
   * Recall a message the bot sent to a group, within 2 minutes.
   * @example `await bot.api.messages.recallGroup({ group_openid, message_id: sent.id })`
   */
  recallGroup: route()({
    method: "DELETE", path: "/v2/groups/{group_openid}/messages/{message_id}", input: "none", peers: RECALL_PEERS,
    source: "botgo openapi/v1/message.go RetractGroupMessage; docs send-receive/reset.md",
  }),
  /**
   * Recall a guild channel message (admins recall members' messages; the owner anyone's).
   * @example `await bot.api.messages.recallChannel({ channel_id, message_id, hidetip: true })`
   */
  recallChannel: route<RecallQuery>()({
    method: "DELETE", path: "/channels/{channel_id}/messages/{message_id}", input: "query", peers: ALL_PEERS,
    source: "botpy botpy/api.py recall_message; botgo openapi/v1/message.go RetractMessage; docs send-receive/reset.md",
  }),
  /**
   * Recall a message the bot sent in a guild DM session.
   * @example `await bot.api.messages.recallDirect({ guild_id, message_id })`
   */
  recallDirect: route<RecallQuery>()({
    method: "DELETE", path: "/dms/{guild_id}/messages/{message_id}", input: "query", peers: RECALL_PEERS,
    source: "botgo openapi/v1/direct_message.go RetractDMMessage; docs message/dms/delete_dms.md",
  }),
  /**
   * Get one guild channel message (unwrapped from the `{ message: … }` the platform may answer).
   * @example `const msg = await bot.api.messages.get({ channel_id, message_id })`
   */
  get: route<void, ChannelMessage>()({
    method: "GET", path: "/channels/{channel_id}/messages/{message_id}", input: "none", peers: ALL_PEERS, unwrap: "message",
    source: "botpy botpy/api.py get_message; botgo openapi/v1/message.go Message (unwraps {message}; requests the list path: a botgo bug); nonebot bot.py get_message_of_id (unwraps {message})",
  }),
  /**
   * List guild channel messages around, before or after one (not in the current docs; botgo and bot-node-sdk have it).
   * @example `const recent = await bot.api.messages.list({ channel_id, before: lastId, limit: 20 })`
   */
  list: route<MessagesQuery, ChannelMessage[]>()({
    method: "GET", path: "/channels/{channel_id}/messages", input: "query", peers: ["botgo", "bot-node-sdk"],
    source: "botgo openapi/v1/message.go Messages + dto/pager.go MessagesPager; bot-node-sdk src/openapi/v1/message.ts messages",
  }),
  /**
   * Edit a bot's guild message that has a keyboard (new markdown and keyboard).
   * @example `await bot.api.messages.edit({ channel_id, message_id, markdown: { content: "done" }, keyboard: { id: "kb" } })`
   */
  edit: route<MessageEditBody, ChannelMessage>()({
    method: "PATCH", path: "/channels/{channel_id}/messages/{message_id}", input: "body", peers: ["botpy", "botgo"],
    source: "botpy botpy/api.py patch_guild_message; botgo openapi/v1/message.go PatchMessage",
  }),
  /**
   * The guild's message-rate settings for bots.
   * @example `const { channel_push_max_num } = await bot.api.messages.settings({ guild_id })`
   */
  settings: route<void, MessageSetting>()({
    method: "GET", path: "/guilds/{guild_id}/message/setting", input: "none", peers: ["botgo", "nonebot", "satori"],
    source: "botgo openapi/v1/message_setting.go GetMessageSetting; docs speak/setting/message_setting.md",
  }),
  /**
   * Post a message that leads the mentioned users to the bot's message settings.
   * @example `await bot.api.messages.settingGuide({ channel_id, content: "<@123>" })`
   */
  settingGuide: route<SettingGuideBody, ChannelMessage>()({
    method: "POST", path: "/channels/{channel_id}/settingguide", input: "body", peers: ["botgo"],
    source: "botgo openapi/v1/message.go PostSettingGuide + dto/message_create.go SettingGuideToCreate",
  }),
  /**
   * Post a setting guide in a DM session, jumping to `setting_guide.guild_id`.
   * @example `await bot.api.messages.settingGuideDirect({ guild_id, setting_guide: { guild_id: home } })`
   */
  settingGuideDirect: route<SettingGuideBody, ChannelMessage>()({
    method: "POST", path: "/dms/{guild_id}/settingguide", input: "body", peers: ["botgo"],
    source: "botgo openapi/v1/direct_message.go PostDMSettingGuide",
  }),
} as const;
