import { wishesContract } from "@courier-station/contracts";
import {
  catalogueItemCommandTypes,
  catalogueRedemptionCommandTypes,
  sponsorCommandTypes,
  wishCommandTypes,
} from "@courier-station/wishes";
import { describe, expect, it } from "vitest";
import { wishesService } from "./service.js";

describe("the wishes service's endpoints", () => {
  const service = wishesService();
  const served = new Set(service.endpoints.map((endpoint) => endpoint.name));
  const commands = [
    ...wishCommandTypes,
    ...sponsorCommandTypes,
    ...catalogueItemCommandTypes,
    ...catalogueRedemptionCommandTypes,
    "RecordWishHandOvers",
  ];

  it("serves every command of the wishes package's deciders, and the bulk hand-over record", () => {
    for (const command of commands) {
      expect(Object.keys(wishesContract.endpoints), command).toContain(command);
      expect(served.has(command), command).toBe(true);
    }
  });

  it("serves every endpoint of its contract, and nothing the contract does not declare", () => {
    expect([...served].sort()).toEqual(Object.keys(wishesContract.endpoints).sort());
  });

  it("lists the hold reports the points service calls", () => {
    for (const name of [
      "ConfirmWishHold",
      "RecordWishRedemptionFailed",
      "ConfirmCatalogueRedemptionHold",
      "RecordCatalogueRedemptionFailed",
    ]) {
      expect(wishesContract.endpoints).toHaveProperty(name);
    }
  });
});
