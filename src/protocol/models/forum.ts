/**
 * Forum threads (帖子) in forum channels.
 * Source: docs server-inter/channel/content/forum/*.md; botpy botpy/api.py (get_threads, post_thread).
 */

/** The content of a thread. */
export interface ThreadInfo {
  /** Thread id. */
  thread_id: string;
  /** Title. */
  title: string;
  /** Content (RichText JSON for format 4). */
  content: string;
  /** When it was posted (ISO 8601). */
  date_time: string;
}

/** A thread. */
export interface Thread {
  /** Guild id. */
  guild_id: string;
  /** Channel id. */
  channel_id: string;
  /** Author's user id. */
  author_id: string;
  /** The thread. */
  thread_info: ThreadInfo;
}

/** `GET /channels/{channel_id}/threads`. */
export interface ThreadList {
  /** The threads. */
  threads: Thread[];
  /** 1 when every thread was returned, 0 when more exist. */
  is_finish: number;
}

/** `GET /channels/{channel_id}/threads/{thread_id}`. */
export interface ThreadDetail {
  /** The thread. */
  thread: Thread;
}

/** Body of `PUT /channels/{channel_id}/threads`. */
export interface ThreadBody {
  /** Title. */
  title: string;
  /** Content. */
  content: string;
  /** 1 text, 2 HTML, 3 Markdown, 4 JSON (RichText). */
  format: 1 | 2 | 3 | 4;
}

/** Answer of posting a thread. */
export interface ThreadPosted {
  /** Id of the posting task. */
  task_id: string;
  /** When it was posted, unix seconds as a string. */
  create_time: string;
}
