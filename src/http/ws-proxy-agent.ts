/**
 * The agent of the gateway WebSocket's upgrade request, chosen as REST's dispatcher is
 * (`proxy.ts`), so REST and the WebSocket take the same road:
 *
 * ```
 * choice   direct   ─► no agent (the socket connects itself)
 *          explicit ─► the `proxy` option's proxy, for every host
 *          env      ─► host in NO_PROXY? ─ yes ─► direct
 *                                        └ no ─► wss: HTTPS_PROXY (else ALL_PROXY, HTTP_PROXY) · ws: HTTP_PROXY (else ALL_PROXY)
 * ```
 *
 * NO_PROXY is matched as undici matches it for REST (see {@link bypassesProxy}).
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { Agent as RoutingBase, type AgentConnectOpts } from "agent-base";
import { HttpsProxyAgent } from "https-proxy-agent";
import { bypassesProxy, type ProxyChoice } from "./proxy.js";

/** The WebSocket's agent for `choice`; undefined to connect directly. The caller destroys it. */
export function createWsProxyAgent(choice: ProxyChoice): HttpAgent | undefined {
  if (choice.kind === "direct") return undefined;
  if (choice.kind === "explicit") return new HttpsProxyAgent(choice.uri);
  return new EnvProxyAgent(choice);
}

/** Routes each upgrade request by its host: direct for NO_PROXY hosts, else through the environment's proxy. */
class EnvProxyAgent extends RoutingBase {
  readonly #noProxy: string;
  /** By target scheme: the proxy's agent, or a direct one when no proxy applies to it. */
  readonly #secure: HttpAgent;
  readonly #plain: HttpAgent;
  readonly #direct = { secure: new HttpsAgent(), plain: new HttpAgent() };

  constructor(choice: Extract<ProxyChoice, { kind: "env" }>) {
    super();
    this.#noProxy = choice.noProxy;
    this.#secure = choice.httpsProxy === undefined ? this.#direct.secure : new HttpsProxyAgent(choice.httpsProxy);
    this.#plain = choice.httpProxy === undefined ? this.#direct.plain : new HttpsProxyAgent(choice.httpProxy);
  }

  override connect(_req: unknown, options: AgentConnectOpts): HttpAgent {
    const scheme = options.secureEndpoint ? "secure" : "plain";
    if (bypassesProxy(options.host ?? "", options.port, this.#noProxy)) return this.#direct[scheme];
    return scheme === "secure" ? this.#secure : this.#plain;
  }

  override destroy(): void {
    for (const agent of new Set([this.#secure, this.#plain, this.#direct.secure, this.#direct.plain])) agent.destroy();
    super.destroy();
  }
}
