import { StationId } from "@courier-station/core";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { itemContextOf } from "../testing/catalogue.js";
import { POLICY, policyWith, STAFF } from "../testing/fixtures.js";
import { decideCatalogueItem } from "./decide.js";
import {
  catalogueListings,
  catalogueOfferItemId,
  catalogueOfferPrice,
  jinshanCatalogue,
} from "./default-catalogue.js";
import { initialCatalogueItemState } from "./state.js";

const wanda = StationId.parse("wanda");
const priceOf = (key: string, policy = POLICY): number => {
  const offer = jinshanCatalogue.find((entry) => entry.key === key);
  if (offer === undefined) throw new Error(`no offer ${key}`);
  return catalogueOfferPrice(offer, policy.wishes);
};

describe("the Jinshan catalogue", () => {
  it("has a bicycle, priced like a wish of its value: one point per yuan", () => {
    expect(priceOf("bicycle")).toBe(299);
    expect(priceOf("towel-set")).toBe(15);
    expect(priceOf("bicycle", policyWith({ wishes: { pointsPerYuan: 10 } }))).toBe(2_990);
  });

  it("puts a bicycle within a regular volunteer's reach in a few months, not in the first", () => {
    const { participation, caps } = POLICY.points;
    // Taking part once or twice a week: six to eight participations a month.
    for (const participationsPerMonth of [6, 7, 8]) {
      const monthly = participationsPerMonth * participation.flat;
      const months = Math.ceil((priceOf("bicycle") - POLICY.points.welcome) / monthly);
      expect(months, `${participationsPerMonth} a month`).toBeGreaterThanOrEqual(3);
      expect(months, `${participationsPerMonth} a month`).toBeLessThanOrEqual(5);
    }
    // The monthly cap allows at most about one and a half bicycles' worth a month.
    expect(caps.perMonth).toBeLessThan(2 * priceOf("bicycle"));
  });

  it("lists every offer at a station with derived ids, and each listing is accepted", () => {
    const listings = catalogueListings(jinshanCatalogue, POLICY.wishes, {
      stationId: wanda,
      donor: { kind: "community" },
    });
    expect(listings.map((command) => command.data.itemId)).toEqual(
      jinshanCatalogue.map((offer) => `wanda-${offer.key}`),
    );
    expect(new Set(jinshanCatalogue.map((offer) => offer.key)).size).toBe(jinshanCatalogue.length);
    for (const command of listings) {
      const decision = decideCatalogueItem(
        command,
        initialCatalogueItemState(),
        itemContextOf(STAFF),
      );
      expect(Either.isRight(decision), command.data.itemId).toBe(true);
    }
    const bicycle = listings.find((command) => command.data.itemId === "wanda-bicycle");
    expect(bicycle?.data).toMatchObject({ pointsPrice: 299, stock: 3, limitPerCourier: 1 });
  });

  it("names items by a prefix of the community's choice when the station's id is long", () => {
    const long = StationId.parse("s".repeat(60));
    expect(() => catalogueOfferItemId(long, "bicycle")).toThrow();
    const [first] = catalogueListings(jinshanCatalogue, POLICY.wishes, {
      stationId: long,
      donor: { kind: "community" },
      itemIdPrefix: "north",
    });
    expect(first?.data).toMatchObject({ itemId: "north-towel-set", stationId: long });
  });
});
