/**
 * Standalone simulated QQ platform: `npm run simulator` (or `tsx src/cli/simulator.ts`).
 * Prints the URLs and credentials to point a bot at, pushes nothing by itself, and stops
 * cleanly on SIGINT/SIGTERM.
 *
 * Environment (all optional): `SIM_PORT` (default 8080; 0 = any), `SIM_HOST` (127.0.0.1),
 * `SIM_HEARTBEAT_MS`, `SIM_GATEWAY_RATE_LIMIT` (`calls/windowMs`, e.g. `2/60000`).
 */
import { startSimulatedPlatform, type SimulatedPlatformOptions } from "../testing/index.js";

function optionsFromEnv(env: NodeJS.ProcessEnv): SimulatedPlatformOptions {
  const options: SimulatedPlatformOptions = {
    port: env.SIM_PORT !== undefined ? Number(env.SIM_PORT) : 8080,
    host: env.SIM_HOST ?? "127.0.0.1",
  };
  if (env.SIM_HEARTBEAT_MS) options.heartbeatIntervalMs = Number(env.SIM_HEARTBEAT_MS);
  const limit = env.SIM_GATEWAY_RATE_LIMIT?.split("/");
  if (limit?.length === 2) options.gatewayRateLimit = { calls: Number(limit[0]), windowMs: Number(limit[1]) };
  return options;
}

async function main(): Promise<void> {
  const platform = await startSimulatedPlatform(optionsFromEnv(process.env));
  const lines = [
    "Simulated QQ Bot platform is running.",
    `  QQ_APP_ID=${platform.appId}`,
    `  QQ_CLIENT_SECRET=${platform.clientSecret}   (simulator-only credential)`,
    `  token URL:   ${platform.tokenUrl}`,
    `  API base:    ${platform.apiBase}`,
    `  gateway URL: ${platform.gatewayUrl}`,
    "Press Ctrl+C to stop.",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    const s = platform.stats();
    process.stdout.write(`\n${signal}: stopping (connections ${s.connections}, identifies ${s.identifies}, resumes ${s.resumes}, /gateway calls ${s.gatewayCalls + s.gatewayBotCalls})\n`);
    platform.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  const message = err instanceof Error && err.message ? err.message : String(err);
  process.stderr.write(`simulator failed to start: ${message || "unknown error"}\n`);
  process.exit(1);
});
