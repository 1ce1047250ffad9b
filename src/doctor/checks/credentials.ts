/**
 * `credentials`: an app id and a secret are there, the app id looks like one (AppIDs are
 * numbers), and the secret did not come from the command line (where it lands in the shell's
 * history and in `ps`). Makes no call.
 */
import { fail, pass, warn } from "../check-result.js";
import type { Check } from "../context.js";

/** The `credentials` check. */
export const credentials: Check = {
  name: "credentials",
  run: async ({ options }) => {
    const { appId, clientSecret, secretSource } = options;
    if (!appId || !clientSecret) {
      const missing = [appId ? undefined : "QQ_APP_ID (--app-id)", clientSecret ? undefined : "QQ_CLIENT_SECRET"].filter(Boolean).join(" and ");
      return {
        verdict: fail(
          `no ${!appId && !clientSecret ? "app id and no secret" : appId ? "secret" : "app id"} given`,
          `set ${missing} to the bot's AppID and AppSecret (QQ bot console → 开发设置), then run again`,
        ),
      };
    }
    const source = secretSource === "flag" ? "--secret" : "QQ_CLIENT_SECRET";
    if (!/^\d+$/.test(appId)) {
      return { verdict: warn(`app id ${JSON.stringify(appId.slice(0, 40))} is not a number; secret from ${source}`, "AppIDs are numbers (e.g. 102000001): copy it from the QQ bot console (开发设置)") };
    }
    if (secretSource === "flag") {
      return {
        verdict: warn(
          `app id ${appId}; secret from --secret`,
          "a secret on the command line lands in your shell history and in `ps` output: prefer QQ_CLIENT_SECRET=… in the environment",
        ),
      };
    }
    return { verdict: pass(`app id ${appId}; secret from QQ_CLIENT_SECRET`) };
  },
};
