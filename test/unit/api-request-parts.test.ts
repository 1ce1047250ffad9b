/**
 * From a row and an argument object to a request: path parameters filled in and encoded (a
 * missing one refused), the rest of the fields as JSON (bytes as base64), query (booleans and
 * numbers as text, undefined left out) or multipart (bytes and blobs as files, objects as JSON).
 */
import { describe, expect, it } from "vitest";
import { FormData } from "undici";
import { API_BAD_ARGUMENT, requestParts } from "../../src/api/request-parts.js";
import { MEDIA_ENDPOINTS, MEMBER_ENDPOINTS, MESSAGE_ENDPOINTS, ME_ENDPOINTS, REACTION_ENDPOINTS } from "../../src/protocol/endpoints/index.js";

describe("requestParts", () => {
  it("fills and encodes path parameters, numbers included, and leaves the rest for the body", () => {
    expect(requestParts(MEMBER_ENDPOINTS.delete, { guild_id: "g/1", user_id: 42, add_blacklist: true, skip: undefined }, "x")).toEqual({
      path: "/guilds/g%2F1/members/42", body: { add_blacklist: true }, query: undefined,
    });
    expect(requestParts(ME_ENDPOINTS.get, undefined, "x")).toEqual({ path: "/users/@me", body: undefined, query: undefined });
  });

  it("refuses a missing, empty or non-scalar path parameter, and a non-object argument", () => {
    for (const args of [{ guild_id: "g" }, { guild_id: "g", user_id: "" }, { guild_id: "g", user_id: {} }, { guild_id: "g", user_id: Number.NaN }]) {
      expect(() => requestParts(MEMBER_ENDPOINTS.get, args, "bot.api.members.get")).toThrow(expect.objectContaining({ code: API_BAD_ARGUMENT, message: expect.stringMatching(/^bot\.api\.members\.get: path parameter user_id/) }));
    }
    expect(() => requestParts(MEMBER_ENDPOINTS.get, ["g", "u"], "x")).toThrow(/must be an object of fields \(got an array\)/);
  });

  it("puts query fields in the query: scalars as they are, undefined and null left out", () => {
    const parts = requestParts(REACTION_ENDPOINTS.users, { channel_id: "c", message_id: "m", type: 1, id: "4", limit: 20, cookie: undefined }, "x");
    expect(parts).toEqual({ path: "/channels/c/messages/m/reactions/1/4", body: undefined, query: { limit: 20 } });
    expect(requestParts(MESSAGE_ENDPOINTS.recallChannel, { channel_id: "c", message_id: "m", hidetip: false }, "x").query).toEqual({ hidetip: false });
  });

  it("sends bytes in a JSON body as base64", () => {
    const bytes = new Uint8Array([1, 2, 3, 250]);
    expect(requestParts(MEDIA_ENDPOINTS.uploadC2C, { openid: "o", file_type: 1, file_data: bytes, srv_send_msg: false }, "x").body).toEqual({
      file_type: 1, file_data: Buffer.from(bytes).toString("base64"), srv_send_msg: false,
    });
  });

  it("builds multipart bodies: bytes and blobs as files, objects as JSON strings, scalars as text", async () => {
    const { body } = requestParts(
      MESSAGE_ENDPOINTS.postChannelImage,
      { channel_id: "c", file_image: new Uint8Array([9, 8, 7]), content: "hi", message_reference: { message_id: "m" }, msg_seq: 2, skip: undefined },
      "x",
    );
    expect(body).toBeInstanceOf(FormData);
    const form = body as FormData;
    expect([...form.keys()]).toEqual(["file_image", "content", "message_reference", "msg_seq"]);
    const file = form.get("file_image") as Blob & { name: string };
    expect([file.name, [...new Uint8Array(await file.arrayBuffer())]]).toEqual(["file_image", [9, 8, 7]]);
    expect([form.get("content"), form.get("message_reference"), form.get("msg_seq")]).toEqual(["hi", '{"message_id":"m"}', "2"]);
  });
});
