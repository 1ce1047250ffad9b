/**
 * The doctor's `environment` verdicts when the other environment's `GET /gateway` fails for a
 * reason other than the IP allow list: the call is named, the platform's answer quoted, and
 * the token a body echoes is redacted. The other environment is a loopback server that answers
 * 503 and echoes the `Authorization` header.
 */
import { afterEach, describe, expect, it } from "vitest";
import { closeServers, serve } from "../helpers/loopback-server.js";
import { currentToken, diagnose, platform } from "./support.js";

afterEach(closeServers);

/** How the verdicts quote the broken server's answer: the echoed token redacted. */
const ANSWER = String.raw`QQApiError: GET \/gateway failed: HTTP 503, platform code 5003 "down; you sent QQBot \[redacted\]"`;

/** A server answering every request with 503 and a body that echoes the token it was sent. */
async function broken(): Promise<string> {
  const srv = await serve((req, res) => {
    res.writeHead(503, { "content-type": "application/json" });
    res.end(JSON.stringify({ code: 5003, message: `down; you sent ${req.headers.authorization ?? "nothing"}` }));
  });
  return srv.url;
}

describe("doctor: environment when the other environment cannot be reached", () => {
  it("production refuses the IP and the sandbox answers 503: the sandbox call named, the token redacted", async () => {
    const p = await platform();
    p.faults.refuseIp(10);
    const d = await diagnose(p, { sandboxApiBase: await broken() });
    const token = await currentToken(p);
    expect(d.by.environment.status).toBe("fail");
    expect(d.by.environment.detail).toMatch(new RegExp(String.raw`^production refuses this server's IP \(11298, see gateway\); the sandbox could not be reached either: GET \/gateway \(sandbox, 127\.0\.0\.1:\d+\): ${ANSWER}$`));
    expect(d.by.environment.fix).toBe("add the IP to the allow list (see gateway), then run again");
    expect(d.text).not.toContain(token);
  });

  it("an offline bot and the sandbox answering 503: cannot confirm, the sandbox call named", async () => {
    const p = await platform({ botOffline: true });
    const d = await diagnose(p, { sandboxApiBase: await broken() });
    const token = await currentToken(p);
    expect(d.by.environment.status).toBe("fail");
    expect(d.by.environment.detail).toMatch(new RegExp(String.raw`^the bot is offline in production \(4914, see identify\); the sandbox could not be reached to confirm: GET \/gateway \(sandbox, 127\.0\.0\.1:\d+\): ${ANSWER}$`));
    expect(d.text).not.toContain(token);
    expect(p.stats().identifies).toBe(1);
  });

  it("--sandbox and production answering 503: a warning that production could not be checked", async () => {
    const p = await platform();
    const d = await diagnose(p, { sandbox: true, apiBase: await broken() });
    const token = await currentToken(p);
    expect(d.by.environment.status).toBe("warn");
    expect(d.by.environment.detail).toMatch(new RegExp(String.raw`^the sandbox works; production could not be checked: GET \/gateway \(production, 127\.0\.0\.1:\d+\): ${ANSWER}$`));
    expect(d.by.environment.fix).toBe("run the doctor without --sandbox before going live");
    expect(d.text).not.toContain(token);
  });
});
