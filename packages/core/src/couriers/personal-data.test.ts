import { describe, expect, it } from "vitest";
import { CourierId, EventId } from "../kernel/ids.js";
import { CourierEvent } from "./events.js";
import { MobileNumber } from "./mobile-number.js";
import { courierPseudonym, erasePersonalData } from "./personal-data.js";
import { COMMUNITY, COURIER_ID, keyOf, NOW, sealOf } from "./testing/fixtures.js";

const NUMBER = MobileNumber.parse("13800138000");
const PSEUDONYM = courierPseudonym(COURIER_ID);

const registered = CourierEvent.parse({
  type: "CourierRegistered",
  data: {
    courierId: "c-1",
    community: COMMUNITY,
    nickname: "王小明",
    platforms: ["meituan"],
    employment: "crowd-sourced",
    workArea: { description: "王小明家楼下", location: { latitude: 30.74, longitude: 121.34 } },
    partyMember: true,
    personal: sealOf("王小明", NUMBER),
    mobileKey: keyOf(NUMBER),
    registeredBy: "c-1",
    registeredAt: NOW,
  },
});

const allText = (value: unknown): string => JSON.stringify(value);

describe("courierPseudonym", () => {
  it("depends on the courier id alone and fits a nickname", () => {
    expect(courierPseudonym(COURIER_ID)).toBe(PSEUDONYM);
    expect(courierPseudonym(CourierId.parse("c-2"))).not.toBe(PSEUDONYM);
    expect(PSEUDONYM).toMatch(/^erased-[0-9a-f]{8}$/);
  });

  it("is the start of the id's SHA-256, as in the pseudonyms already stored", () => {
    // sha256("c-1") = a6f7ef47…; computed by the release before @noble/hashes.
    expect(courierPseudonym(CourierId.parse("c-1"))).toBe("erased-a6f7ef47");
  });
});

describe("erasePersonalData", () => {
  it("scrubs a registration: personal data, key, nickname and work area", () => {
    const scrubbed = erasePersonalData(registered, PSEUDONYM);
    expect(scrubbed.data).toEqual({
      courierId: COURIER_ID,
      community: COMMUNITY,
      nickname: PSEUDONYM,
      platforms: ["meituan"],
      employment: "crowd-sourced",
      partyMember: true,
      personal: { kind: "erased", pseudonym: PSEUDONYM },
      mobileKey: null,
      registeredBy: "c-1",
      registeredAt: NOW,
    });
    expect(allText(scrubbed)).not.toContain("王小明");
    expect(allText(scrubbed)).not.toContain("13800138000");
    expect(allText(scrubbed)).not.toContain(sealOf("王小明", NUMBER).sealed);
    // The result is still a valid event, so a store can keep it in the stream.
    expect(CourierEvent.parse(scrubbed)).toEqual(scrubbed);
  });

  it("leaves the event it was given unchanged", () => {
    const before = allText(registered);
    erasePersonalData(registered, PSEUDONYM);
    expect(allText(registered)).toBe(before);
  });

  it("scrubs an envelope and keeps its metadata", () => {
    const envelope = { ...registered, id: EventId.parse("e-1"), version: 1, stream: "courier-c-1" };
    const scrubbed = erasePersonalData(envelope, PSEUDONYM);
    expect(scrubbed).toMatchObject({ id: "e-1", version: 1, stream: "courier-c-1" });
    expect(allText(scrubbed)).not.toContain("王小明");
  });

  it("scrubs a correction", () => {
    const corrected = CourierEvent.parse({
      type: "PersonalDataCorrected",
      data: {
        courierId: "c-1",
        personal: sealOf("王晓明", "13900000000"),
        mobileKey: keyOf(MobileNumber.parse("13900000000")),
        correctedBy: "s-1",
        correctedAt: NOW,
      },
    });
    const scrubbed = erasePersonalData(corrected, PSEUDONYM);
    expect(scrubbed.data).toMatchObject({
      personal: { kind: "erased", pseudonym: PSEUDONYM },
      mobileKey: null,
    });
    expect(allText(scrubbed)).not.toMatch(/王晓明|13900000000/);
  });

  it("scrubs the nickname and work area of a profile update, keeping a removal", () => {
    const updated = CourierEvent.parse({
      type: "CourierProfileUpdated",
      data: {
        courierId: "c-1",
        nickname: "阿明",
        workArea: { description: "石化街道" },
        updatedBy: "c-1",
        updatedAt: NOW,
      },
    });
    expect(erasePersonalData(updated, PSEUDONYM).data).toEqual({
      courierId: COURIER_ID,
      nickname: PSEUDONYM,
      updatedBy: "c-1",
      updatedAt: NOW,
    });
    const removal = CourierEvent.parse({
      type: "CourierProfileUpdated",
      data: { courierId: "c-1", workArea: null, updatedBy: "c-1", updatedAt: NOW },
    });
    expect(erasePersonalData(removal, PSEUDONYM)).toEqual(removal);
  });

  it("returns events without personal data as they are", () => {
    const verified = CourierEvent.parse({
      type: "CourierVerified",
      data: { courierId: "c-1", verifiedBy: "s-1", verifiedAt: NOW },
    });
    expect(erasePersonalData(verified, PSEUDONYM)).toBe(verified);
    const foreign = { type: "ReportSubmitted", data: { description: "河面垃圾" } };
    expect(erasePersonalData(foreign, PSEUDONYM)).toBe(foreign);
  });
});
