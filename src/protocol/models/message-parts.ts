/**
 * The rich parts of a message body: markdown, keyboard, ark, embed, and a quoted message.
 * Source: docs server-inter/message/post_messages.md, message/type/*.md; botgo dto/message_create.go,
 * dto/message_ark.go; botpy botpy/types/message.py.
 */

/** Markdown: raw `content`, or a template with `params`. */
export interface MessageMarkdown {
  /** Raw markdown text. */
  content?: string;
  /** Template id (for template markdown). */
  custom_template_id?: string;
  /** Template parameters. */
  params?: Array<{
    /** Parameter name. */
    key: string;
    /** Its values. */
    values: string[];
  }>;
}

/** A keyboard (buttons): a template `id`, or its `content` (`{ rows: [{ buttons: […] }] }`). */
export interface MessageKeyboard {
  /** Keyboard template id. */
  id?: string;
  /** Custom keyboard content. */
  content?: Record<string, unknown>;
}

/** An ark (template card). */
export interface MessageArk {
  /** Ark template id. */
  template_id: number;
  /** Template values. */
  kv: Array<Record<string, unknown>>;
}

/** An embed (a special ark). */
export interface MessageEmbed {
  /** Title. */
  title?: string;
  /** Notification text. */
  prompt?: string;
  /** Thumbnail. */
  thumbnail?: {
    /** Image URL. */
    url: string;
  };
  /** Lines. */
  fields?: Array<{
    /** Line text. */
    name: string;
  }>;
}

/** A quoted message. */
export interface MessageReference {
  /** Id of the quoted message. */
  message_id: string;
  /** Send even when the quoted message cannot be fetched. */
  ignore_get_message_error?: boolean;
}
