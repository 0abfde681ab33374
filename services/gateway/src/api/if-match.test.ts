import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  at,
  courierSignIn,
  type GatewayStation,
  signIn,
  startGatewayStation,
} from "../testing/gateway-station.js";
import { expectedVersionOf, noneMatches } from "./contract-routes.js";

/*
 * Two people editing the same record: a command sent with `If-Match` (the `ETag` of the
 * answer the sender last saw) is refused with 412 when the record moved on, and changes
 * nothing; without `If-Match` the last writer wins as before. A GET of one record answers
 * the same tag, so a reader can send a command on what they read, and `If-None-Match` with
 * it is 304 while the record has not moved.
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

describe("ETag on the views of one record", () => {
  it("answers a wish's, a courier's and the community's tag on GET; the tag works as If-Match, a stale one is 412 with nothing stored, and If-None-Match is 304", async () => {
    const { app } = gateway;
    const staff = `Bearer ${await signIn(app, "staff-wang")}`;
    const courier = await courierSignIn(gateway, "13500135098");
    const bearer = `Bearer ${courier.accessToken}`;
    await request(app)
      .post(at("/couriers"))
      .set("Authorization", bearer)
      .send({
        courierId: courier.subject,
        nickname: "小郑",
        realName: "郑小七",
        mobileNumber: "13500135098",
        platforms: ["eleme"],
        employment: "full-time",
        consentPolicyVersion: "2026-01",
      })
      .expect(201);
    await request(app)
      .post(at(`/couriers/${courier.subject}/verification`))
      .set("Authorization", staff)
      .send({})
      .expect(204);

    // The courier's own record: its tag is the aggregate's, and a profile change sent
    // with it goes through.
    const me = await request(app).get(at("/couriers/me")).set("Authorization", bearer).expect(200);
    expect(me.headers.etag).toBe(`"courier-${courier.subject}-${me.body.version}"`);
    expect(me.body.version).toBeGreaterThanOrEqual(2);
    await request(app)
      .post(at(`/couriers/${courier.subject}/profile`))
      .set("Authorization", bearer)
      .set("If-Match", me.headers.etag as string)
      .send({ nickname: "小郑师傅" })
      .expect(204);

    // The community: everyone may read it, with its tag.
    const place = await request(app).get(at("")).set("Authorization", staff).expect(200);
    expect(place.headers.etag).toBe(`"community-jinshan-wanda-${place.body.version}"`);
    await request(app)
      .get(at(""))
      .set("Authorization", staff)
      .set("If-None-Match", place.headers.etag as string)
      .expect(304);

    // A wish: drafted, read back with the command's own tag.
    const drafted = await request(app)
      .post(at("/wishes"))
      .set("Authorization", bearer)
      .send({
        wishId: "w-etag",
        stationId: "wanda",
        title: "头盔",
        description: "想要一个新头盔",
        category: "work-equipment",
        estimatedValueFen: 8_000,
        funding: { mode: "either" },
      })
      .expect(201);
    const wish = at("/wishes/w-etag");
    const read = await request(app).get(wish).set("Authorization", bearer).expect(200);
    const tag = read.headers.etag as string;
    expect(tag).toBe(`"wish-w-etag-${read.body.version}"`);
    expect(tag).toBe(drafted.headers.etag);

    // Not modified while it stays at that version, by weak comparison, in a list or `*`.
    const unchanged = await request(app)
      .get(wish)
      .set("Authorization", bearer)
      .set("If-None-Match", tag)
      .expect(304);
    expect(unchanged.headers.etag).toBe(tag);
    expect(unchanged.text ?? "").toBe("");
    await request(app)
      .get(wish)
      .set("Authorization", bearer)
      .set("If-None-Match", `W/"wish-w-etag-99", W/${tag}`)
      .expect(304);
    await request(app).get(wish).set("Authorization", bearer).set("If-None-Match", "*").expect(304);

    // A revision sent with the tag just read goes through and moves the tag on.
    const revision = {
      title: "新头盔",
      description: "旧的摔裂了",
      category: "work-equipment",
      estimatedValueFen: 8_000,
      funding: { mode: "either" },
    };
    await request(app)
      .post(`${wish}/revision`)
      .set("Authorization", bearer)
      .set("If-Match", tag)
      .send(revision)
      .expect(204);
    const moved = await request(app)
      .get(wish)
      .set("Authorization", bearer)
      .set("If-None-Match", tag)
      .expect(200);
    expect(moved.body.version).toBe(read.body.version + 1);
    expect(moved.headers.etag).toBe(`"wish-w-etag-${read.body.version + 1}"`);

    // Another revision sent with the tag read before: 412, and the wish is as it was.
    const stale = await request(app)
      .post(`${wish}/revision`)
      .set("Authorization", bearer)
      .set("If-Match", tag)
      .send({ ...revision, title: "旧头盔" })
      .expect(412);
    expect(stale.body.code).toBe("command.version_precondition_failed");
    const after = await request(app).get(wish).set("Authorization", bearer).expect(200);
    expect(after.body.title).toBe("新头盔");
    expect(after.headers.etag).toBe(moved.headers.etag);

    // Staff read the same record at the same version, so the same tag, though their view
    // holds more.
    const staffRead = await request(app).get(wish).set("Authorization", staff).expect(200);
    expect(staffRead.headers.etag).toBe(moved.headers.etag);
  });
});

/*
 * Reads no day's suite walks, so that each runs through its service over NATS too (the
 * NATS project checks every served route is answered by some suite: route-records.ts).
 */
