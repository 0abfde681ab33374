import { jinshanPolicy } from "@courier-station/core";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { courierLife, simulatedAccount } from "../testing/courier-life.js";
import { NOW } from "../testing/fixtures.js";
import { availableOf } from "./balances.js";
import { balancesIn } from "./state.js";

const policy = (() => {
  const jinshan = jinshanPolicy();
  return { ...jinshan, points: { ...jinshan.points, expiryMonths: 12 } };
})();

/** The size of the account's state, as the store writes it, after `transfers` transfers. */
const stateSizesAt = (checkpoints: ReadonlyArray<number>): ReadonlyArray<number> => {
  const account = simulatedAccount("alice", policy);
  const sizes: number[] = [];
  const life = courierLife("alice", NOW);
  for (const checkpoint of checkpoints) {
    while (account.transfers() < checkpoint) {
      const step = life.next();
      if (step.done === true) throw new Error("a life never ends");
      const outcome = account.run(step.value);
      // An ordinary life: every command is accepted.
      if (Either.isLeft(outcome)) throw new Error(`${step.value.command.type}: ${outcome.left}`);
    }
    const state = account.record().state;
    expect(availableOf(balancesIn(state, state.account ?? ""))).toBeGreaterThanOrEqual(0);
    sizes.push(JSON.stringify(state).length);
  }
  return sizes;
};

describe("a courier account's state", () => {
  it("stays small however many transfers the account records", () => {
    const [early, late] = stateSizesAt([300, 3_000]);
    // Ten times the history, not ten times the state: the same holds, caps and lots,
    // give or take the months whose points have not expired yet.
    expect(late).toBeLessThan((early ?? 0) * 1.5);
    expect(late).toBeLessThan(12_000);
  });
});
