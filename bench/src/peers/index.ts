import type { Scenario } from "../scenario.js";
import { mediciScenario } from "./medici.js";

/** The peer comparisons (issue 16, scenario 6): ours and the systems a team would pick instead. */
export const peerScenarios: ReadonlyArray<Scenario> = [mediciScenario];
