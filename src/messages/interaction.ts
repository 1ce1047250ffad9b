/**
 * The result codes an INTERACTION_CREATE (a button press) is acknowledged with;
 * `bot.ackInteraction` sends one with `PUT /interactions/{id}`.
 */

/** Result codes an interaction can be acknowledged with. */
export const InteractionAckCode = {
  /** Handled. */
  Success: 0,
  /** Handling failed. */
  Failed: 1,
  /** The user clicked too often. */
  TooFrequent: 2,
  /** Already handled (a repeated interaction). */
  Duplicate: 3,
  /** The user may not do this. */
  NoPermission: 4,
  /** Only administrators may do this. */
  AdminOnly: 5,
} as const;

/** One of {@link InteractionAckCode}. */
export type InteractionAckCode = (typeof InteractionAckCode)[keyof typeof InteractionAckCode];
