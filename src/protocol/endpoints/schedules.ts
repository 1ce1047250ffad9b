/** Schedules (日程) in schedule channels. Managing them needs the manage-guild permission (the bot as an admin). */
import { ALL_PEERS, route } from "./endpoint.js";
import type { Schedule, ScheduleBody, SchedulesQuery } from "../models/schedule.js";

/** Schedule endpoints (`bot.api.schedules`). */
export const SCHEDULE_ENDPOINTS = {
  /**
   * Today's schedules, or those ending after `since` (ms).
   * @example `const list = await bot.api.schedules.list({ channel_id, since: Date.now() })`
   */
  list: route<SchedulesQuery, Schedule[]>()({
    method: "GET", path: "/channels/{channel_id}/schedules", input: "query", peers: ALL_PEERS,
    source: "botgo openapi/v1/schedule.go ListSchedules (since as a query parameter; botpy sends it as a GET body); docs schedule/get_schedules.md",
  }),
  /**
   * One schedule.
   * @example `const s = await bot.api.schedules.get({ channel_id, schedule_id })`
   */
  get: route<void, Schedule>()({
    method: "GET", path: "/channels/{channel_id}/schedules/{schedule_id}", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py get_schedule; botgo openapi/v1/schedule.go GetSchedule; docs schedule/get_schedule.md",
  }),
  /**
   * Create a schedule (10 a day per admin, 100 per guild).
   * @example `await bot.api.schedules.create({ channel_id, schedule: { name: "开黑", start_timestamp: String(start), end_timestamp: String(end), remind_type: "0" } })`
   */
  create: route<ScheduleBody, Schedule>()({
    method: "POST", path: "/channels/{channel_id}/schedules", input: "body", peers: ALL_PEERS,
    source: "botgo openapi/v1/schedule.go CreateSchedule (ScheduleWrapper); botpy botpy/api.py create_schedule; docs schedule/post_schedule.md",
  }),
  /**
   * Change a schedule.
   * @example `await bot.api.schedules.modify({ channel_id, schedule_id, schedule: { ...fields, name: "改期" } })`
   */
  modify: route<ScheduleBody, Schedule>()({
    method: "PATCH", path: "/channels/{channel_id}/schedules/{schedule_id}", input: "body", peers: ALL_PEERS,
    source: "botgo openapi/v1/schedule.go ModifySchedule; botpy botpy/api.py update_schedule; docs schedule/patch_schedule.md",
  }),
  /**
   * Delete a schedule.
   * @example `await bot.api.schedules.delete({ channel_id, schedule_id })`
   */
  delete: route()({
    method: "DELETE", path: "/channels/{channel_id}/schedules/{schedule_id}", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py delete_schedule; botgo openapi/v1/schedule.go DeleteSchedule; docs schedule/delete_schedule.md",
  }),
} as const;
