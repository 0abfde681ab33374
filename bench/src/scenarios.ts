import { peerScenarios } from "./peers/index.js";
import type { Scenario } from "./scenario.js";
import { earningScenario } from "./scenarios/earning.js";
import { growthScenario } from "./scenarios/growth.js";
import { httpScenario } from "./scenarios/http.js";
import { insightsRebuildScenario } from "./scenarios/insights-rebuild.js";
import { ledgerScenario } from "./scenarios/ledger.js";
import { outboxLagScenario } from "./scenarios/outbox-lag.js";
import { pointsServiceScenario } from "./scenarios/points-service.js";
import { redemptionRaceScenario } from "./scenarios/redemption-race.js";

/** Every scenario `npm run bench` knows, in the order it runs them. */
export const allScenarios: ReadonlyArray<Scenario> = [
  ledgerScenario,
  earningScenario,
  pointsServiceScenario,
  httpScenario,
  redemptionRaceScenario,
  outboxLagScenario,
  insightsRebuildScenario,
  growthScenario,
  ...peerScenarios,
];
