/**
 * The undici dispatcher behind every REST call: a plain `Agent`, a `ProxyAgent` for the
 * `proxy` option, or an `EnvHttpProxyAgent` when the environment names a proxy.
 * The proxy variables are the only environment the library reads.
 */
import { Agent, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from "undici";
import type { HttpOptions } from "./options.js";

/** Environment variables this module looks at (upper and lower case are both honoured). */
export type ProxyEnv = Readonly<Record<string, string | undefined>>;

/** Which dispatcher {@link createDispatcher} builds, and why. */
export type ProxyChoice =
  | { kind: "direct" }
  /** The `proxy` option: every request goes through it. */
  | { kind: "explicit"; uri: string }
  /** From the environment; `noProxy` hosts bypass it. */
  | { kind: "env"; httpProxy: string | undefined; httpsProxy: string | undefined; noProxy: string };

function envValue(env: ProxyEnv, name: string): string | undefined {
  const value = env[name] ?? env[name.toLowerCase()];
  return value?.trim() ? value.trim() : undefined;
}

/**
 * Decide how requests leave the process. The `proxy` option wins; otherwise https targets
 * use `HTTPS_PROXY`, else `ALL_PROXY`, else `HTTP_PROXY` (undici's fallback), and http
 * targets `HTTP_PROXY`, else `ALL_PROXY`; hosts in `NO_PROXY` go direct.
 * Pure: the environment is a parameter.
 */
export function chooseProxy(proxy: string | undefined, env: ProxyEnv = process.env): ProxyChoice {
  if (proxy) return { kind: "explicit", uri: proxy };
  const all = envValue(env, "ALL_PROXY");
  const httpProxy = envValue(env, "HTTP_PROXY") ?? all;
  const httpsProxy = envValue(env, "HTTPS_PROXY") ?? all ?? httpProxy;
  if (!httpsProxy && !httpProxy) return { kind: "direct" };
  return { kind: "env", httpProxy, httpsProxy, noProxy: envValue(env, "NO_PROXY") ?? "" };
}

/**
 * True when `NO_PROXY` sends a connection to `hostname`:`port` direct, matched as undici's
 * `EnvHttpProxyAgent` matches it (so REST and the WebSocket agree): `*` matches every host;
 * entries are separated by commas or spaces; an entry matches its host and every subdomain
 * (a leading `.` or `*.` is ignored); an entry with `:port` matches that port only.
 *
 * @example
 * ```ts
 * bypassesProxy("api.sgroup.qq.com", 443, "localhost,.qq.com") // true
 * ```
 */
export function bypassesProxy(hostname: string, port: number, noProxy: string): boolean {
  if (noProxy.trim() === "*") return true;
  const host = unbracket(hostname).toLowerCase();
  return noProxy.split(/[,\s]/).some((entry) => {
    if (!entry) return false;
    // "[::1]:8080", "[::1]", "host:8080", "host"
    const [, name = entry, entryPort] = /^(\[.+\])(?::(\d+))?$/.exec(entry) ?? /^(.+):(\d+)$/.exec(entry) ?? [];
    if (entryPort !== undefined && Number(entryPort) !== port) return false;
    const bare = unbracket(name).replace(/^\*?\./, "").toLowerCase();
    return host === bare || host.endsWith(`.${bare}`);
  });
}

/** An IPv6 address without its URL brackets. */
const unbracket = (host: string): string => (host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host);

/** The undici options that carry {@link HttpOptions} limits. */
function agentOptions(http: HttpOptions): Agent.Options {
  return {
    connect: { timeout: http.connectTimeoutMs },
    headersTimeout: http.headersTimeoutMs,
    bodyTimeout: http.bodyTimeoutMs,
    connections: http.connections,
  };
}

/**
 * Build a dispatcher with the given limits for a {@link ProxyChoice}.
 * A proxy agent replaces undici's `connect` option, so the connect limit is also passed as
 * the TLS/tunnel connector timeout.
 */
export function createDispatcher(http: HttpOptions, choice: ProxyChoice): Dispatcher {
  const base = agentOptions(http);
  if (choice.kind === "direct") return new Agent(base);
  const proxied = { ...base, proxyTls: { timeout: http.connectTimeoutMs }, requestTls: { timeout: http.connectTimeoutMs } };
  if (choice.kind === "explicit") return new ProxyAgent({ ...proxied, uri: choice.uri });
  // Every value is passed explicitly so undici reads no environment variable itself.
  return new EnvHttpProxyAgent({
    ...proxied,
    // An empty string would make undici fall back to process.env; "" means "no proxy" here.
    httpProxy: choice.httpProxy ?? "",
    httpsProxy: choice.httpsProxy ?? "",
    noProxy: choice.noProxy,
  });
}
