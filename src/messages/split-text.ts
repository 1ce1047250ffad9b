/**
 * Split text that is too long for one message at line, then word boundaries.
 */

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

function cutIndex(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  // A newline right after the window still lets the whole window go as one part.
  const newline = window.lastIndexOf("\n");
  if (newline > 0) return Math.min(newline + 1, limit);
  const space = window.search(/\s\S*$/);
  if (space > 0) return Math.min(space + 1, limit);
  return isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
}

/**
 * Split `text` into parts of at most `limit` UTF-16 code units (the sender passes
 * `send.maxTextLength`, default in `DEFAULT_SEND_OPTIONS`). A part ends after the last newline
 * that fits, else after the last whitespace, else at the limit (never inside a surrogate pair).
 * Separators stay with the part before them; whitespace-only parts are dropped, so every part has
 * visible content. Text that fits comes back as one part (even if blank).
 *
 * @throws RangeError when `limit` is not an integer ≥ 2.
 */
export function splitText(text: string, limit: number): string[] {
  if (!Number.isInteger(limit) || limit < 2) throw new RangeError(`splitText: limit must be an integer ≥ 2 (got ${limit})`);
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = cutIndex(rest, limit);
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts.filter((part) => part.trim() !== "");
}
