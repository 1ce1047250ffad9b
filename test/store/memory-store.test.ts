import { MemoryStore } from "../../src/store/memory-store.js";
import { describeStoreContract } from "./store-contract.js";

let now = 1_000_000;
describeStoreContract("MemoryStore", async () => ({
  store: new MemoryStore(() => now),
  advance: async (ms) => {
    now += ms;
  },
  cleanup: async () => undefined,
}));
