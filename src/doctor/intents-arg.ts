/**
 * `--intents`: a number, or intent names (single bits such as `GROUP_AND_C2C_EVENT`, or sets
 * such as `PUBLIC_MESSAGES`) joined by `,`, `|`, `+` or spaces, in any case; and the words the
 * doctor uses about a set of intents.
 */
import { ALL_INTENT_BITS, intentNames, Intents } from "../protocol/intents.js";

/** The parsed intents, or what is wrong with the text. */
export type ParsedIntents = { ok: true; intents: number } | { ok: false; problem: string };

const NAMES = Object.keys(Intents) as (keyof typeof Intents)[];

/** Parse `--intents`. */
export function parseIntents(text: string): ParsedIntents {
  const trimmed = text.trim();
  let intents = 0;
  if (/^\d+$/.test(trimmed)) {
    intents = Number(trimmed);
  } else {
    for (const word of trimmed.split(/[\s,|+]+/).filter(Boolean)) {
      const name = NAMES.find((n) => n === word.toUpperCase());
      if (!name) return { ok: false, problem: `unknown intent ${JSON.stringify(word)} (known: ${NAMES.join(", ")})` };
      intents |= Intents[name];
    }
  }
  if (!Number.isSafeInteger(intents) || intents <= 0) return { ok: false, problem: `no intents in ${JSON.stringify(text)}` };
  const unknown = intents & ~ALL_INTENT_BITS;
  if (unknown !== 0) return { ok: false, problem: `${intents} has bits no intent uses (${unknown})` };
  return { ok: true, intents };
}

/** `A, B, C` for the set bits of `intents` ("none" for 0). */
export function listIntents(intents: number): string {
  const names = intentNames(intents);
  return names.length ? names.join(", ") : "none";
}

/** Intents every bot may use without approval: `GUILDS`, `GUILD_MEMBERS`, `PUBLIC_GUILD_MESSAGES`. */
export const BASIC_INTENTS: number = Intents.BASIC;

/** Intents for private-domain bots only. */
export const PRIVATE_DOMAIN_INTENTS: number = Intents.GUILD_MESSAGES | Intents.FORUMS_EVENT;
