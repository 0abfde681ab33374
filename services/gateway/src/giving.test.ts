import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  at,
  courierSignIn,
  eventually,
  expectingSender,
  type GatewayStation,
  shanghai,
  signIn,
  startGatewayStation,
} from "./testing/gateway-station.js";

/*
 * Sponsors, micro-wishes after submission and the points catalogue, through HTTP only:
 * staff register a sponsor and change, stand down and bring back its record; wishes are
 * approved, rejected, published, claimed, released, claimed again, handed over and
 * thanked, funded from donations or cancelled; a catalogue item is listed, revised,
 * restocked, written off, withdrawn and relisted. A courier redeems a wish with points and
 * is handed it at a wish-lighting event (点亮微心愿) it was linked to, and redeems catalogue
 * items: one picked up, one cancelled, the points held, posted or given back each time.
 */

let gateway: GatewayStation;

beforeAll(async () => {
  gateway = await startGatewayStation();
});
afterAll(async () => gateway.close());

/** Sends a request and expects the status, naming the answer's body when it differs. */
const send = expectingSender(() => gateway.app);

describe("giving over HTTP", () => {
  it("registers a sponsor, takes wishes from approval to thanks, and keeps the catalogue", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    const sponsor = `Bearer ${await signIn(gateway.app, "sponsor-zhou")}`;
    const courier = await courierSignIn(gateway, "13500135009");
    const bearer = `Bearer ${courier.accessToken}`;
    await send("post", at("/couriers"), bearer, 201, {
      courierId: courier.subject,
      nickname: "小郑",
      realName: "郑小七",
      mobileNumber: "13500135009",
      platforms: ["meituan"],
      employment: "full-time",
      consentPolicyVersion: "2026-01",
    });
    await send("post", at(`/couriers/${courier.subject}/verification`), staff, 204, {});

    // The sponsor's record, under the sponsor account's id.
    await send("post", at("/sponsors"), staff, 201, {
      sponsorId: "sponsor-zhou",
      kind: "merchant",
      displayName: "周记面馆",
      shop: { name: "周记面馆", location: "万达广场 1F-108" },
      contact: { name: "周老板", phone: "13800138111" },
    });
    await send("post", at("/sponsors/sponsor-zhou/profile"), staff, 204, {
      displayName: "周记面馆（万达店）",
      thanksWall: true,
    });
    await send("post", at("/sponsors/sponsor-zhou/deactivation"), staff, 204, {
      reason: "店铺装修暂停",
    });
    const inactive = await send("get", at("/sponsors/sponsor-zhou"), staff, 200);
    expect(inactive.body).toMatchObject({
      status: "inactive",
      displayName: "周记面馆（万达店）",
      thanksWall: true,
      deactivation: { reason: "店铺装修暂停" },
    });
    await send("post", at("/sponsors/sponsor-zhou/reactivation"), staff, 204, {});

    const wish = (wishId: string, title: string) =>
      send("post", at("/wishes"), bearer, 201, {
        wishId,
        stationId: "wanda",
        title,
        description: `${title}，跑单用`,
        category: "work-equipment",
        estimatedValueFen: 5_000,
        funding: { mode: "either" },
      }).then(() => send("post", at(`/wishes/${wishId}/submission`), bearer, 204, {}));

    // One wish approved, claimed, released, claimed again, handed over and thanked.
    await wish("w-gloves", "防寒手套");
    await send("post", at("/wishes/w-gloves/approval"), staff, 204, { note: "符合要求" });
    await send("post", at("/wishes/w-gloves/claim"), sponsor, 204, { note: "我来" });
    await send("post", at("/wishes/w-gloves/contact-sharing"), bearer, 204, {});
    await send("post", at("/wishes/w-gloves/claim/release"), sponsor, 204, { note: "缺货" });
    await send("post", at("/wishes/w-gloves/claim"), sponsor, 204, {});
    const claims = await send("get", at("/sponsors/sponsor-zhou/claims"), sponsor, 200);
    expect(claims.body.items).toEqual([
      expect.objectContaining({ wishId: "w-gloves", status: "claimed", title: "防寒手套" }),
    ]);
    await send("post", at("/wishes/w-gloves/fulfilment"), staff, 204, { note: "驿站交付" });
    await send("post", at("/wishes/w-gloves/thanks"), bearer, 204, {
      note: "谢谢周老板！",
      public: true,
    });
    const thanked = await send("get", at("/wishes/w-gloves"), bearer, 200);
    expect(thanked.body).toMatchObject({
      status: "thanked",
      releases: 1,
      pledge: { funder: { kind: "sponsor", sponsorId: "sponsor-zhou" } },
      fulfilment: { note: "驿站交付" },
      thanks: { public: true, note: "谢谢周老板！" },
    });

    // One rejected, one approved without publishing then published and funded from
    // donations, one cancelled by its courier.
    await wish("w-phone", "新手机");
    await send("post", at("/wishes/w-phone/rejection"), staff, 204, { reason: "超出微心愿范围" });
    await wish("w-raincoat", "雨衣");
    await send("post", at("/wishes/w-raincoat/approval"), staff, 204, { publish: false });
    await send("post", at("/wishes/w-raincoat/publication"), staff, 204, {});
    await send("post", at("/wishes/w-raincoat/donation-funding"), staff, 204, {
      note: "爱心捐款",
    });
    await wish("w-helmet", "头盔");
    await send("post", at("/wishes/w-helmet/cancellation"), bearer, 204, { reason: "单位发了" });
    const statusOf = async (wishId: string) =>
      (await send("get", at(`/wishes/${wishId}`), staff, 200)).body;
    expect(await statusOf("w-phone")).toMatchObject({
      status: "rejected",
      rejection: { reason: "超出微心愿范围" },
    });
    expect(await statusOf("w-raincoat")).toMatchObject({
      status: "claimed",
      pledge: { funder: { kind: "community", staffId: "staff-wang" }, note: "爱心捐款" },
    });
    expect(await statusOf("w-helmet")).toMatchObject({
      status: "cancelled",
      cancellation: { reason: "单位发了" },
    });
    await send("post", at("/sponsors/sponsor-zhou/contact-erasure"), staff, 204, {});
    // The sponsor is credited with a fulfilled wish and its thanks by a flow that follows the
    // wish's events, so the record shows them once that flow has caught up.
    const erased = await eventually(
      () => send("get", at("/sponsors/sponsor-zhou"), staff, 200),
      (answer) => answer.body.thanks?.length > 0,
    );
    expect(erased.body).toMatchObject({
      status: "active",
      fulfilled: [expect.objectContaining({ wishId: "w-gloves" })],
      thanks: [expect.objectContaining({ wishId: "w-gloves", public: true })],
    });
    expect(erased.body.contact).toBeUndefined();
    expect(erased.body.contactErasedAt).toEqual(expect.any(String));

    // The points catalogue.
    await send("post", at("/catalogue"), staff, 201, {
      itemId: "thermos",
      title: "保温杯",
      pointsPrice: 200,
      stock: 10,
      stationId: "wanda",
      donor: { kind: "sponsor", sponsorId: "sponsor-zhou" },
    });
    await send("post", at("/catalogue/thermos/revision"), staff, 204, { pointsPrice: 180 });
    await send("post", at("/catalogue/thermos/restocking"), staff, 204, { quantity: 5 });
    await send("post", at("/catalogue/thermos/write-offs"), staff, 204, {
      quantity: 2,
      reason: "运输破损",
    });
    await send("post", at("/catalogue/thermos/withdrawal"), staff, 204, { reason: "换季" });
    await send("post", at("/catalogue/thermos/relisting"), staff, 204, {});
    const stock = await send("get", at("/catalogue/thermos/stock"), staff, 200);
    expect(stock.body).toMatchObject({
      itemId: "thermos",
      status: "listed",
      stock: 13,
      received: 15,
      writtenOff: 2,
    });
  });

  it("redeems a wish with points and hands it over at a wish-lighting event, and redeems, hands over and cancels catalogue items", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    const courier = await courierSignIn(gateway, "13500135010");
    const bearer = `Bearer ${courier.accessToken}`;
    const courierId = courier.subject;
    await send("post", at("/couriers"), bearer, 201, {
      courierId,
      nickname: "小冯",
      realName: "冯小八",
      mobileNumber: "13500135010",
      platforms: ["eleme"],
      employment: "full-time",
      consentPolicyVersion: "2026-01",
    });
    await send("post", at(`/couriers/${courierId}/verification`), staff, 204, {});
    await send("post", at("/points-adjustments"), staff, 204, {
      transferId: "adj-feng-volunteer",
      courierId,
      direction: "grant",
      amount: 300,
      note: "志愿服务表彰",
    });
    const points = () => send("get", at(`/couriers/${courierId}/points`), bearer, 200);

    // A wish-lighting event (点亮微心愿) at the wish's station this afternoon.
    await send("post", at("/activities"), staff, 201, {
      activityId: "lighting-day",
      details: {
        title: "点亮微心愿",
        kind: "wish-lighting",
        organiser: { kind: "station", stationId: "wanda" },
        stationId: "wanda",
        place: { description: "万达驿站" },
        startsAt: shanghai("2026-12-01 14:00"),
        endsAt: shanghai("2026-12-01 16:00"),
        capacity: 20,
        signUpRequired: false,
        volunteerHours: 0,
      },
    });
    await send("post", at("/activities/lighting-day/publication"), staff, 204, {});
    await send("post", at("/wishes"), bearer, 201, {
      wishId: "w-lamp",
      stationId: "wanda",
      title: "车头灯",
      description: "夜里跑单看不清路",
      category: "work-equipment",
      estimatedValueFen: 3_000,
      funding: { mode: "points" },
    });
    await send("post", at("/wishes/w-lamp/submission"), bearer, 204, {});
    await send("post", at("/wishes/w-lamp/approval"), staff, 204, {});
    // 30 yuan at one point a yuan: the points are held until the hand-over.
    await send("post", at("/wishes/w-lamp/redemption"), bearer, 204, { expectedPoints: 30 });
    const lighting = { activityId: "lighting-day" };
    await send("post", at("/wishes/w-lamp/activity"), staff, 204, lighting);
    await send("post", at("/wishes/w-lamp/activity/unlinking"), staff, 204, {});
    // The ledger holds the points through the bus's events.
    const redeemed = await eventually(
      () => send("get", at("/wishes/w-lamp"), bearer, 200),
      (answer) => answer.body.redemption?.confirmedAt !== undefined,
    );
    expect(redeemed.body).toMatchObject({
      status: "redeemed",
      redemption: { hold: { amount: 30 } },
    });
    // Taken off the event, it is handed over wherever staff say, until linked again.
    expect(redeemed.body.activityId).toBeUndefined();
    await send("post", at("/wishes/w-lamp/activity"), staff, 204, lighting);
    // The 300 granted, and the 10 welcome points of the verification (through the bus's
    // events), of which 30 are held.
    const held = await eventually(points, (answer) => answer.body.balance === 310);
    expect(held.body).toMatchObject({ balance: 310, held: 30, available: 280 });

    gateway.clock.travelTo("2026-12-01 13:50");
    await send("post", at("/activities/lighting-day/start"), staff, 204, {});
    await send("post", at("/activities/lighting-day/wish-hand-overs"), staff, 204, {
      wishIds: ["w-lamp"],
      note: "点亮微心愿现场交付",
    });
    const linked = await eventually(
      () => send("get", at("/activities/lighting-day/wishes"), staff, 200),
      (answer) => answer.body.items[0]?.status === "fulfilled",
    );
    expect(linked.body.items).toEqual([
      expect.objectContaining({
        wishId: "w-lamp",
        activityId: "lighting-day",
        status: "fulfilled",
      }),
    ]);
    const paid = await eventually(points, (answer) => answer.body.held === 0);
    expect(paid.body).toMatchObject({ balance: 280, held: 0, available: 280 });

    // The catalogue: one umbrella picked up, another redeemed and then cancelled.
    await send("post", at("/catalogue"), staff, 201, {
      itemId: "umbrella",
      title: "折叠伞",
      pointsPrice: 100,
      stock: 5,
      stationId: "wanda",
      donor: { kind: "community" },
    });
    for (const redemptionId of ["rd-umbrella-1", "rd-umbrella-2"]) {
      const created = await send("post", at("/catalogue/umbrella/redemptions"), bearer, 201, {
        redemptionId,
        quantity: 1,
        expectedPoints: 100,
      });
      expect(created.headers.location).toBe(at(`/catalogue-redemptions/${redemptionId}`));
    }
    // The redemptions open, and their points are held, through the bus's events.
    await eventually(
      () => send("get", at(`/couriers/${courierId}/catalogue-redemptions`), bearer, 200),
      (answer) =>
        answer.body.items.filter((item: { status: string }) => item.status === "ready").length ===
        2,
    );
    const ready = await send("get", at("/catalogue-redemptions/rd-umbrella-1"), bearer, 200);
    expect(ready.body).toMatchObject({
      status: "ready",
      itemTitle: "折叠伞",
      quantity: 1,
      hold: { amount: 100 },
    });
    expect((await points()).body).toMatchObject({ balance: 280, held: 200, available: 80 });
    await send("post", at("/catalogue-redemptions/rd-umbrella-1/hand-over"), staff, 204, {
      note: "驿站领取",
    });
    await send("post", at("/catalogue-redemptions/rd-umbrella-2/cancellation"), bearer, 204, {
      reason: "不需要了",
    });
    const cancelled = await send("get", at("/catalogue-redemptions/rd-umbrella-2"), bearer, 200);
    expect(cancelled.body).toMatchObject({ status: "cancelled", note: "不需要了" });
    // The picked-up umbrella's points are paid, the cancelled one's given back.
    const settled = await eventually(points, (answer) => answer.body.held === 0);
    expect(settled.body).toMatchObject({ balance: 180, held: 0, available: 180 });
  });
});
