import { MemoryStore } from "./memory-store.js";
import { describeStoreContract } from "./store.contract.js";

describeStoreContract("memory", { makeLayer: ({ now }) => MemoryStore.layer({ now }) });
