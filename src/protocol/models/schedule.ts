/**
 * Schedules (日程) of a schedule channel.
 * Source: docs server-inter/channel/content/schedule/*.md; botgo dto/schedule.go, openapi/v1/schedule.go.
 */
import type { Member } from "./member.js";

/** A schedule. Timestamps are milliseconds as decimal strings. */
export interface Schedule {
  /** Schedule id. */
  id: string;
  /** Name. */
  name: string;
  /** Description. */
  description?: string;
  /** Start, in ms (decimal string). */
  start_timestamp: string;
  /** End, in ms (decimal string). */
  end_timestamp: string;
  /** Who created it. */
  creator?: Member;
  /** Channel to jump to when it starts ("0" for none). */
  jump_channel_id?: string;
  /** Reminder: "0" none, "1" at start, "2" 5 min, "3" 15 min, "4" 30 min, "5" 60 min before. */
  remind_type?: string;
}

/** The schedule fields of a create or modify (no `id`, no `creator`). */
export type ScheduleFields = Omit<Schedule, "id" | "creator">;

/** Body of schedule create and modify. */
export interface ScheduleBody {
  /** The schedule. */
  schedule: ScheduleFields;
}

/** Query of `GET /channels/{channel_id}/schedules`. */
export interface SchedulesQuery {
  /** Schedules ending after this time (ms); without it, today's. */
  since?: number;
}
