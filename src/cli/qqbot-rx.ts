/**
 * The `qqbot-rx` command (`npx qqbot-rx …`, the package's `bin`): `doctor` checks a bot's
 * setup against the platform (see src/cli/doctor.ts); `--version`, `--help`.
 */
import { safeMessage } from "../errors.js";
import { USER_AGENT } from "../http/rest-client.js";
import { doctorCommand } from "./doctor.js";

const USAGE = `Usage: qqbot-rx <command>

Commands:
  doctor     check a bot's credentials, gateway, intents, environment and webhook (doctor --help)

  --version  print the version
`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "doctor") return doctorCommand(rest, process.env, process);
  if (command === "--version" || command === "-v") {
    process.stdout.write(`${USER_AGENT.replace("/", " ")}\n`);
    return 0;
  }
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  process.stderr.write(command === undefined ? USAGE : `qqbot-rx: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // runDoctor turns every failure into a verdict; this is the last resort: no stack, and
    // whatever could be the secret (the environment's, any argument) masked.
    process.stderr.write(`qqbot-rx: ${safeMessage(err, [process.env.QQ_CLIENT_SECRET, ...process.argv.slice(2)])}\n`);
    process.exitCode = 1;
  },
);
