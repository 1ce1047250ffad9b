// The README's quick start, verbatim (test/integration/readme.test.ts keeps them equal; tsc type-checks it).
import { createBot, Intents } from "qqbot-rx";

const bot = createBot({
  appId: process.env.QQ_APP_ID!,
  clientSecret: process.env.QQ_CLIENT_SECRET!,
  intents: Intents.PUBLIC_MESSAGES, // group + C2C, guild @, direct messages, interactions
});

bot.messages$.subscribe((msg) => {
  msg.reply(`echo: ${msg.text}`).catch((err) => console.error(err.message));
});
