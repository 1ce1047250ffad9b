/**
 * Answers no reconnect can fix, as the `GatewayFatalError` the loop ends with: refused
 * credentials (`AUTH_FAILED`) and a refused IP address (`IP_NOT_ALLOWED`). Everything else is
 * retried by the loop.
 */
import { GatewayFatalError, QQAccessRefusedError, QQAuthError, safeMessage } from "../errors.js";

/** The fatal error for `err` when no retry can fix it, else `undefined`. */
export function refusal(err: unknown, shard: number): GatewayFatalError | undefined {
  if (!isRefusal(err)) return undefined;
  if (err instanceof QQAuthError) {
    return new GatewayFatalError(
      `the platform refused the bot's credentials; check the app id and client secret (${safeMessage(err)})`,
      "AUTH_FAILED",
      { cause: err, shard },
    );
  }
  return new GatewayFatalError(err.message, "IP_NOT_ALLOWED", { cause: err, shard });
}

/** Whether `err` is an answer no retry can fix: refused credentials or a refused IP address. */
export function isRefusal(err: unknown): err is QQAuthError | QQAccessRefusedError {
  return err instanceof QQAuthError || err instanceof QQAccessRefusedError;
}
