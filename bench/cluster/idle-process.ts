/**
 * The RSS baseline of `npm run bench:cluster`: a process started exactly like a cluster worker
 * (`node --import tsx`) that loads qqbot-rx and ioredis but runs no bot, then prints its RSS.
 * A worker's RSS minus this is what its bot, sockets, Redis connections and traffic cost; its
 * start-up time is part of every "signal → successor ready" figure.
 */
import "../../src/index.js";
import "ioredis";

// performance.now() here = the time from process start until the library is loaded.
const loadedMs = Math.round(performance.now());
setTimeout(() => console.log(JSON.stringify({ rss: process.memoryUsage().rss, loadedMs })), 1000);
