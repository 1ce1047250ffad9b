/** Request and response types of the OpenAPI endpoint table (`endpoints/`), by area. */
export type * from "./user.js";
export type * from "./guild.js";
export type * from "./channel.js";
export type * from "./member.js";
export type * from "./message-parts.js";
export type * from "./message.js";
export type * from "./media.js";
export type * from "./moderation.js";
export type * from "./schedule.js";
export type * from "./reaction.js";
export type * from "./audio.js";
export type * from "./forum.js";
export type * from "./api-permission.js";
