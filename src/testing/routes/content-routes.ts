/**
 * Schedules, forum threads and audio, from docs server-inter/channel/content/schedule/*.md,
 * forum/*.md and audio/*.md:
 * - schedules: `GET …/schedules?since=ms` (today's, or those ending after `since`), `GET|PATCH|DELETE
 *   …/schedules/{id}`, `POST …/schedules` with `{schedule:{…}}` (302017 without it; times are ms
 *   decimal strings; end after start 302016, start not past 302015, at most 7 days 302014,
 *   10 a day per guild 302012);
 * - threads in forum channels: list, get, `PUT` to post (503005 no title, 503006 no content),
 *   delete (503012 once gone);
 * - audio in voice channels: `POST …/audio` (status 0–3; 0 needs `audio_url`), `PUT|DELETE …/mic`.
 */
import type { PlatformContext } from "../context.js";
import { randomSnowflake, rfc3339Beijing } from "../ids.js";
import { PlatformError, PlatformHttpError } from "../platform-errors.js";
import type { Route, RouteRequest } from "../rest-router.js";
import type { ChannelRecord, ScheduleRecord } from "../world/records.js";
import { fail, isObject, objectBody, optionalString, requiredNumber, requiredString } from "./fields.js";

const SCH = PlatformError.SCHEDULE_PARAM;
const BAD = PlatformError.REQUEST_INVALID;
const DAY_MS = 86_400_000;

function scheduleFields(ctx: PlatformContext, channel: ChannelRecord, body: unknown): Omit<ScheduleRecord, "id" | "creator"> {
  const b = objectBody(body, SCH);
  if (!isObject(b.schedule)) fail(PlatformError.SCHEDULE_MISSING, "schedule is required");
  const s = b.schedule;
  const name = requiredString(s, "name", SCH);
  const start = requiredString(s, "start_timestamp", SCH);
  const end = requiredString(s, "end_timestamp", SCH);
  if (!/^\d+$/.test(start) || !/^\d+$/.test(end)) fail(SCH, "start_timestamp and end_timestamp must be ms as decimal strings");
  if (Number(end) <= Number(start)) fail(PlatformError.SCHEDULE_END_BEFORE_START, `${end} ≤ ${start}`);
  if (Number(start) < ctx.options.now() - 60_000) fail(PlatformError.SCHEDULE_START_PAST, `start ${start}`);
  if (Number(end) - Number(start) > 7 * DAY_MS) fail(PlatformError.SCHEDULE_TOO_LONG, "longer than 7 days");
  const remind = optionalString(s, "remind_type", SCH) ?? "0";
  if (!/^[0-5]$/.test(remind)) fail(SCH, "remind_type must be \"0\"–\"5\"");
  const jump = optionalString(s, "jump_channel_id", SCH) ?? "0";
  if (jump !== "0" && ctx.world.channels.get(jump)?.guild_id !== channel.guild_id) fail(SCH, `jump_channel_id ${jump} is not a channel of this guild`);
  const description = optionalString(s, "description", SCH);
  return { name, start_timestamp: start, end_timestamp: end, remind_type: remind, jump_channel_id: jump, ...(description ? { description } : {}) };
}

function schedule(channel: ChannelRecord, id: string | undefined): ScheduleRecord {
  const found = id === undefined ? undefined : channel.schedules.get(id);
  if (!found) throw new PlatformHttpError(PlatformError.SCHEDULE_GONE, `schedule ${id ?? "?"}`);
  return found;
}

