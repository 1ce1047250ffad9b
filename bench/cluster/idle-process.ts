/**
 * The RSS baseline of `npm run bench:cluster`: a process started exactly like a cluster worker
 * (`node --import tsx`) that loads qqbot-rx and ioredis but runs no bot, then prints its RSS.
 * A worker's RSS minus this is what its bot, sockets, Redis connections and traffic cost.
 */
import "../../src/index.js";
import "ioredis";

setTimeout(() => console.log(JSON.stringify({ rss: process.memoryUsage().rss })), 1000);
