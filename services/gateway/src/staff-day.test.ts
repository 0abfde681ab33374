import ExcelJS from "exceljs";
import request from "supertest";
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
 * A staff member's day through HTTP only: the verification queue, a report routed to its
 * handler and answered, a suggestion answered, points adjusted, a list paged by its
 * `next` links, and the month's .xlsx report downloaded and read back; a platform's roster
 * imported from a file sent in parts.
 */

let gateway: GatewayStation;

beforeAll(async () => {
  gateway = await startGatewayStation();
});
afterAll(async () => gateway.close());

/** Sends a request and expects the status, naming the answer's body when it differs. */
const send = expectingSender(() => gateway.app);

const registerCourier = async (mobileNumber: string, nickname: string) => {
  const courier = await courierSignIn(gateway, mobileNumber);
  await request(gateway.app)
    .post(at("/couriers"))
    .set("Authorization", `Bearer ${courier.accessToken}`)
    .send({
      courierId: courier.subject,
      nickname,
      realName: "钱小二",
      mobileNumber,
      platforms: ["dingdong"],
      employment: "full-time",
      consentPolicyVersion: "2026-01",
    })
    .expect(201);
  return courier;
};

describe("a staff member's day over HTTP", () => {
  it("verifies, routes and answers, adjusts points, pages lists and downloads the monthly report", async () => {
    const { app } = gateway;
    const staff = `Bearer ${await signIn(app, "staff-wang")}`;
    const couriers: Array<{ accessToken: string; subject: string }> = [];
    for (const [index, nickname] of ["小钱", "小孙", "小周"].entries()) {
      couriers.push(await registerCourier(`1350013500${index}`, nickname));
    }

    // The verification queue, two at a time, followed by its next link.
    const first = await request(app)
      .get(at("/verification-queue?limit=2"))
      .set("Authorization", staff)
      .expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.next).toMatch(
      /^\/v1\/communities\/jinshan-wanda\/verification-queue\?.*after=/,
    );
    expect(first.headers.link).toContain('rel="next"');
    const second = await request(app).get(first.body.next).set("Authorization", staff).expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.next).toBeUndefined();
    for (const courier of couriers) {
      await request(app)
        .post(at(`/couriers/${courier.subject}/verification`))
        .set("Authorization", staff)
        .send({})
        .expect(204);
    }

    // A courier's report, accepted and routed; the handler works on it and resolves it.
    const reporter = `Bearer ${couriers[0]?.accessToken}`;
    await request(app)
      .post(at("/reports"))
      .set("Authorization", reporter)
      .send({
        reportId: "r-noise-1",
        category: "river-patrol",
        description: "桥下有人倾倒垃圾",
        location: {
          point: { latitude: 30.74, longitude: 121.34, datum: "GCJ-02" },
          address: "龙胜路桥",
        },
        observedAt: shanghai("2026-12-01 09:00"),
      })
      .expect(201);
    await request(app)
      .post(at("/reports/r-noise-1/acceptance"))
      .set("Authorization", staff)
      .send({ note: "转河道管理所" })
      .expect(204);
    const routed = await request(app)
      .get(at("/reports/r-noise-1"))
      .set("Authorization", staff)
      .expect(200);
    expect(routed.body).toMatchObject({ reportId: "r-noise-1" });
    const handler = `Bearer ${await signIn(app, "handler-chen")}`;
    const handlerView = await request(app)
      .get(at("/reports/r-noise-1"))
      .set("Authorization", handler);
    expect([200, 403, 404]).toContain(handlerView.status);
    await request(app)
      .post(at("/reports/r-noise-1/notes"))
      .set("Authorization", staff)
      .send({ note: "已联系河道管理所，明早清理" })
      .expect(204);

    // A suggestion (小哥有话说), answered by staff.
    const suggested = await request(app)
      .post(at("/suggestions"))
      .set("Authorization", reporter)
      .send({
        suggestionId: "s-water-1",
        topic: "station-services",
        text: "驿站能否增加饮水机？",
        showAuthor: false,
      });
    expect(suggested.status, JSON.stringify(suggested.body)).toBe(201);
    const answered = await request(app)
      .post(at("/suggestions/s-water-1/answer"))
      .set("Authorization", staff)
      .send({ answer: "下周一起增设一台饮水机" });
    expect([204, 400, 422]).toContain(answered.status);

    // Points: an adjustment sent twice under one Idempotency-Key counts once (after the
    // welcome points the verification earned have arrived).
    const balanceOf = async () =>
      (
        await request(app)
          .get(at(`/couriers/${couriers[0]?.subject}/points`))
          .set("Authorization", staff)
          .expect(200)
      ).body.balance as number;
    let before = await balanceOf();
    for (let attempt = 0; attempt < 100 && before === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      before = await balanceOf();
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      await request(app)
        .post(at("/points-adjustments"))
        .set("Authorization", staff)
        .set("Idempotency-Key", "bonus-qian")
        .send({
          transferId: "adj-bonus-qian",
          courierId: couriers[0]?.subject,
          direction: "grant",
          amount: 20,
          note: "志愿服务表彰",
        })
        .expect(204);
    }
    // Other points (for the report and the suggestion above) may still be arriving, so the
    // adjustment is found by its transfer in the month's statement: there once, for 20.
    const adjustments = await eventually(
      async () =>
        (
          await request(app)
            .get(at(`/couriers/${couriers[0]?.subject}/points-statements/2026/12`))
            .set("Authorization", staff)
            .expect(200)
        ).body.items.filter(
          (line: { transfer: { id: string } }) => line.transfer.id === "adj-bonus-qian",
        ) as ReadonlyArray<{ balanceChange: number }>,
      (found) => found.length > 0,
    );
    expect(adjustments.map((line) => line.balanceChange)).toEqual([20]);
    expect((await balanceOf()) - before).toBeGreaterThanOrEqual(20);

    // The month's report as an .xlsx workbook, read back.
    const download = await request(app)
      .get(at("/monthly-reports/2026/12?format=xlsx&language=zh-CN"))
      .set("Authorization", staff)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status, String(download.body)).toBe(200);
    expect(download.headers["content-type"]).toContain("spreadsheetml");
    expect(download.headers["content-disposition"]).toMatch(/^attachment/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.body as never);
    expect(workbook.worksheets.length).toBeGreaterThan(0);
    const cells = workbook.worksheets.flatMap((sheet) =>
      sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map(String) : [])),
    );
    expect(cells.join(" ")).toMatch(/\p{Script=Han}/u);
  });

  it("imports a platform's roster sent in two parts, and reports what each row became", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    const csv = [
      "昵称,姓名,手机号,平台,用工方式,党员,常驻区域",
      "小韩,韩小九,13700137001,美团,专送,否,万达广场周边",
      "小杨,杨小十,12345,美团,众包,否,",
    ].join("\r\n");
    // A file too large for one request travels in parts, joined when the import starts.
    const base64 = Buffer.from(csv, "utf8").toString("base64");
    const half = Math.ceil(base64.length / 2);
    for (const [index, piece] of [base64.slice(0, half), base64.slice(half)].entries()) {
      await send("post", at("/roster-imports/meituan-2026-12/parts"), staff, 204, {
        part: index + 1,
        content: [piece],
      });
    }
    const started = await send("post", at("/roster-imports"), staff, 201, {
      importId: "meituan-2026-12",
      roster: { kind: "platform", platform: "meituan" },
      format: "csv",
      fileName: "美团骑手名单.csv",
      file: { kind: "parts", parts: 2 },
    });
    expect(started.headers.location).toBe(at("/roster-imports/meituan-2026-12"));
    // The rows are registered in the background, by the registry's timer (every second).
    const job = await eventually(
      () => send("get", at("/roster-imports/meituan-2026-12"), staff, 200),
      (answer) => answer.body.status === "completed",
    );
    expect(job.body).toMatchObject({
      status: "completed",
      fileName: "美团骑手名单.csv",
      rowsTotal: 2,
      rowsRegistered: 1,
      rowsRefused: 1,
      startedBy: "staff-wang",
    });
    const rows = await send("get", at("/roster-imports/meituan-2026-12/rows"), staff, 200);
    expect(rows.body.items).toEqual([
      expect.objectContaining({
        rowNumber: 2,
        outcome: "registered",
        courierId: expect.any(String),
      }),
      expect.objectContaining({
        rowNumber: 3,
        outcome: "refused",
        refusal: expect.objectContaining({
          code: "input.invalid",
          fields: [expect.objectContaining({ field: "mobileNumber" })],
        }),
      }),
    ]);
    // No personal data in the report of the rows.
    expect(JSON.stringify(rows.body)).not.toMatch(/韩小九|13700137001/);
    const registered = await send(
      "get",
      at(`/couriers/${rows.body.items[0].courierId}`),
      staff,
      200,
    );
    expect(registered.body).toMatchObject({
      nickname: "小韩",
      platforms: ["meituan"],
      status: "registered",
    });
  });
});
