/**
 * Rich-media uploads (`POST /v2/users/{openid}/files`, `/v2/groups/{group_openid}/files`):
 * each returns a `file_info` usable in `media` with `msg_type` 7 for targets of the same
 * kind (user uploads for C2C, group uploads for groups).
 */
import { randomChars, randomHex } from "./ids.js";

/** One upload. */
export interface UploadRecord {
  kind: "c2c" | "group";
  fileType: number;
  fileUuid: string;
  fileInfo: string;
  at: number;
}

/** Seconds a `file_info` is reported to live (informational; not enforced). */
export const MEDIA_TTL_SEC = 3600;

/** Uploaded media by `file_info`. */
export class MediaStore {
  private readonly byInfo = new Map<string, UploadRecord>();

  /** Register an upload and return the platform's response fields. */
  upload(kind: "c2c" | "group", fileType: number, at: number): { file_uuid: string; file_info: string; ttl: number } {
    const record: UploadRecord = { kind, fileType, fileUuid: randomHex(16), fileInfo: randomChars(96), at };
    this.byInfo.set(record.fileInfo, record);
    return { file_uuid: record.fileUuid, file_info: record.fileInfo, ttl: MEDIA_TTL_SEC };
  }

  /** The upload a `file_info` came from. */
  lookup(fileInfo: string): UploadRecord | undefined {
    return this.byInfo.get(fileInfo);
  }
}