/** Schedule, thread and audio routes. */
export function contentRoutes(ctx: PlatformContext): Route[] {
  const world = ctx.world;
  const forum = (req: RouteRequest): ChannelRecord => {
    const channel = world.channel(req.params.channel_id);
    if (channel.type !== 10007) fail(BAD, `channel ${channel.id} is not a forum channel`);
    return channel;
  };
  const voice = (req: RouteRequest): ChannelRecord => {
    const channel = world.channel(req.params.channel_id);
    if (channel.type !== 2) fail(BAD, `channel ${channel.id} is not a voice channel`);
    return channel;
  };

  const listSchedules = (req: RouteRequest) => {
    const channel = world.channel(req.params.channel_id);
    const since = req.query.since === undefined ? undefined : Number(req.query.since);
    if (since !== undefined && !Number.isFinite(since)) fail(SCH, "since must be ms");
    const from = since ?? Math.floor(world.now() / DAY_MS) * DAY_MS;
    const list = [...channel.schedules.values()].filter((s) => Number(s.end_timestamp) > from);
    return { status: 200, json: list };
  };

  const createSchedule = (req: RouteRequest) => {
    const channel = world.adminChannel(req.params.channel_id);
    const guild = world.guild(channel.guild_id);
    const fields = scheduleFields(ctx, channel, req.body);
    if (guild.schedulesCreated >= 10) fail(PlatformError.SCHEDULE_DAILY_LIMIT, "10 a day");
    guild.schedulesCreated += 1;
    const creator = world.member(guild, world.bot.id);
    const record: ScheduleRecord = { id: randomSnowflake(), ...fields, creator };
    channel.schedules.set(record.id, record);
    return { status: 200, json: record };
  };

  const modifySchedule = (req: RouteRequest) => {
    const channel = world.adminChannel(req.params.channel_id);
    const record = Object.assign(schedule(channel, req.params.schedule_id), scheduleFields(ctx, channel, req.body));
    return { status: 200, json: record };
  };

  const postThread = (req: RouteRequest) => {
    const channel = forum(req);
    const b = objectBody(req.body);
    const title = typeof b.title === "string" ? b.title : "";
    const content = typeof b.content === "string" ? b.content : "";
    if (!title) fail(PlatformError.THREAD_TITLE_EMPTY, "title");
    if (!content) fail(PlatformError.THREAD_CONTENT_EMPTY, "content");
    requiredNumber(b, "format", BAD, [1, 2, 3, 4]);
    const threadId = `B_${randomSnowflake()}0X60-${Math.floor(world.now() / 1000)}`;
    channel.threads.set(threadId, {
      guild_id: channel.guild_id, channel_id: channel.id, author_id: world.bot.id,
      thread_info: { thread_id: threadId, title, content, date_time: rfc3339Beijing(world.now()) },
    });
    return { status: 200, json: { task_id: randomSnowflake(), create_time: String(Math.floor(world.now() / 1000)) } };
  };

  const thread = (channel: ChannelRecord, id: string | undefined) => {
    const found = id === undefined ? undefined : channel.threads.get(id);
    if (!found) throw new PlatformHttpError(PlatformError.THREAD_GONE, `thread ${id ?? "?"}`);
    return found;
  };

  const audio = (req: RouteRequest) => {
    const channel = voice(req);
    const b = objectBody(req.body);
    const status = requiredNumber(b, "status", BAD, [0, 1, 2, 3]);
    const url = optionalString(b, "audio_url", BAD);
    if (status === 0 && !url) fail(BAD, "status 0 (start) needs audio_url");
    channel.audio = { status, ...(url ? { audio_url: url } : {}), ...(typeof b.text === "string" ? { text: b.text } : {}) };
    return { status: 200, json: {} };
  };

  return [
    { method: "GET", path: "/channels/:channel_id/schedules", auth: true, handle: listSchedules },
    { method: "POST", path: "/channels/:channel_id/schedules", auth: true, jsonBody: true, handle: createSchedule },
    { method: "GET", path: "/channels/:channel_id/schedules/:schedule_id", auth: true, handle: (req) => ({ status: 200, json: schedule(world.channel(req.params.channel_id), req.params.schedule_id) }) },
    { method: "PATCH", path: "/channels/:channel_id/schedules/:schedule_id", auth: true, jsonBody: true, handle: modifySchedule },
    {
      method: "DELETE", path: "/channels/:channel_id/schedules/:schedule_id", auth: true,
      handle: (req) => {
        const channel = world.adminChannel(req.params.channel_id);
        channel.schedules.delete(schedule(channel, req.params.schedule_id).id);
        return { status: 204, empty: true as const };
      },
    },
    { method: "GET", path: "/channels/:channel_id/threads", auth: true, handle: (req) => ({ status: 200, json: { threads: [...forum(req).threads.values()], is_finish: 1 } }) },
    { method: "PUT", path: "/channels/:channel_id/threads", auth: true, jsonBody: true, handle: postThread },
    { method: "GET", path: "/channels/:channel_id/threads/:thread_id", auth: true, handle: (req) => ({ status: 200, json: { thread: thread(forum(req), req.params.thread_id) } }) },
    {
      method: "DELETE", path: "/channels/:channel_id/threads/:thread_id", auth: true,
      handle: (req) => {
        const channel = forum(req);
        channel.threads.delete(thread(channel, req.params.thread_id).thread_info.thread_id);
        return { status: 204, empty: true as const };
      },
    },
    { method: "POST", path: "/channels/:channel_id/audio", auth: true, jsonBody: true, handle: audio },
    { method: "PUT", path: "/channels/:channel_id/mic", auth: true, jsonBody: "optional", handle: (req) => { voice(req).botOnMic = true; return { status: 200, json: {} }; } },
    { method: "DELETE", path: "/channels/:channel_id/mic", auth: true, handle: (req) => { voice(req).botOnMic = false; return { status: 200, json: {} }; } },
  ];
}
