/**
 * Access tokens as `bots.qq.com/app/getAppAccessToken` hands them out: the same token
 * until its last 60 s, then a new one, while the old one stays valid until its own expiry.
 */
import { randomAccessToken } from "./ids.js";

/** Renewal window: within the last 60 s before expiry, a fetch mints a new token. */
export const TOKEN_RENEWAL_WINDOW_MS = 60_000;

/** Outcome of checking a presented token. */
export type TokenCheck = "valid" | "expired" | "unknown";

/** One issued token. */
export interface IssuedToken {
  token: string;
  /** Seconds left, rounded up (what `expires_in` carries). */
  expiresInSec: number;
}

/** Mints and validates access tokens against an injected clock. */
export class TokenService {
  private readonly expiries = new Map<string, number>();
  private current: { token: string; expiresAt: number } | undefined;

  constructor(
    private readonly lifetimeSec: number,
    private readonly now: () => number,
  ) {}

  /** The current token, or a new one when there is none or it is in its last 60 s. */
  issue(): IssuedToken {
    const now = this.now();
    const cur = this.current;
    if (!cur || cur.expiresAt - now <= TOKEN_RENEWAL_WINDOW_MS) {
      const token = randomAccessToken();
      const expiresAt = now + this.lifetimeSec * 1000;
      this.current = { token, expiresAt };
      this.expiries.set(token, expiresAt);
      this.prune(now);
      return { token, expiresInSec: this.lifetimeSec };
    }
    return { token: cur.token, expiresInSec: Math.ceil((cur.expiresAt - now) / 1000) };
  }

  /** Whether `token` is one we issued and still valid. */
  check(token: string): TokenCheck {
    const expiresAt = this.expiries.get(token);
    if (expiresAt === undefined) return "unknown";
    return this.now() < expiresAt ? "valid" : "expired";
  }

  /** Forget tokens long expired (an hour past expiry) so the map stays small. */
  private prune(now: number): void {
    for (const [token, expiresAt] of this.expiries) {
      if (expiresAt + 3_600_000 < now) this.expiries.delete(token);
    }
  }
}

/** Strip an optional `"QQBot "` scheme (case-insensitive) from a presented token. */
export function stripScheme(presented: string): string {
  const m = /^qqbot\s+(.+)$/i.exec(presented.trim());
  return m?.[1] ?? presented.trim();
}
