import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { commandPermissions } from "../access/permissions.js";
import type { Actor } from "../kernel/actors.js";
import { handleCommand, newAggregateRecord } from "../kernel/command-handling.js";
import { CommandId, sequentialIds } from "../kernel/ids.js";
import { manualClock } from "../kernel/time.js";
import { CourierCommand, courierCommandTypes } from "./commands.js";
import { courierDecider } from "./index.js";
import {
  COMMUNITY,
  command,
  contextOf,
  courierActor,
  given,
  NOW,
  OTHER_COMMUNITY,
  registration,
  STAFF,
} from "./testing/fixtures.js";

describe("courier permissions", () => {
  it("lists every courier command in the permission table, and only those", () => {
    const union = CourierCommand.options.map((option) => option.shape.type.value);
    expect([...courierCommandTypes].sort()).toEqual([...union].sort());
    for (const type of union) expect(commandPermissions[type]?.length).toBeGreaterThan(0);
  });

  it("lets only staff verify, reject, suspend and reinstate, and only the system record no-shows", () => {
    for (const type of ["VerifyCourier", "RejectCourier", "SuspendCourier", "ReinstateCourier"]) {
      expect(commandPermissions[type]).toEqual(["staff"]);
    }
    expect(commandPermissions.RecordNoShow).toEqual(["system"]);
  });
});

describe("only staff of the courier's community verify (through handleCommand)", () => {
  const registered = given([[courierActor(), registration()]]);
  const record = {
    ...newAggregateRecord(courierDecider, COMMUNITY, "c-1"),
    state: registered,
    version: 1,
  };
  const { now: _now, actor: _actor, community: _community, ...facts } = contextOf(STAFF);
  const verify = (actor: Actor, community = COMMUNITY) =>
    handleCommand(
      courierDecider,
      record,
      {
        commandId: CommandId.parse("cmd-verify"),
        community,
        actor,
        command: command({ type: "VerifyCourier", data: { courierId: "c-1" } }),
      },
      { clock: manualClock(NOW), ids: sequentialIds("evt"), facts },
    );

  it("accepts staff of the community", () => {
    const outcome = verify(STAFF);
    if (Either.isLeft(outcome) || outcome.right.kind !== "applied")
      throw new Error("expected acceptance");
    expect(outcome.right.events.map((event) => event.type)).toEqual(["CourierVerified"]);
    expect(outcome.right.record.state.status).toBe("active");
  });

  it.each([
    [
      "staff of another community, in their own community",
      { ...STAFF, id: "s-9", communities: [OTHER_COMMUNITY] },
      COMMUNITY,
      "community",
    ],
    [
      "staff of another community, naming theirs",
      { ...STAFF, id: "s-9", communities: [OTHER_COMMUNITY] },
      OTHER_COMMUNITY,
      "decide",
    ],
    ["the courier themselves", courierActor("c-1"), COMMUNITY, "role"],
    [
      "a sponsor",
      { role: "sponsor", id: "sp-1", communities: [COMMUNITY] } as Actor,
      COMMUNITY,
      "role",
    ],
  ] as const)("refuses %s, with no events", (_who, actor, community, reason) => {
    const outcome = verify(actor, community);
    if (Either.isRight(outcome)) throw new Error("expected a refusal");
    const error = outcome.left;
    if (reason === "decide") {
      // authorize lets them in their own community; the courier belongs to another.
      expect(error.code).toBe("courier.other_community");
    } else {
      expect(error.code).toBe("access.forbidden");
      expect("reason" in error && error.reason).toBe(reason);
    }
    expect(error.text["zh-CN"].length).toBeGreaterThan(0);
    expect(error.text.en.length).toBeGreaterThan(0);
    expect(record.state.status).toBe("registered");
  });
});
