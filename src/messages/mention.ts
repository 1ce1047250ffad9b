/**
 * The bot's own mention markup (`<@!id>` / `<@id>`) removed from message text.
 *
 * @example
 * ```ts
 * stripBotMention("<@!1234> hello", "1234")          // "hello"
 * stripBotMention("hi <@1234> there <@!99>", "1234") // "hi there <@!99>"
 * ```
 */

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `content` without the bot's mentions (and the whitespace around them), trimmed.
 * Mentions of anyone else stay. Without `botUserId` only the trimming happens.
 */
export function stripBotMention(content: string, botUserId: string | undefined): string {
  if (!botUserId) return content.trim();
  const pattern = new RegExp(`\\s*<@!?${escapeRegExp(botUserId)}>\\s*`, "g");
  return content.replace(pattern, " ").trim();
}
