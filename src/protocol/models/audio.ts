/**
 * Audio in voice channels: playback control and the bot's microphone.
 * Source: docs server-inter/channel/content/audio/*.md; botgo dto/audio.go.
 */

/** Body of `POST /channels/{channel_id}/audio`. */
export interface AudioControl {
  /** Audio URL (status 0 only). */
  audio_url?: string;
  /** Status text such as "简单爱-周杰伦" (status 0 only). */
  text?: string;
  /** 0 start, 1 pause, 2 resume, 3 stop. */
  status: 0 | 1 | 2 | 3;
}
