import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  at,
  courierSignIn,
  type GatewayStation,
  startGatewayStation,
} from "../testing/gateway-station.js";
import { expectedVersionOf } from "./contract-routes.js";

/*
 * Two people editing the same record: a command sent with `If-Match` (the `ETag` of the
 * answer the sender last saw) is refused with 412 when the record moved on, and changes
 * nothing; without `If-Match` the last writer wins as before.
 */

let gateway: GatewayStation;

beforeAll(async () => {
  gateway = await startGatewayStation();
});
afterAll(async () => gateway.close());

describe("If-Match on commands", () => {
  it("applies a command whose If-Match is the record's ETag, and refuses a stale one with 412 and nothing changed", async () => {
    const { app } = gateway;
    const courier = await courierSignIn(gateway, "13500135099");
    const bearer = `Bearer ${courier.accessToken}`;
    const registered = await request(app)
      .post(at("/couriers"))
      .set("Authorization", bearer)
      .send({
        courierId: courier.subject,
        nickname: "小吴",
        realName: "吴小六",
        mobileNumber: "13500135099",
        platforms: ["meituan"],
        employment: "full-time",
        consentPolicyVersion: "2026-01",
      })
      .expect(201);
    const seen = registered.headers.etag as string;
    expect(seen).toBe(`"courier-${courier.subject}-${registered.body.version}"`);

    const profile = at(`/couriers/${courier.subject}/profile`);
    const renamed = await request(app)
      .post(profile)
      .set("Authorization", bearer)
      .set("If-Match", seen)
      .send({ nickname: "小吴师傅" })
      .expect(204);
    expect(renamed.headers.etag).toBe(
      `"courier-${courier.subject}-${Number(registered.body.version) + 1}"`,
    );

    // Sent with the ETag from before the rename: someone else's change came first.
    const stale = await request(app)
      .post(profile)
      .set("Authorization", bearer)
      .set("If-Match", seen)
      .set("Accept-Language", "en")
      .send({ nickname: "老吴" })
      .expect(412);
    expect(stale.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(stale.body.code).toBe("command.version_precondition_failed");
    expect(stale.body.detail ?? stale.body.title).toMatch(/changed by someone else/);

    // A tag the gateway never made matches nothing either.
    await request(app)
      .post(profile)
      .set("Authorization", bearer)
      .set("If-Match", '"not-ours"')
      .send({ nickname: "老吴" })
      .expect(412);

    const after = await request(app)
      .get(at(`/couriers/${courier.subject}`))
      .set("Authorization", bearer)
      .expect(200);
    expect(JSON.stringify(after.body)).toContain("小吴师傅");
    expect(JSON.stringify(after.body)).not.toContain("老吴");

    // With the current ETag it goes through.
    await request(app)
      .post(profile)
      .set("Authorization", bearer)
      .set("If-Match", renamed.headers.etag as string)
      .send({ nickname: "老吴" })
      .expect(204);
  });
});

describe("expectedVersionOf", () => {
  it("reads our entity tags, ids with dashes included, and treats * and no header as no precondition", () => {
    expect(expectedVersionOf('"courier-c-1-2-7"')).toEqual({
      aggregate: "courier",
      id: "c-1-2",
      version: 7,
    });
    expect(expectedVersionOf('W/"pointsAccount-c-9-0"')).toEqual({
      aggregate: "pointsAccount",
      id: "c-9",
      version: 0,
    });
    expect(expectedVersionOf("*")).toBeUndefined();
    expect(expectedVersionOf(undefined)).toBeUndefined();
    expect(expectedVersionOf('"a-1-1", "b-2-2"')?.version).toBe(Number.MAX_SAFE_INTEGER);
  });
});
