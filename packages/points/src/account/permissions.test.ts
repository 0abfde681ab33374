import { authorize, CommunityId, Role, systemActor } from "@courier-station/core";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { PointsAccountCommand, pointsCommandTypes } from "./commands.js";
import { pointsAccountDecider } from "./index.js";
import { pointsAccountPermissions } from "./permissions.js";

const JINSHAN = CommunityId.parse("jinshan-wanda");

describe("the points account's permission table", () => {
  it("is the decider's table and lists exactly the account's commands", () => {
    expect(pointsAccountDecider.permissions).toBe(pointsAccountPermissions);
    const fromUnion = PointsAccountCommand.options.map((option) => option.shape.type.value);
    expect(Object.keys(pointsAccountPermissions).sort()).toEqual([...fromUnion].sort());
    expect([...pointsCommandTypes].sort()).toEqual([...fromUnion].sort());
    for (const [type, roles] of Object.entries(pointsAccountPermissions)) {
      expect(roles.length, type).toBeGreaterThan(0);
      for (const role of roles) expect(Role.options, type).toContain(role);
    }
  });

  it("leaves transfers to the services' flows and adjustments to staff", () => {
    expect(pointsAccountPermissions.AdjustPoints).toEqual(["staff"]);
    expect(pointsAccountPermissions.CreateTransfer).toEqual(["system"]);
    const staff = { role: "staff" as const, id: "s-1", communities: [JINSHAN] };
    const transfer = authorize(staff, JINSHAN, "CreateTransfer", pointsAccountPermissions);
    expect(Either.isLeft(transfer) && transfer.left.code).toBe("access.forbidden");
    expect(
      Either.isRight(
        authorize(systemActor("points"), JINSHAN, "EarnPoints", pointsAccountPermissions),
      ),
    ).toBe(true);
  });
});
