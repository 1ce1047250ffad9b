/**
 * Helpers of the simulator's OpenAPI tests: plain HTTP (undici) with a token, never the client,
 * and a table runner for "this request gets this status and platform code" rows.
 */
import { expect } from "vitest";
import type { SimulatedPlatform } from "../../src/testing/index.js";
import { http, type HttpAnswer } from "./support.js";

/** An HTTP method of the OpenAPI. */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Calls on one platform with one token. */
export interface OpenApi {
  call(method: Method, path: string, body?: unknown): Promise<HttpAnswer>;
}

/** Authenticated plain-HTTP calls. */
export function openApi(p: SimulatedPlatform, token: string): OpenApi {
  return { call: (method, path, body) => http(p.apiBase, method, path, { token, ...(body === undefined ? {} : { body }) }) };
}

/** One row: a request and the answer the platform gives it. */
export interface ErrorRow {
  /** What the row checks. */
  name: string;
  method: Method;
  path: string;
  body?: unknown;
  status: number;
  /** The platform code of the error body. */
  code: number;
}

/** Send every row and check each answer's status, code, `err_code` and trace id; returns the answers. */
export async function expectErrors(api: OpenApi, rows: readonly ErrorRow[]): Promise<HttpAnswer[]> {
  const answers: HttpAnswer[] = [];
  for (const row of rows) {
    const res = await api.call(row.method, row.path, row.body);
    expect({ row: row.name, status: res.status, code: res.json?.code, errCode: res.json?.err_code }).toEqual({
      row: row.name, status: row.status, code: row.code, errCode: row.code,
    });
    expect(res.json?.trace_id).toBe(res.headers["x-tps-trace-id"]);
    answers.push(res);
  }
  return answers;
}

/** Push a user's guild message (AT_MESSAGE_CREATE) in the scene's channel; its id. */
export function pushGuildMessage(p: SimulatedPlatform, content = "hello"): string {
  return p.pushMessage("guild", { content }).d.id as string;
}
