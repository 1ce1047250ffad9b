export * from "./opcodes.js";
export * from "./intents.js";
export * from "./close-codes.js";
export * from "./payloads.js";
export * from "./events.js";