describe("reads of lists and figures", () => {
  it("answers each list, figure and page the suites' days do not read", async () => {
    const { app } = gateway;
    const staff = `Bearer ${await signIn(app, "staff-wang")}`;
    const courier = await courierSignIn(gateway, "13500135097");
    const bearer = `Bearer ${courier.accessToken}`;
    await request(app).get("/docs").expect(200);
    const asStaff = [
      "/policy-versions",
      "/stations",
      "/activities",
      "/patrol-routes",
      "/reports-overdue",
      "/public-reports",
      "/suggestions",
      "/public-suggestions",
      "/suggestions-overdue",
      "/points-ledger",
      "/sponsors",
      "/catalogue",
      "/wishes",
      "/wish-moderation-queue",
      "/statistics?period.kind=sinceOpening",
      "/statistics/running-totals",
      `/couriers/${courier.subject}/volunteer-hours`,
      `/couriers/${courier.subject}/patrols`,
      `/couriers/${courier.subject}/points-holds`,
      `/couriers/${courier.subject}/points-statements/2026/12`,
      `/couriers/${courier.subject}/catalogue-redemptions`,
    ];
    const answers: Record<string, number> = {};
    for (const path of asStaff) {
      answers[path] = (await request(app).get(at(path)).set("Authorization", staff)).status;
    }
    expect(answers).toEqual(Object.fromEntries(asStaff.map((path) => [path, 200])));
    const own = await request(app).get(at("/own-suggestions")).set("Authorization", bearer);
    expect(own.status).toBe(200);
    expect(own.body.items).toEqual([]);
  });
});

describe("noneMatches", () => {
  it("matches * and any listed tag by weak comparison, and nothing else", () => {
    expect(noneMatches('"wish-w-1-3"', '"wish-w-1-3"')).toBe(true);
    expect(noneMatches('W/"wish-w-1-3"', '"wish-w-1-3"')).toBe(true);
    expect(noneMatches('"a-1-1", "wish-w-1-3"', '"wish-w-1-3"')).toBe(true);
    expect(noneMatches("*", '"wish-w-1-3"')).toBe(true);
    expect(noneMatches('"wish-w-1-4"', '"wish-w-1-3"')).toBe(false);
    expect(noneMatches('"wish-w-1-3', '"wish-w-1-3"')).toBe(false);
    expect(noneMatches(undefined, '"wish-w-1-3"')).toBe(false);
    expect(noneMatches("", '"wish-w-1-3"')).toBe(false);
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
