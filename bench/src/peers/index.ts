import type { Scenario } from "../scenario.js";
import { crashScenario } from "./crash.js";
import { emmettScenario } from "./emmett.js";
import { mediciScenario } from "./medici.js";
import { plainScenario } from "./plain.js";

/** The peer comparisons (issue 16, scenario 6): ours and the systems a team would pick instead. */
export const peerScenarios: ReadonlyArray<Scenario> = [
  mediciScenario,
  emmettScenario,
  plainScenario,
  crashScenario,
];
