import sharp from "sharp";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  at,
  courierSignIn,
  type GatewayStation,
  shanghai,
  signIn,
  startGatewayStation,
} from "./testing/gateway-station.js";

/*
 * A courier's day and a staff member's day through HTTP only: sign-in by code,
 * registration (小哥报到), verification, the volunteer team, an activity with check-in by
 * code, a sentinel report with a location and a photo, staff routing and answering it,
 * and points.
 */

let gateway: GatewayStation;

beforeAll(async () => {
  gateway = await startGatewayStation();
});
afterAll(async () => gateway.close());

const eventually = async <A>(probe: () => Promise<A>, holds: (value: A) => boolean): Promise<A> => {
  let last = await probe();
  for (let attempt = 0; attempt < 100 && !holds(last); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await probe();
  }
  return last;
};

describe("a courier's day over HTTP", () => {
  it("signs in, registers, is verified, checks in to an activity, reports with a location and a photo, posts a wish, and sees their points", async () => {
    const { app } = gateway;
    const courier = await courierSignIn(gateway, "13800138001");
    const bearer = `Bearer ${courier.accessToken}`;
    const staff = `Bearer ${await signIn(app, "staff-wang")}`;

    // 小哥报到: the courier registers as the subject their sign-in gave them.
    const registered = await request(app)
      .post(at("/couriers"))
      .set("Authorization", bearer)
      .set("Idempotency-Key", "register-once")
      .send({
        courierId: courier.subject,
        nickname: "小王",
        realName: "王小明",
        mobileNumber: "13800138001",
        platforms: ["meituan"],
        employment: "full-time",
        consentPolicyVersion: "2026-01",
      })
      .expect(201);
    expect(registered.headers.location).toBe(at(`/couriers/${courier.subject}`));
    expect(registered.body.outcome).toBe("applied");

    await request(app)
      .post(at(`/couriers/${courier.subject}/verification`))
      .set("Authorization", staff)
      .send({})
      .expect(204);
    await request(app)
      .post(at("/couriers/me/volunteer-team/joining"))
      .set("Authorization", bearer)
      .send({})
      .expect(204);
    const own = await request(app).get(at("/couriers/me")).set("Authorization", bearer).expect(200);
    expect(own.body).toMatchObject({ view: "own", status: "active", volunteerTeamMember: true });

    // Staff plan an activity; the courier signs up and checks in with the code.
    await request(app)
      .post(at("/activities"))
      .set("Authorization", staff)
      .send({
        activityId: "river-day",
        details: {
          title: "护河志愿行动",
          kind: "volunteering",
          organiser: { kind: "station", stationId: "wanda" },
          stationId: "wanda",
          place: { description: "山阳河 3 号桥" },
          startsAt: shanghai("2026-12-05 14:00"),
          endsAt: shanghai("2026-12-05 16:00"),
          capacity: 3,
          signUpRequired: true,
          volunteerHours: 2,
        },
      })
      .expect(201);
    await request(app)
      .post(at("/activities/river-day/publication"))
      .set("Authorization", staff)
      .send({})
      .expect(204);
    await request(app)
      .post(at("/activities/river-day/sign-ups"))
      .set("Authorization", bearer)
      .send({ courierId: courier.subject })
      .expect(204);
    gateway.clock.travelTo("2026-12-05 13:50");
    await request(app)
      .post(at("/activities/river-day/start"))
      .set("Authorization", staff)
      .send({})
      .expect(204);
    gateway.clock.travelTo("2026-12-05 14:05");
    await request(app)
      .post(at("/activities/river-day/check-ins"))
      .set("Authorization", bearer)
      .send({ courierId: courier.subject, code: "4821" })
      .expect(204);
    const mine = await request(app)
      .get(at("/couriers/me/activities"))
      .set("Authorization", bearer)
      .expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ activityId: "river-day" })]);

    // A photo (with EXIF) is re-encoded without its metadata, then named by a report.
    const withExif = await sharp({
      create: { width: 64, height: 48, channels: 3, background: "#3a6" },
    })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Make: "PhoneMaker", Model: "Courier Phone" } } })
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const uploaded = await request(app)
      .post(at("/photos"))
      .set("Authorization", bearer)
      .attach("photo", withExif, { filename: "river.jpg", contentType: "image/jpeg" })
      .expect(201);
    const stored = await request(app)
      .get(uploaded.body.url)
      .set("Authorization", bearer)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((await sharp(stored.body as Buffer).metadata()).exif).toBeUndefined();

    const report = await request(app)
      .post(at("/reports"))
      .set("Authorization", bearer)
      .send({
        reportId: "r-river-1",
        category: "river-patrol",
        description: "河面有大片漂浮垃圾",
        location: {
          point: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
          address: "龙胜路桥下",
        },
        photos: [uploaded.body.photo],
        observedAt: shanghai("2026-12-05 13:00"),
      })
      .expect(201);
    expect(report.headers.location).toBe(at("/reports/r-river-1"));
    const ownReports = await request(app)
      .get(at("/own-reports"))
      .set("Authorization", bearer)
      .expect(200);
    expect(ownReports.body.items).toEqual([expect.objectContaining({ reportId: "r-river-1" })]);

    // Staff: the verification queue is empty now, the report is in their queue; they
    // accept it, and the courier's points grow.
    const queue = await request(app)
      .get(at("/reports?status=submitted"))
      .set("Authorization", staff)
      .expect(200);
    expect(queue.body.items.map((item: { reportId: string }) => item.reportId)).toContain(
      "r-river-1",
    );
    await request(app)
      .post(at("/reports/r-river-1/acceptance"))
      .set("Authorization", staff)
      .send({ note: "已转河长办" })
      .expect(204);
    const balance = await eventually(
      async () =>
        (await request(app).get(at("/couriers/me/points")).set("Authorization", bearer).expect(200))
          .body as {
          balance?: number;
        },
      (body) => (body.balance ?? 0) > 0,
    );
    expect(balance.balance).toBeGreaterThan(0);
    // A micro-wish (微心愿), drafted and submitted for staff to approve.
    await request(app)
      .post(at("/wishes"))
      .set("Authorization", bearer)
      .send({
        wishId: "w-power-bank",
        stationId: "wanda",
        title: "充电宝",
        description: "跑单一天手机没电，想要一个大容量充电宝",
        category: "work-equipment",
        estimatedValueFen: 9_900,
        funding: { mode: "either" },
      })
      .expect(201);
    await request(app)
      .post(at("/wishes/w-power-bank/submission"))
      .set("Authorization", bearer)
      .send({})
      .expect(204);
    const wishes = await request(app)
      .get(at("/couriers/me/wishes"))
      .set("Authorization", bearer)
      .expect(200);
    expect(wishes.body.items).toEqual([expect.objectContaining({ wishId: "w-power-bank" })]);

    const adjusted = await request(app)
      .post(at("/points-adjustments"))
      .set("Authorization", staff)
      .set("Idempotency-Key", "new-year-bonus")
      .send({
        transferId: "adj-new-year",
        courierId: courier.subject,
        direction: "grant",
        amount: 5,
        note: "春节慰问补发积分",
      });
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(204);
  });
});
