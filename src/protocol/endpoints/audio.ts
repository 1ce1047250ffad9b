/** Audio in voice channels (audio bots only; the platform grants it on request). */
import { route } from "./endpoint.js";
import type { AudioControl } from "../models/audio.js";

const MIC_PEERS = ["botpy", "botgo", "bot-node-sdk", "qq-official-bot", "nonebot"] as const;

/** Audio endpoints (`bot.api.audio`). */
export const AUDIO_ENDPOINTS = {
  /**
   * Start, pause, resume or stop playback.
   * @example `await bot.api.audio.control({ channel_id, status: 0, audio_url: "https://example.com/a.mp3", text: "a song" })`
   */
  control: route<AudioControl, Record<string, never>>()({
    method: "POST", path: "/channels/{channel_id}/audio", input: "body",
    peers: MIC_PEERS,
    source: "botpy botpy/api.py update_audio; botgo openapi/v1/audio.go PostAudio; docs content/audio/audio_control.md",
  }),
  /**
   * The bot takes the microphone.
   * @example `await bot.api.audio.micOn({ channel_id })`
   */
  micOn: route<void, Record<string, never>>()({
    method: "PUT", path: "/channels/{channel_id}/mic", input: "none", peers: MIC_PEERS,
    source: "botpy botpy/api.py on_microphone; botgo openapi/v1/audio.go PutMic; docs content/audio/put_mic.md",
  }),
  /**
   * The bot leaves the microphone.
   * @example `await bot.api.audio.micOff({ channel_id })`
   */
  micOff: route<void, Record<string, never>>()({
    method: "DELETE", path: "/channels/{channel_id}/mic", input: "none", peers: MIC_PEERS,
    source: "botpy botpy/api.py off_microphone; botgo openapi/v1/audio.go DeleteMic; docs content/audio/delete_mic.md",
  }),
} as const;
