import { derivedId as coreDerivedId } from "@courier-station/core";
import { describe, expect, it } from "vitest";
import { derivedId } from "./service-definition.js";

describe("the host's derivedId", () => {
  it("is core's: one scheme of derived ids for flows and the domain packages", () => {
    expect(derivedId).toBe(coreDerivedId);
    expect(derivedId("points-earn", "award", "evt-1")).toBe(
      coreDerivedId("points-earn", "award", "evt-1"),
    );
  });
});
