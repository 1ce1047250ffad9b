/** Forum threads (帖子) in forum channels (private-domain bots). botgo has the forum events but no thread calls. */
import { route } from "./endpoint.js";
import type { ThreadBody, ThreadDetail, ThreadList, ThreadPosted } from "../models/forum.js";

/** Forum endpoints (`bot.api.forum`). */
export const FORUM_ENDPOINTS = {
  /**
   * The channel's threads (`is_finish` 1 when all are listed).
   * @example `const { threads } = await bot.api.forum.list({ channel_id })`
   */
  list: route<void, ThreadList>()({
    method: "GET", path: "/channels/{channel_id}/threads", input: "none", peers: ["botpy", "qq-official-bot", "nonebot", "satori"],
    source: "botpy botpy/api.py get_threads; docs content/forum/get_threads_list.md",
  }),
  /**
   * One thread.
   * @example `const { thread } = await bot.api.forum.get({ channel_id, thread_id })`
   */
  get: route<void, ThreadDetail>()({
    method: "GET", path: "/channels/{channel_id}/threads/{thread_id}", input: "none", peers: ["botpy", "qq-official-bot", "nonebot"],
    source: "botpy botpy/api.py get_thread_detail; docs content/forum/get_thread.md",
  }),
  /**
   * Post a thread.
   * @example `const { task_id } = await bot.api.forum.post({ channel_id, title: "周报", content: "# 本周", format: 3 })`
   */
  post: route<ThreadBody, ThreadPosted>()({
    method: "PUT", path: "/channels/{channel_id}/threads", input: "body", peers: ["botpy", "qq-official-bot", "nonebot", "satori"],
    source: "botpy botpy/api.py post_thread; docs content/forum/put_thread.md (qq-official-bot POSTs it)",
  }),
  /**
   * Delete a thread.
   * @example `await bot.api.forum.delete({ channel_id, thread_id })`
   */
  delete: route()({
    method: "DELETE", path: "/channels/{channel_id}/threads/{thread_id}", input: "none", peers: ["botpy", "qq-official-bot", "nonebot", "satori"],
    source: "botpy botpy/api.py delete_thread; docs content/forum/delete_thread.md",
  }),
} as const;
