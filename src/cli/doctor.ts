/**
 * `qqbot-rx doctor`: parse the command line, run the checks, print the report (text, or JSON
 * with `--json`), and answer with the exit code: 0 when no check failed, 1 when one did, 2 for
 * bad options. Nothing printed contains the secret or a token.
 */
import { parseDoctorArgs, DOCTOR_USAGE } from "../doctor/args.js";
import type { DoctorIo } from "../doctor/context.js";
import { describeTarget, formatReport } from "../doctor/report-text.js";
import { runDoctor } from "../doctor/run-doctor.js";

/** Where the command writes. */
export interface CommandStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Run `doctor` with `argv` (the arguments after `doctor`); resolves with the exit code. */
export async function doctorCommand(
  argv: readonly string[], env: Readonly<Record<string, string | undefined>>, streams: CommandStreams, io: Partial<DoctorIo> = {},
): Promise<number> {
  const args = parseDoctorArgs(argv, env);
  if (args.kind === "help") {
    streams.stdout.write(DOCTOR_USAGE);
    return 0;
  }
  if (args.kind === "invalid") {
    streams.stderr.write(`qqbot-rx doctor: ${args.problems.join("\nqqbot-rx doctor: ")}\n(qqbot-rx doctor --help lists the options)\n`);
    return 2;
  }
  const report = await runDoctor(args.options, io);
  streams.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, describeTarget(args.options)));
  return report.summary.ok ? 0 : 1;
}
