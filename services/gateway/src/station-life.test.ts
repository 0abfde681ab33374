import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  at,
  courierSignIn,
  expectingSender,
  type GatewayStation,
  shanghai,
  signIn,
  startGatewayStation,
} from "./testing/gateway-station.js";

/*
 * A station's life and its couriers' through HTTP only: staff open a station, change its
 * details, close it for a typhoon, reopen it and finally retire it; couriers consent,
 * are rejected, suspended and reinstated, correct their data, leave the volunteer team,
 * withdraw their consent and leave; an activity is revised, its check-in code rotated,
 * walk-ins, attendance, no-shows and check-outs recorded, and it is completed, while
 * another is cancelled, and staff read both back from the month's record; a district
 * notice reaches a courier's inbox, in the language they chose, and is marked read; the
 * community is renamed and next year's policy published; a patrol route is revised,
 * suspended, resumed, patrolled and retired.
 */

let gateway: GatewayStation;

beforeAll(async () => {
  gateway = await startGatewayStation({}, { notifications: true });
});
afterAll(async () => gateway.close());

/** Sends a request and expects the status, naming the answer's body when it differs. */
const send = expectingSender(() => gateway.app);

const registerCourier = async (
  mobileNumber: string,
  nickname: string,
  consent: boolean,
): Promise<{ readonly bearer: string; readonly id: string }> => {
  const courier = await courierSignIn(gateway, mobileNumber);
  const bearer = `Bearer ${courier.accessToken}`;
  await send("post", at("/couriers"), bearer, 201, {
    courierId: courier.subject,
    nickname,
    realName: "李小四",
    mobileNumber,
    platforms: ["eleme"],
    employment: "crowd-sourced",
    ...(consent ? { consentPolicyVersion: "2026-01" } : {}),
  });
  return { bearer, id: courier.subject };
};

