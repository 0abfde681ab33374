import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  at,
  community,
  courierSignIn,
  type GatewayStation,
  otherCommunity,
  signIn,
  startGatewayStation,
} from "./testing/gateway-station.js";

/*
 * The station's public page (issue 14): anyone reads the stations of a community, one
 * station, and the year's figures without a token; the answers carry nothing of a person,
 * an unknown station is 404, and the signed-in routes stay closed.
 */

let gateway: GatewayStation;

const open = (path: string, target: string = community): string =>
  `/v1/public/communities/${target}${path}`;

const weekdays = { from: "09:00", to: "18:00" };
const courierNumber = "13800138021";

beforeAll(async () => {
  // The test clock stands at Tuesday 1 December 2026, 10:00 in Shanghai.
  gateway = await startGatewayStation();
  const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
  const opening = await request(gateway.app)
    .post(at("/stations"))
    .set("Authorization", staff)
    .send({
      stationId: "wanda-1",
      name: { "zh-CN": "万达驿站", en: "Wanda station" },
      address: { "zh-CN": "上海市金山区龙山路 555 号", en: "555 Longshan Road, Jinshan" },
      location: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
      openingHours: {
        kind: "weekly",
        days: {
          monday: [weekdays],
          tuesday: [weekdays],
          wednesday: [weekdays],
          thursday: [weekdays],
          friday: [weekdays],
        },
      },
      amenities: { standard: ["charging", "drinking-water"], others: ["雨具借用"] },
    });
  expect(opening.status, JSON.stringify(opening.body)).toBe(201);
  const courier = await courierSignIn(gateway, courierNumber);
  await request(gateway.app)
    .post(at("/couriers"))
    .set("Authorization", `Bearer ${courier.accessToken}`)
    .send({
      courierId: courier.subject,
      nickname: "小李",
      realName: "李明亮",
      mobileNumber: courierNumber,
      platforms: ["eleme"],
      employment: "full-time",
      consentPolicyVersion: "2026-01",
      stationId: "wanda-1",
    })
    .expect(201);
  await request(gateway.app)
    .post(at(`/couriers/${courier.subject}/verification`))
    .set("Authorization", staff)
    .send({})
    .expect(204);
});
afterAll(async () => gateway.close());

const personalData = ["李明亮", courierNumber, "小李", "staff-wang"];

describe("the public station page over HTTP", () => {
  it("lists the community's stations and shows one, with its hours, amenities and whether it is open now, without a token", async () => {
    const list = await request(gateway.app).get(open("/stations")).expect(200);
    expect(list.body.items.map((item: { stationId: string }) => item.stationId)).toEqual([
      "wanda-1",
    ]);
    const shown = await request(gateway.app).get(open("/stations/wanda-1")).expect(200);
    expect(shown.body).toMatchObject({
      stationId: "wanda-1",
      name: { "zh-CN": "万达驿站", en: "Wanda station" },
      address: { "zh-CN": "上海市金山区龙山路 555 号" },
      amenities: { standard: ["charging", "drinking-water"], others: ["雨具借用"] },
      openingHours: { kind: "weekly" },
      status: "open",
      openNow: true,
    });
    // Rate-limited like every other request.
    expect(shown.headers.ratelimit).toBeDefined();
    for (const body of [list.body, shown.body]) {
      for (const personal of personalData) expect(JSON.stringify(body)).not.toContain(personal);
    }

    // At 20:00 the station keeps no hours: closed now.
    gateway.clock.travelTo("2026-12-01 20:00");
    try {
      const evening = await request(gateway.app).get(open("/stations/wanda-1")).expect(200);
      expect(evening.body.openNow).toBe(false);
    } finally {
      gateway.clock.travelTo("2026-12-01 10:00");
    }
  });

  it("answers the year's figures of the community and of a station as counts only", async () => {
    // The figures are a read model: over NATS they follow the courier's registration a
    // moment later.
    await expect
      .poll(
        async () =>
          (await request(gateway.app).get(open("/figures?year=2026"))).body.couriersRegistered,
        { timeout: 30_000, interval: 200 },
      )
      .toBe(1);
    const figures = await request(gateway.app).get(open("/figures?year=2026")).expect(200);
    expect(figures.body).toMatchObject({ year: 2026, couriersRegistered: 1, activitiesHeld: 0 });
    expect(typeof figures.body.pointsEarned).toBe("number");
    for (const personal of personalData) {
      expect(JSON.stringify(figures.body)).not.toContain(personal);
    }
    const ofStation = await request(gateway.app)
      .get(open("/figures?stationId=wanda-1"))
      .expect(200);
    expect(ofStation.body).toMatchObject({ stationId: "wanda-1", year: 2026 });
    expect(ofStation.body.pointsEarned).toBeUndefined();
  });

  it("answers an unknown station, community or bad year with a problem, never a 5xx", async () => {
    const unknown = await request(gateway.app)
      .get(open("/stations/nowhere"))
      .set("Accept-Language", "en")
      .expect(404);
    expect(unknown.type).toBe("application/problem+json");
    expect(unknown.body).toMatchObject({ status: 404, code: "station.not_found" });
    const unknownFigures = await request(gateway.app)
      .get(open("/figures?stationId=nowhere"))
      .expect(404);
    expect(unknownFigures.body.code).toBe("station.not_found");
    const noCommunity = await request(gateway.app)
      .get(open("/stations", "no-such-community"))
      .expect(404);
    expect(noCommunity.body.code).toBe("community.not_found");
    // No figures of zero for a community that does not exist: the same problem as its stations.
    const noCommunityFigures = await request(gateway.app)
      .get(open("/figures?year=2026", "no-such-community"))
      .set("Accept-Language", "en")
      .expect(404);
    expect(noCommunityFigures.type).toBe("application/problem+json");
    expect(noCommunityFigures.body).toMatchObject({ status: 404, code: "community.not_found" });
    // A registered community where nothing has happened yet has figures, of zero.
    const quiet = await request(gateway.app)
      .get(open("/figures?year=2026", otherCommunity))
      .expect(200);
    expect(quiet.body).toMatchObject({ year: 2026, couriersRegistered: 0, activitiesHeld: 0 });
    await request(gateway.app).get(open("/stations", "Not A Community!")).expect(404);
    const badYear = await request(gateway.app).get(open("/figures?year=twenty")).expect(400);
    expect(badYear.body.code).toBe("input.invalid");
  });

  it("needs no token and opens nothing else: the signed-in routes still ask for one", async () => {
    // A token of another community is ignored, not refused.
    const elsewhere = await signIn(gateway.app, "staff-zhao");
    await request(gateway.app)
      .get(open("/stations/wanda-1"))
      .set("Authorization", `Bearer ${elsewhere}`)
      .expect(200);
    await request(gateway.app).get(at("/stations/wanda-1")).expect(401);
    await request(gateway.app).get(at("/statistics?period.kind=year&period.year=2026")).expect(401);
    await request(gateway.app).get(open("/couriers")).expect(404);
    await request(gateway.app).get(open("/statistics")).expect(404);
  });

  it("is in the OpenAPI document without security", async () => {
    const document = (await request(gateway.app).get("/openapi.json").expect(200)).body as {
      paths: Record<string, Record<string, { security?: unknown[]; tags?: string[] }>>;
    };
    for (const path of [
      "/v1/public/communities/{community}/stations",
      "/v1/public/communities/{community}/stations/{stationId}",
      "/v1/public/communities/{community}/figures",
    ]) {
      expect(document.paths[path]?.get?.security, path).toEqual([]);
      expect(document.paths[path]?.get?.tags).toEqual(["public"]);
    }
  });
});
