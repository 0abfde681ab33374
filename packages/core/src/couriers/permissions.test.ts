import { describe, expect, it } from "vitest";
import { commandPermissions } from "../access/permissions.js";
import { CourierCommand, courierCommandTypes } from "./commands.js";

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
