// The README's "The whole OpenAPI" example, verbatim (type-checked by tsc, run by test/integration/readme.test.ts).
import { createBot, QQApiError } from "qqbot-rx";
import { startSimulatedPlatform } from "qqbot-rx/testing";

const platform = await startSimulatedPlatform(); // serves every endpoint, over seeded guilds
const bot = createBot({
  appId: platform.appId, clientSecret: platform.clientSecret,
  apiBase: platform.apiBase, tokenUrl: platform.tokenUrl,
});
const { guildId, channelId } = platform.guilds;
const spam = platform.pushMessage("guild", { content: "spam" }).d.id; // a member's message

await bot.api.messages.recallChannel({ channel_id: channelId, message_id: spam, hidetip: true });
await bot.api.mute.member({ guild_id: guildId, user_id: platform.scene.guildUser.id, mute_seconds: "600" });

let members = 0;
for await (const member of bot.api.members.list.all({ guild_id: guildId })) if (member.user.id) members += 1;
console.log(`${members} members`); // every page fetched on demand

try {
  await bot.api.messages.get({ channel_id: channelId, message_id: spam });
} catch (err) {
  if (err instanceof QQApiError) console.log(err.code, err.platformCode); // NOT_FOUND 50039: the recalled message is gone
}
const me = await bot.request<{ username: string }>("GET", "/users/@me");
console.log(`I am ${me.username}`);
await bot.close();
await platform.close();
