import { busContract } from "./bus.contract.js";
import { InProcessBus } from "./in-process-bus.js";

busContract("in-process", {
  makeLayer: ({ duplicateWindowMs }) => InProcessBus.layer({ duplicateWindowMs }),
});
