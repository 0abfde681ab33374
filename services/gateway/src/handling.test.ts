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
 * What happens to a report and a suggestion after they are sent, through HTTP only: the
 * duplicate hint, a duplicate marked, a report rejected, another corrected, worked on,
 * resolved, found not fixed by its reporter, reopened, resolved again and closed, hidden
 * and shown again; a report's photo redacted; suggestions seconded, acknowledged, answered
 * from a draft, adopted and carried out, declined and withdrawn.
 */

let gateway: GatewayStation;

beforeAll(async () => {
  gateway = await startGatewayStation();
});
afterAll(async () => gateway.close());

/** Sends a request and expects the status, naming the answer's body when it differs. */
const send = expectingSender(() => gateway.app);

const verifiedCourier = async (
  staff: string,
  mobileNumber: string,
  nickname: string,
): Promise<{ readonly bearer: string; readonly id: string }> => {
  const courier = await courierSignIn(gateway, mobileNumber);
  const bearer = `Bearer ${courier.accessToken}`;
  await send("post", at("/couriers"), bearer, 201, {
    courierId: courier.subject,
    nickname,
    realName: "赵小六",
    mobileNumber,
    platforms: ["meituan"],
    employment: "full-time",
    consentPolicyVersion: "2026-01",
  });
  await send("post", at(`/couriers/${courier.subject}/verification`), staff, 204, {});
  return { bearer, id: courier.subject };
};

const bridge = { latitude: 30.74, longitude: 121.34, datum: "GCJ-02" };

const report = (reportId: string, category: string, description: string) => ({
  reportId,
  category,
  description,
  location: { point: bridge, address: "龙胜路桥" },
  observedAt: shanghai("2026-12-01 09:00"),
});

