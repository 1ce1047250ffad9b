/**
 * Units of the doctor: the command line and environment → options (credentials from the
 * environment, flags winning, every problem listed), `--intents` by name or number, the
 * address in an 11298 message, and durations as people read them.
 */
import { describe, expect, it } from "vitest";
import { parseDoctorArgs } from "../../src/doctor/args.js";
import { formatDuration } from "../../src/doctor/duration.js";
import { parseIntents } from "../../src/doctor/intents-arg.js";
import { ipInMessage } from "../../src/doctor/ip-refusal.js";
import { DEFAULT_DOCTOR_OPTIONS } from "../../src/doctor/options.js";
import { Intents } from "../../src/protocol/intents.js";

const ENV = { QQ_APP_ID: "102000001", QQ_CLIENT_SECRET: "env-secret" };

describe("parseDoctorArgs", () => {
  it("takes the credentials from the environment, the rest from the defaults", () => {
    expect(parseDoctorArgs([], ENV)).toEqual({
      kind: "run", json: false,
      options: { ...DEFAULT_DOCTOR_OPTIONS, appId: "102000001", clientSecret: "env-secret", secretSource: "env", intents: Intents.PUBLIC_MESSAGES },
    });
  });

  it("flags win over the environment; --secret is remembered as such; base URLs lose a trailing slash, the webhook URL does not", () => {
    const args = parseDoctorArgs(
      ["--app-id", "102000002", "--secret", "flag-secret", "--sandbox", "--json", "--intents", "GROUP_AND_C2C", "--timeout-ms", "2500",
        "--api-base", "http://127.0.0.1:1/", "--sandbox-api-base", "http://127.0.0.1:2//", "--token-url", "http://127.0.0.1:1/t", "--webhook", "https://bot.example/qq/", "--proxy", "http://proxy:3128"],
      ENV,
    );
    expect(args).toEqual({
      kind: "run", json: true,
      options: {
        appId: "102000002", clientSecret: "flag-secret", secretSource: "flag", intents: Intents.GROUP_AND_C2C, sandbox: true, timeoutMs: 2500,
        apiBase: "http://127.0.0.1:1", sandboxApiBase: "http://127.0.0.1:2", tokenUrl: "http://127.0.0.1:1/t", webhookUrl: "https://bot.example/qq/", proxy: "http://proxy:3128",
      },
    });
  });

  it("lists every problem", () => {
    expect(parseDoctorArgs(["--intents", "NOPE", "--timeout-ms", "abc", "--webhook", "ftp://x", "--api-base", "not a url"], ENV)).toEqual({
      kind: "invalid",
      problems: [
        expect.stringMatching(/^--intents: unknown intent "NOPE" \(known: GUILDS, /),
        '--timeout-ms: must be an integer from 100 to 600000, got "abc"',
        '--webhook: "ftp://x" is not an http(s) URL',
        '--api-base: "not a url" is not an http(s) URL',
      ],
    });
    expect(parseDoctorArgs(["--bogus"], ENV)).toMatchObject({ kind: "invalid", problems: [expect.stringContaining("--bogus")] });
    expect(parseDoctorArgs(["extra"], ENV)).toMatchObject({ kind: "invalid" });
    expect(parseDoctorArgs(["-h"], ENV)).toEqual({ kind: "help" });
  });

  it("missing credentials are not a parse error (the credentials check reports them)", () => {
    expect(parseDoctorArgs([], {})).toMatchObject({ kind: "run", options: { appId: "", clientSecret: "" } });
  });
});

describe("parseIntents", () => {
  it("names (any case, any separator), sets, or a number", () => {
    expect(parseIntents("GROUP_AND_C2C_EVENT,interaction")).toEqual({ ok: true, intents: Intents.GROUP_AND_C2C_EVENT | Intents.INTERACTION });
    expect(parseIntents("guilds | public_guild_messages + GUILD_MEMBERS")).toEqual({ ok: true, intents: Intents.BASIC });
    expect(parseIntents("PUBLIC_MESSAGES")).toEqual({ ok: true, intents: Intents.PUBLIC_MESSAGES });
    expect(parseIntents("33554432")).toEqual({ ok: true, intents: Intents.GROUP_AND_C2C_EVENT });
  });

  it("refuses unknown names, unknown bits and nothing", () => {
    expect(parseIntents("GROUPS")).toMatchObject({ ok: false, problem: expect.stringMatching(/^unknown intent "GROUPS"/) });
    expect(parseIntents("4")).toEqual({ ok: false, problem: "4 has bits no intent uses (4)" });
    expect(parseIntents("0")).toMatchObject({ ok: false });
    expect(parseIntents(" , ")).toMatchObject({ ok: false });
  });
});

describe("ipInMessage", () => {
  it("finds an IPv4 or IPv6 address, or nothing", () => {
    expect(ipInMessage("接口访问源IP不在白名单")).toBeUndefined();
    expect(ipInMessage(undefined)).toBeUndefined();
    expect(ipInMessage("接口访问源IP不在白名单, 来源IP: 203.0.113.7.")).toBe("203.0.113.7");
    expect(ipInMessage("source 2001:db8::1 refused")).toBe("2001:db8::1");
    expect(ipInMessage("version 1.2 at 10:30")).toBeUndefined();
  });
});

describe("formatDuration", () => {
  it("to the two largest units", () => {
    expect([formatDuration(850), formatDuration(4_200), formatDuration(125_000), formatDuration(3_600_000), formatDuration(86_399_000)]).toEqual([
      "850 ms", "4 s", "2 min 5 s", "1 h", "23 h 59 min",
    ]);
  });
});
