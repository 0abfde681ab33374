import {
  type Actor,
  type AggregateRecord,
  CommandId,
  type Decider,
  type DecisionContext,
  type DomainCommand,
  type DomainEvent,
  handleCommand,
  manualClock,
  newAggregateRecord,
  sequentialIds,
} from "@courier-station/core";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { catalogueItemDecider } from "./catalogue-items/index.js";
import { catalogueRedemptionDecider } from "./catalogue-redemptions/index.js";
import { SponsorCommand } from "./sponsors/commands.js";
import { sponsorDecider } from "./sponsors/index.js";
import { listItem, onItem, openRedemption } from "./testing/catalogue.js";
import {
  activeCourier,
  COMMUNITY,
  courierActor,
  NOW,
  POLICY,
  STAFF,
  SYSTEM,
} from "./testing/fixtures.js";

/*
 * Every aggregate of the package through core's `handleCommand`: a command sent again with
 * its command id is a duplicate that changes nothing; the same id with another body is a
 * conflict naming the field.
 */

const sendTwice = <Command extends DomainCommand, State, Event extends DomainEvent, Context>(
  decider: Decider<Command, State, Event, unknown, Context & DecisionContext>,
  start: AggregateRecord<State>,
  command: Command,
  changed: Command,
  actor: Actor,
  facts: Omit<Context & DecisionContext, keyof DecisionContext>,
) => {
  const runtime = { clock: manualClock(NOW), ids: sequentialIds("evt"), facts };
  const envelope = {
    commandId: CommandId.parse(`cmd-${command.type}`),
    community: COMMUNITY,
    actor,
    command,
  };
  const first = Either.getOrThrow(handleCommand(decider, start, envelope, runtime));
  expect(first.kind).toBe("applied");
  const record = first.record;
  expect(record.version).toBeGreaterThan(start.version);
  const again = Either.getOrThrow(handleCommand(decider, record, envelope, runtime));
  expect(again.kind).toBe("duplicate");
  expect(again.record).toBe(record);
  const conflict = handleCommand(decider, record, { ...envelope, command: changed }, runtime);
  expect(Either.isLeft(conflict) && (conflict.left as { code: string }).code).toBe(
    "command.id_conflict",
  );
  return record;
};

describe("a command sent again with its command id", () => {
  it("changes nothing on a sponsor", () => {
    const register = (displayName: string) =>
      SponsorCommand.parse({
        type: "RegisterSponsor",
        data: {
          sponsorId: "wanda-cafe",
          kind: "merchant",
          displayName,
          shop: { name: "万达咖啡", location: "万达广场 1F-102" },
        },
      });
    sendTwice(
      sponsorDecider,
      newAggregateRecord(sponsorDecider, COMMUNITY, "wanda-cafe"),
      register("万达咖啡"),
      register("万达咖啡二店"),
      STAFF,
      {},
    );
  });

  it("changes nothing on a catalogue item, and reserves its units once", () => {
    const listed = sendTwice(
      catalogueItemDecider,
      newAggregateRecord(catalogueItemDecider, COMMUNITY, "raincoat"),
      listItem(),
      listItem({ stock: 6 }),
      STAFF,
      { policy: POLICY },
    );
    const reserved = sendTwice(
      catalogueItemDecider,
      listed,
      onItem("RedeemCatalogueItem", { redemptionId: "r-1" }),
      onItem("RedeemCatalogueItem", { redemptionId: "r-2" }),
      courierActor(),
      { policy: POLICY, courier: activeCourier(), availablePoints: 1_000 },
    );
    expect(reserved.state.status !== "none" && reserved.state.stock).toBe(4);
  });

  it("changes nothing on a catalogue redemption", () => {
    sendTwice(
      catalogueRedemptionDecider,
      newAggregateRecord(catalogueRedemptionDecider, COMMUNITY, "r-1"),
      openRedemption(),
      openRedemption({ quantity: 2, points: 400 }),
      SYSTEM,
      { policy: POLICY },
    );
  });
});