describe("a station's life over HTTP", () => {
  it("opens, changes, closes, reopens and retires a station", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    await send("post", at("/stations"), staff, 201, {
      stationId: "longshan",
      name: { "zh-CN": "龙山路驿站", en: "Longshan Road Station" },
      address: { "zh-CN": "上海市金山区龙山路 100 号", en: "100 Longshan Road, Jinshan" },
      location: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
      openingHours: { kind: "weekly", days: { monday: [{ from: "09:00", to: "21:00" }] } },
      amenities: { standard: ["charging", "drinking-water"] },
    });
    await send("post", at("/stations/longshan/details"), staff, 204, {
      name: { "zh-CN": "龙山路党群驿站", en: "Longshan Road Community Station" },
    });
    const renamed = await send("get", at("/stations/longshan"), staff, 200);
    expect(renamed.body).toMatchObject({
      stationId: "longshan",
      name: { "zh-CN": "龙山路党群驿站", en: "Longshan Road Community Station" },
    });

    await send("post", at("/stations/longshan/temporary-closure"), staff, 204, {
      reason: "台风停业",
      expectedReopeningAt: shanghai("2026-12-03 09:00"),
    });
    const closed = await send("get", at("/stations/longshan"), staff, 200);
    expect(closed.body).toMatchObject({
      status: "temporarily-closed",
      openNow: false,
      closure: { reason: "台风停业", expectedReopeningAt: shanghai("2026-12-03 09:00") },
    });
    await send("post", at("/stations/longshan/reopening"), staff, 204, {});
    const reopened = await send("get", at("/stations/longshan"), staff, 200);
    expect(reopened.body.status).toBe("open");
    expect(reopened.body.closure).toBeUndefined();
    await send("post", at("/stations/longshan/retirement"), staff, 204, {
      reason: "合并至万达驿站",
    });
    const retired = await send("get", at("/stations/longshan"), staff, 200);
    expect(retired.body).toMatchObject({ status: "retired", openNow: false });
    expect(retired.body.retiredAt).toEqual(expect.any(String));
  });

  it("takes couriers through consent, rejection, suspension, corrections and leaving", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    const li = await registerCourier("13900139001", "小李", false);
    const unconsented = await send("get", at("/couriers/me"), li.bearer, 200);
    expect(unconsented.body).toMatchObject({ status: "registered" });
    expect(unconsented.body.consent).toBeUndefined();
    await send("post", at(`/couriers/${li.id}/consent`), li.bearer, 204, {
      policyVersion: "2026-01",
    });
    await send("post", at(`/couriers/${li.id}/verification`), staff, 204, {});
    await send("post", at(`/couriers/${li.id}/volunteer-team/joining`), li.bearer, 204, {});
    await send("post", at(`/couriers/${li.id}/volunteer-team/leaving`), li.bearer, 204, {});
    await send("post", at(`/couriers/${li.id}/suspension`), staff, 204, { reason: "多次未到" });
    await send("post", at(`/couriers/${li.id}/reinstatement`), staff, 204, { reason: "已沟通" });
    await send("post", at(`/couriers/${li.id}/personal-data`), li.bearer, 204, {
      realName: "李小五",
    });
    const corrected = await send("get", at(`/couriers/${li.id}`), staff, 200);
    expect(corrected.body).toMatchObject({
      status: "active",
      volunteerTeamMember: false,
      personal: { realName: "李小五" },
      consent: { policyVersion: "2026-01" },
    });
    expect(
      (corrected.body.history as Array<{ status: string; reason?: string }>).map(
        (entry) => `${entry.status}${entry.reason === undefined ? "" : `: ${entry.reason}`}`,
      ),
    ).toEqual(["registered", "active", "suspended: 多次未到", "active: 已沟通"]);
    await send("post", at(`/couriers/${li.id}/consent-withdrawal`), li.bearer, 204, {});
    const withdrawn = await send("get", at(`/couriers/${li.id}`), staff, 200);
    expect(withdrawn.body.consent).toBeUndefined();
    expect(withdrawn.body.consentWithdrawnAt).toEqual(expect.any(String));
    expect(withdrawn.body.status).toBe("active");
    await send("post", at(`/couriers/${li.id}/leaving`), li.bearer, 204, { reason: "换城市了" });
    const left = await send("get", at(`/couriers/${li.id}`), staff, 200);
    expect(left.body.status).toBe("left");
    expect(left.body.history.at(-1)).toMatchObject({
      status: "left",
      by: li.id,
      reason: "换城市了",
    });

    const ma = await registerCourier("13900139002", "小马", true);
    await send("post", at(`/couriers/${ma.id}/rejection`), staff, 204, { reason: "非本商圈骑手" });
    const rejected = await send("get", at(`/couriers/${ma.id}`), staff, 200);
    expect(rejected.body.status).toBe("rejected");
    expect(rejected.body.history.at(-1)).toMatchObject({
      status: "rejected",
      by: "staff-wang",
      reason: "非本商圈骑手",
    });
  });

  it("revises, runs and completes one activity and cancels another", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    const couriers = [];
    for (const [index, nickname] of ["小甲", "小乙", "小丙", "小丁"].entries()) {
      const courier = await registerCourier(`1370013700${index}`, nickname, true);
      await send("post", at(`/couriers/${courier.id}/verification`), staff, 204, {});
      couriers.push(courier);
    }
    const [jia, yi, bing, ding] = couriers as [
      (typeof couriers)[0],
      (typeof couriers)[0],
      (typeof couriers)[0],
      (typeof couriers)[0],
    ];
    const details = {
      title: "驿站开放日",
      kind: "community-event",
      organiser: { kind: "station", stationId: "wanda" },
      stationId: "wanda",
      place: { description: "万达驿站" },
      startsAt: shanghai("2026-12-06 14:00"),
      endsAt: shanghai("2026-12-06 16:00"),
      capacity: 10,
      signUpRequired: true,
      volunteerHours: 2,
    };
    await send("post", at("/activities"), staff, 201, { activityId: "open-day", details });
    await send("post", at("/activities/open-day/details"), staff, 204, {
      changes: { title: "驿站开放日（冬季）", capacity: 8 },
    });
    await send("post", at("/activities/open-day/publication"), staff, 204, {});
    const revised = await send("get", at("/activities/open-day"), staff, 200);
    expect(revised.body).toMatchObject({
      status: "published",
      details: { title: "驿站开放日（冬季）", capacity: 8, volunteerHours: 2 },
      summary: { placesLeft: 8 },
    });
    for (const courier of [jia, yi, bing]) {
      await send("post", at("/activities/open-day/sign-ups"), courier.bearer, 204, {
        courierId: courier.id,
      });
    }
    await send("post", at("/activities/open-day/sign-ups/cancellation"), bing.bearer, 204, {
      courierId: bing.id,
    });

    gateway.clock.travelTo("2026-12-06 13:50");
    await send("post", at("/activities/open-day/start"), staff, 204, {});
    await send("post", at("/activities/open-day/check-in-code"), staff, 204, {});
    gateway.clock.travelTo("2026-12-06 14:05");
    await send("post", at("/activities/open-day/check-ins"), jia.bearer, 204, {
      courierId: jia.id,
      code: "5930",
    });
    await send("post", at("/activities/open-day/walk-ins"), staff, 204, { courierIds: [ding.id] });
    await send("post", at("/activities/open-day/no-shows"), staff, 204, { courierIds: [yi.id] });
    gateway.clock.travelTo("2026-12-06 15:55");
    await send("post", at("/activities/open-day/check-outs"), jia.bearer, 204, {
      courierId: jia.id,
    });
    await send("post", at("/activities/open-day/attendance"), staff, 204, {
      courierIds: [jia.id, ding.id],
    });
    const roster = await send("get", at("/activities/open-day/roster"), staff, 200);
    const entries = new Map(
      (roster.body.items as Array<{ courierId: string }>).map((entry) => [entry.courierId, entry]),
    );
    expect(entries.get(jia.id)).toMatchObject({
      status: "attended",
      attendance: "check-in",
      checkedOutAt: expect.stringMatching(/^2026-12-06T07:55/),
    });
    expect(entries.get(ding.id)).toMatchObject({ status: "attended", attendance: "walk-in" });
    expect(entries.get(yi.id)).toMatchObject({ status: "no-show" });
    expect(entries.get(bing.id)).toMatchObject({ status: "cancelled" });
    gateway.clock.travelTo("2026-12-06 16:05");
    await send("post", at("/activities/open-day/completion"), staff, 204, {});
    const facts = await send("get", at("/activities/open-day/facts"), staff, 200);
    expect(facts.body).toMatchObject({ activityId: "open-day", status: "completed" });

    await send("post", at("/activities"), staff, 201, {
      activityId: "snow-day",
      details: {
        ...details,
        title: "扫雪行动",
        startsAt: shanghai("2026-12-08 14:00"),
        endsAt: shanghai("2026-12-08 16:00"),
      },
    });
    await send("post", at("/activities/snow-day/cancellation"), staff, 204, { reason: "天气转好" });
    const cancelled = await send("get", at("/activities/snow-day"), staff, 200);
    expect(cancelled.body).toMatchObject({
      status: "cancelled",
      cancellationReason: "天气转好",
      details: { title: "扫雪行动" },
    });

    // Staff's record of the month keeps both, latest start first, and reads by status;
    // a courier is not shown it.
    const listed = (page: { body: { items: Array<{ activityId: string; status: string }> } }) =>
      page.body.items.map((item) => `${item.activityId} ${item.status}`);
    const december = await send("get", at("/activity-months/2026/12?limit=1"), staff, 200);
    expect(listed(december)).toEqual(["snow-day cancelled"]);
    // The next page's address, as every list answers it.
    const rest = await send("get", String(december.body.next), staff, 200);
    expect(listed(rest)).toEqual(["open-day completed"]);
    const completed = await send(
      "get",
      at("/activity-months/2026/12?status=completed"),
      staff,
      200,
    );
    expect(listed(completed)).toEqual(["open-day completed"]);
    await send("get", at("/activity-months/2026/12"), jia.bearer, 403);
  });

  it("brings a district notice to a courier, in the language they chose, and marks it read", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    const wu = await registerCourier("13900139009", "小吴", true);
    await send("post", at(`/couriers/${wu.id}/verification`), staff, 204, {});
    // The inbox is filled from the bus's events (over NATS, a moment later): wait until the
    // verification's notice is there, so the notifications service knows 小吴 is active.
    type Notice = { noticeId: string; kind: string; title: string; read: boolean };
    const inboxUntil = async (holds: (items: ReadonlyArray<Notice>) => boolean) => {
      let inbox = await send("get", at("/notices"), wu.bearer, 200);
      for (let attempt = 0; attempt < 100 && !holds(inbox.body.items); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        inbox = await send("get", at("/notices"), wu.bearer, 200);
      }
      return inbox;
    };
    const districtNotice = (items: ReadonlyArray<Notice>) =>
      items.find((notice) => notice.kind === "district-notice");
    await inboxUntil((items) => items.some((notice) => notice.kind === "courier-verified"));
    await send("post", at("/district-notices"), staff, 204, {
      noticeId: "typhoon-warning",
      audience: { kind: "community" },
      title: { "zh-CN": "台风预警", en: "Typhoon warning" },
      body: { "zh-CN": "今晚停止户外配送", en: "No outdoor deliveries tonight" },
      expiresAt: shanghai("2026-12-31 23:00"),
    });
    const inbox = await inboxUntil((items) => districtNotice(items) !== undefined);
    const notice = districtNotice(inbox.body.items);
    expect(notice).toMatchObject({ title: "台风预警", read: false });
    const unread = inbox.body.unread as number;

    await send("post", at(`/notices/${notice?.noticeId}/reading`), wu.bearer, 204, {});
    await send("post", at("/notice-language"), wu.bearer, 204, { language: "en" });
    const english = await send("get", at("/notices"), wu.bearer, 200);
    expect(english.body.language).toBe("en");
    expect(english.body.unread).toBe(unread - 1);
    expect(districtNotice(english.body.items)).toMatchObject({
      noticeId: notice?.noticeId,
      title: "Typhoon warning",
      read: true,
    });
  });

  it("renames the community, publishes next year's policy, and takes a patrol route from publication to retirement", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    await send("post", at("/details"), staff, 204, {
      name: { "zh-CN": "金山万达商圈党群服务", en: "Jinshan Wanda Community Services" },
    });
    const renamed = await send("get", at(""), staff, 200);
    expect(renamed.body).toMatchObject({
      name: { "zh-CN": "金山万达商圈党群服务", en: "Jinshan Wanda Community Services" },
      district: { "zh-CN": "上海市金山区" },
    });
    // Next year's version, with a bigger welcome: published now, in force only from January.
    await send("post", at("/policy-versions"), staff, 201, {
      policyVersion: "2027-01",
      effectiveFrom: shanghai("2027-01-01 00:00"),
      document: "points:\n  welcome: 20\n",
    });
    const policy = await send("get", at("/policy-versions"), staff, 200);
    expect(policy.body.versions.at(-1)).toMatchObject({
      policyVersion: "2027-01",
      effectiveFrom: shanghai("2027-01-01 00:00"),
      publishedBy: "staff-wang",
      policy: { points: { welcome: 20 } },
    });
    expect(policy.body.inForce.policyVersion).toBe("2026-01");
    expect(policy.body.inForce.policy.points.welcome).toBe(10);

    const zhou = await registerCourier("13900139010", "小周", true);
    await send("post", at(`/couriers/${zhou.id}/verification`), staff, 204, {});
    const checkpoint = (checkpointId: string, name: string, latitude: number) => ({
      checkpointId,
      name,
      location: { latitude, longitude: 121.3464, datum: "GCJ-02" },
      radiusMetres: 50,
    });
    const route = "/patrol-routes/longshan-river";
    await send("post", at("/patrol-routes"), staff, 201, {
      routeId: "longshan-river",
      name: "龙山河巡河线",
      kind: "river",
      stationId: "wanda",
      checkpoints: [
        checkpoint("bridge", "龙山桥", 30.7416),
        checkpoint("sluice", "节制闸", 30.7446),
      ],
    });
    await send("post", at(`${route}/revision`), staff, 204, {
      name: "龙山河巡河线（冬季）",
      requiredCheckpoints: 1,
    });
    await send("post", at(`${route}/suspension`), staff, 204, { reason: "河道清淤" });
    const suspended = await send("get", at(route), staff, 200);
    expect(suspended.body).toMatchObject({
      status: "suspended",
      suspensionReason: "河道清淤",
      name: "龙山河巡河线（冬季）",
      requiredCheckpoints: 1,
      revision: 2,
    });
    const checkIn = {
      courierId: zhou.id,
      checkpointId: "bridge",
      position: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
    };
    const refused = await send(
      "post",
      at(`${route}/checkpoint-check-ins`),
      zhou.bearer,
      422,
      checkIn,
    );
    expect(refused.body.code).toBe("patrol.route_closed");
    await send("post", at(`${route}/resumption`), staff, 204, {});
    await send("post", at(`${route}/checkpoint-check-ins`), zhou.bearer, 204, checkIn);
    const patrols = await send("get", at(`/couriers/${zhou.id}/patrols`), zhou.bearer, 200);
    expect(patrols.body.items).toEqual([
      expect.objectContaining({
        routeId: "longshan-river",
        status: "completed",
        visits: [expect.objectContaining({ checkpointId: "bridge", distanceMetres: 0 })],
      }),
    ]);
    await send("post", at(`${route}/retirement`), staff, 204, { reason: "河道改由街道巡查" });
    const retired = await send("get", at(route), zhou.bearer, 200);
    expect(retired.body).toMatchObject({ routeId: "longshan-river", status: "retired" });
    expect(retired.body.retiredAt).toEqual(expect.any(String));
  });
});