describe("handling reports and suggestions over HTTP", () => {
  it("hints a duplicate, marks it, rejects one report and takes another from acceptance to closing", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    const zhao = await verifiedCourier(staff, "13600136001", "小赵");
    const qian = await verifiedCourier(staff, "13600136002", "小钱");

    await send(
      "post",
      at("/reports"),
      zhao.bearer,
      201,
      report("r-bridge", "river-patrol", "桥下漂浮垃圾"),
    );
    const hints = await send(
      "get",
      at(
        `/report-duplicate-hints?category=river-patrol&point.latitude=${bridge.latitude}&point.longitude=${bridge.longitude}&point.datum=GCJ-02`,
      ),
      qian.bearer,
      200,
    );
    expect(hints.body.hints).toEqual([
      expect.objectContaining({ reportId: "r-bridge", distanceMetres: 0 }),
    ]);
    await send(
      "post",
      at("/reports"),
      qian.bearer,
      201,
      report("r-bridge-2", "river-patrol", "桥下有垃圾"),
    );
    await send("post", at("/reports/r-bridge/acceptance"), staff, 204, {});
    await send("post", at("/reports/r-bridge-2/duplicate-of"), staff, 204, {
      originalReportId: "r-bridge",
      note: "同一处垃圾",
    });
    const duplicate = await send("get", at("/reports/r-bridge-2"), qian.bearer, 200);
    expect(duplicate.body).toMatchObject({
      status: "rejected",
      rejection: { reason: "duplicate", originalReportId: "r-bridge", note: "同一处垃圾" },
    });

    await send(
      "post",
      at("/reports"),
      qian.bearer,
      201,
      report("r-noise", "noise", "夜里施工噪音"),
    );
    await send("post", at("/reports/r-noise/rejection"), staff, 204, {
      note: "施工已取得夜间许可",
    });
    const rejected = await send("get", at("/reports/r-noise"), qian.bearer, 200);
    expect(rejected.body).toMatchObject({
      status: "rejected",
      rejection: { reason: "invalid", note: "施工已取得夜间许可" },
    });

    await send("post", at("/reports/r-bridge/category"), staff, 204, {
      category: "environment",
      reason: "属于环境卫生",
    });
    await send("post", at("/reports/r-bridge/location"), staff, 204, {
      location: { point: { ...bridge, latitude: 30.7402 }, address: "龙胜路桥北侧" },
      reason: "位置更正到桥北",
    });
    await send("post", at("/reports/r-bridge/work"), staff, 204, { note: "已派保洁" });
    await send("post", at("/reports/r-bridge/resolution"), staff, 204, { note: "垃圾已清理" });
    await send("post", at("/reports/r-bridge/resolution-check"), zhao.bearer, 204, {
      fixed: false,
      note: "还有一些没清",
    });
    const notFixed = await send("get", at("/reports/r-bridge"), staff, 200);
    expect(notFixed.body).toMatchObject({
      status: "reopened",
      reopenCount: 1,
      category: "environment",
      handlerId: "greening-and-sanitation",
      location: { point: { latitude: 30.7402 }, address: "龙胜路桥北侧" },
    });
    expect(notFixed.body.history.at(-1)).toMatchObject({
      type: "ReportReopened",
      by: { role: "reporter", id: zhao.id },
      note: "还有一些没清",
    });
    await send("post", at("/reports/r-bridge/resolution"), staff, 204, { note: "已彻底清理" });
    await send("post", at("/reports/r-bridge/reopening"), staff, 204, { note: "复查发现新垃圾" });
    await send("post", at("/reports/r-bridge/resolution"), staff, 204, { note: "复查后清理完毕" });
    await send("post", at("/reports/r-bridge/resolution-confirmation"), staff, 204, {
      note: "现场确认",
    });
    await send("post", at("/reports/r-bridge/hiding"), staff, 204, { reason: "描述含他人车牌" });
    const hidden = await send("get", at("/reports/r-bridge"), staff, 200);
    expect(hidden.body).toMatchObject({
      status: "closed",
      reopenCount: 2,
      closure: { confirmation: "staff", note: "现场确认" },
      hidden: { reason: "描述含他人车牌" },
    });
    await send("post", at("/reports/r-bridge/unhiding"), staff, 204, {
      reason: "已核实无个人信息",
    });
    const closed = await send("get", at("/reports/r-bridge"), zhao.bearer, 200);
    expect(closed.body).toMatchObject({
      view: "reporter",
      status: "closed",
      shownPublicly: true,
      resolution: { note: "复查后清理完毕" },
    });
    expect(closed.body.hidden).toBeUndefined();
  });

  it("seconds, acknowledges, drafts and publishes, adopts and completes, declines and withdraws suggestions", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    const sun = await verifiedCourier(staff, "13600136003", "小孙");
    const li = await verifiedCourier(staff, "13600136004", "小李");
    const suggest = (suggestionId: string, text: string) =>
      send("post", at("/suggestions"), sun.bearer, 201, {
        suggestionId,
        topic: "station-services",
        text,
        showAuthor: true,
      });

    await suggest("s-seats", "驿站能否多放几把椅子？");
    await send("post", at("/suggestions/s-seats/seconds"), li.bearer, 204, {});
    await send("post", at("/suggestions/s-seats/acknowledgement"), staff, 204, {
      note: "收到，正在询价",
    });
    await send("post", at("/suggestions/s-seats/response-draft"), staff, 204, {
      response: { kind: "decline", reason: "空间不足" },
    });
    await send("post", at("/suggestions/s-seats/response-draft/discarding"), staff, 204, {});
    await send("post", at("/suggestions/s-seats/response-draft"), staff, 204, {
      response: { kind: "answer", answer: "下周增加四把折叠椅" },
    });
    await send("post", at("/suggestions/s-seats/response"), staff, 204, {});
    const answered = await send("get", at("/suggestions/s-seats"), sun.bearer, 200);
    expect(answered.body).toMatchObject({
      status: "answered",
      mine: true,
      response: { kind: "answer", text: "下周增加四把折叠椅" },
    });
    const seen = await send("get", at("/suggestions/s-seats"), staff, 200);
    expect(seen.body).toMatchObject({ secondCount: 1, seconders: [li.id] });

    await suggest("s-heater", "冬天驿站能否开暖气？");
    await send("post", at("/suggestions/s-heater/adoption"), staff, 204, {
      plan: "本月安装暖风机",
    });
    await send("post", at("/suggestions/s-heater/progress"), staff, 204, { note: "暖风机已采购" });
    await send("post", at("/suggestions/s-heater/completion"), staff, 204, {
      note: "暖风机已安装",
    });
    const done = await send("get", at("/suggestions/s-heater"), staff, 200);
    expect(done.body).toMatchObject({
      status: "completed",
      response: { kind: "adopt", text: "本月安装暖风机", by: "staff-wang" },
      progress: [{ note: "暖风机已采购" }],
      completion: { note: "暖风机已安装" },
    });

    await suggest("s-tv", "驿站能否装电视？");
    await send("post", at("/suggestions/s-tv/declining"), staff, 204, { reason: "驿站以休息为主" });
    await suggest("s-parking", "门口能否划电动车停车位？");
    await send("post", at("/suggestions/s-parking/withdrawal"), sun.bearer, 204, {
      reason: "已经划好了",
    });
    const declined = await send("get", at("/suggestions/s-tv"), sun.bearer, 200);
    const withdrawn = await send("get", at("/suggestions/s-parking"), staff, 200);
    expect(declined.body).toMatchObject({
      status: "declined",
      response: { kind: "decline", text: "驿站以休息为主" },
    });
    expect(withdrawn.body).toMatchObject({
      status: "withdrawn",
      withdrawal: { reason: "已经划好了" },
    });
    // The author no longer finds a suggestion they withdrew.
    await send("get", at("/suggestions/s-parking"), sun.bearer, 404);
  });

  it("redacts a report's photo: staff still see it, marked, its reporter and the public no longer do", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    const zhou = await verifiedCourier(staff, "13600136005", "小周");
    await send("post", at("/reports"), zhou.bearer, 201, {
      ...report("r-rubble", "environment", "路边堆放建筑垃圾"),
      photos: ["r-rubble-a.jpg", "r-rubble-b.jpg"],
    });
    await send("post", at("/reports/r-rubble/acceptance"), staff, 204, {});
    await send("post", at("/reports/r-rubble/photo-redactions"), staff, 204, {
      photo: "r-rubble-a.jpg",
      reason: "拍到他人车牌",
    });
    const seen = await send("get", at("/reports/r-rubble"), staff, 200);
    expect(seen.body.photos).toEqual([
      { reference: "r-rubble-a.jpg", redacted: true },
      { reference: "r-rubble-b.jpg", redacted: false },
    ]);
    const own = await send("get", at("/reports/r-rubble"), zhou.bearer, 200);
    expect(own.body.photos).toEqual(["r-rubble-b.jpg"]);
    const shown = await send("get", at("/public-reports"), zhou.bearer, 200);
    expect(shown.body.items).toContainEqual(
      expect.objectContaining({ reportId: "r-rubble", photos: ["r-rubble-b.jpg"] }),
    );
    const again = await send("post", at("/reports/r-rubble/photo-redactions"), staff, 422, {
      photo: "r-rubble-a.jpg",
      reason: "再次遮盖",
    });
    expect(again.body.code).toBe("report.photo_already_redacted");
  });
});
