import { authorize, CommunityId, type DeciderPermissions, Role } from "@courier-station/core";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  CatalogueItemCommand,
  CatalogueRedemptionCommand,
  catalogueItemDecider,
  catalogueItemPermissions,
  catalogueRedemptionDecider,
  catalogueRedemptionPermissions,
  SponsorCommand,
  sponsorDecider,
  sponsorPermissions,
  WishCommand,
  wishDecider,
  wishPermissions,
} from "./index.js";

const typesOf = (union: { readonly options: ReadonlyArray<unknown> }): string[] =>
  union.options.map(
    (option) => (option as { shape: { type: { value: string } } }).shape.type.value,
  );

/** Every decider of the package, with its command union and the table it declares. */
const deciders = [
  ["wish", WishCommand, wishPermissions, wishDecider.permissions],
  ["sponsor", SponsorCommand, sponsorPermissions, sponsorDecider.permissions],
  [
    "catalogue item",
    CatalogueItemCommand,
    catalogueItemPermissions,
    catalogueItemDecider.permissions,
  ],
  [
    "catalogue redemption",
    CatalogueRedemptionCommand,
    catalogueRedemptionPermissions,
    catalogueRedemptionDecider.permissions,
  ],
] as const;

const JINSHAN = CommunityId.parse("jinshan-wanda");

describe("the permission tables of the wishes package", () => {
  it.each(deciders)(
    "the %s decider runs with its own table, which lists exactly its commands",
    (_name, union, table, ofDecider) => {
      expect(ofDecider).toBe(table);
      expect(Object.keys(table).sort()).toEqual(typesOf(union).sort());
      const roles: DeciderPermissions<{ type: string }> = table;
      for (const [type, allowed] of Object.entries(roles)) {
        expect(allowed.length, type).toBeGreaterThan(0);
        for (const role of allowed) expect(Role.options, type).toContain(role);
        expect(allowed, type).not.toContain("auditor");
      }
    },
  );

  it("says who claims, redeems and expires a wish", () => {
    expect(wishPermissions.ClaimWish).toEqual(["sponsor"]);
    expect(wishPermissions.RedeemWish).toEqual(["courier"]);
    expect(wishPermissions.ExpireWish).toEqual(["system"]);
    expect(sponsorPermissions.RegisterSponsor).toEqual(["staff"]);
    expect(catalogueItemPermissions.RedeemCatalogueItem).toEqual(["courier"]);
    expect(catalogueRedemptionPermissions.OpenCatalogueRedemption).toEqual(["system"]);
  });

  it("refuses a courier claiming a wish, and anyone sending a command of another decider", () => {
    const courier = { role: "courier" as const, id: "c-1", communities: [JINSHAN] };
    const claim = authorize(courier, JINSHAN, "ClaimWish", wishPermissions);
    expect(Either.isLeft(claim) && claim.left.code).toBe("access.forbidden");
    const staff = { role: "staff" as const, id: "s-1", communities: [JINSHAN] };
    // Each decider knows only its own commands.
    expect(Either.isLeft(authorize(staff, JINSHAN, "RegisterSponsor", wishPermissions))).toBe(true);
  });
});
