import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  community,
  expectOk,
  horizontalOverflow,
  launchChromium,
  openSignedInContext,
  openStationWithCourier,
  screenshot,
  seriousViolations,
  signInWithCode,
  signInWithPassword,
  staffLogin,
  startWebStation,
  type WebStation,
} from "./harness";

/*
 * The programme's whole cycle (服务小哥、小哥反哺) in one station and one browser, each
 * person on their own pages: staff publish an activity, the courier signs up and checks in
 * with the typed code, staff complete it and the courier sees the points arrive and the
 * month's statement; the courier reports a problem with a photo and confirms it is fixed;
 * the courier posts a wish, staff approve it onto the wall, a sponsor claims it and marks it
 * handed over, the courier thanks them and the sponsor reads the thanks; staff see the
 * participation in the dashboard's chart by week. Setup the pages are not about (opening
 * the station, registering the courier, signing in) goes over the API, and each person's
 * sign-in is put in their browser's storage as the sign-in page would.
 */

let station: WebStation;
let browser: Browser;
let courierId: string;
let staffToken: string;
const at = (path: string) => `/v1/communities/${community}${path}`;
const violations: string[] = [];
const mobileNumber = "13800138077";
const activityTitle = "万达广场护河行动";
const wishTitle = "一副防水骑行手套";
const reportText = "桥下河面漂着一片塑料垃圾";
const thanks = "手套很暖和，谢谢万达影城！";

/** When the activity starts: in ten minutes, so staff may start it now. */
const startsAt = new Date(Date.now() + 10 * 60_000);
/** The activity's local month in Shanghai, `YYYY-MM`, the one the dashboard shows. */
const activityMonth = startsAt
  .toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" })
  .slice(0, 7);

/** A 1×1 PNG, the photo the courier takes. */
const photo = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

const pages = new Map<"courier" | "staff" | "sponsor", Page>();

beforeAll(async () => {
  [station, browser] = await Promise.all([startWebStation(), launchChromium()]);
  let courierToken: string;
  ({
    staff: staffToken,
    courierId,
    courierToken,
  } = await openStationWithCourier(station, mobileNumber));
  expectOk(
    await station.api("POST", at(`/couriers/${courierId}/verification`), {
      token: staffToken,
      body: {},
    }),
    "verify",
  );
  expectOk(
    await station.api("POST", at("/activities"), {
      token: staffToken,
      body: {
        activityId: "river-walk",
        details: {
          title: activityTitle,
          kind: "community-event",
          organiser: { kind: "station", stationId: "wanda" },
          stationId: "wanda",
          place: { description: "山阳河 3 号桥" },
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
          capacity: 10,
          signUpRequired: true,
          volunteerHours: 2,
        },
      },
    }),
    "plan the activity (a draft)",
  );
  expectOk(
    await station.api("POST", at("/sponsors"), {
      token: staffToken,
      body: {
        sponsorId: "wanda-cinema",
        kind: "merchant",
        displayName: "万达影城",
        shop: { name: "万达影城", location: "万达广场 4 楼" },
      },
    }),
    "register the sponsor",
  );
  expectOk(
    await station.api("POST", at("/accounts"), {
      token: staffToken,
      body: {
        login: "cinema",
        password: staffLogin.password,
        role: "sponsor",
        subject: "wanda-cinema",
      },
    }),
    "the sponsor's account",
  );
  // The sessions the pages keep: the courier signs in again for a whole one (with its
  // refresh token), staff and the sponsor with their passwords.
  const courier = await signInWithCode(station, mobileNumber);
  expect(courier.subject).toBe(courierId);
  expect(courierToken).not.toBe("");
  const signedIn = {
    courier,
    staff: await signInWithPassword(station, staffLogin.login, staffLogin.password),
    sponsor: await signInWithPassword(station, "cinema", staffLogin.password),
  };
  for (const who of ["courier", "staff", "sponsor"] as const) {
    const size = who === "staff" ? "desktop" : "phone";
    const language = who === "sponsor" ? "en" : "zh-CN";
    const context = await openSignedInContext(browser, signedIn[who], size, language);
    pages.set(who, await context.newPage());
  }
});
afterAll(async () => {
  await browser?.close();
  await station?.close();
});

const pageOf = (who: "courier" | "staff" | "sponsor"): Page => {
  const page = pages.get(who);
  if (page === undefined) throw new Error(`no page for ${who}`);
  return page;
};

/** Opens a path of the app on a person's page. */
const open = async (who: "courier" | "staff" | "sponsor", path: string): Promise<Page> => {
  const page = pageOf(who);
  await page.goto(`${station.url}${path}`);
  return page;
};

/** The text box or area a label names (its aria-label), on the courier's pages. */
const field = (page: Page, label: string) =>
  page.locator(`input[aria-label="${label}"], textarea[aria-label="${label}"]`);

/** A screenshot (the phone must not scroll sideways) and axe-core's serious findings kept. */
const look = async (page: Page, name: string) => {
  const phone = (page.viewportSize()?.width ?? 0) < 500;
  await page.mouse.move(0, 0);
  if (phone) expect(await horizontalOverflow(page), name).toBeLessThanOrEqual(0);
  await screenshot(page, `cycle-${name}.${phone ? "phone" : "desktop"}`);
  violations.push(...(await seriousViolations(page)).map((found) => `${name}: ${found}`));
};

/** The courier's available points as the home page shows them. */
const availablePoints = async (page: Page): Promise<number> => {
  const shown = page.getByTestId("points-available");
  await expect.poll(() => shown.textContent(), { timeout: 15_000 }).toMatch(/^\d/);
  return Number((await shown.textContent())?.replace(/\D/g, ""));
};

describe("the whole cycle in one station", () => {
  let pointsBefore = 0;
  let checkInCode = "";

  it("staff publish the activity, the courier signs up and checks in with the typed code", async () => {
    const courier = await open("courier", "/");
    pointsBefore = await availablePoints(courier);
    const staff = await open("staff", "/staff/activities?activity=river-walk");
    const drawer = staff.locator(".ant-drawer");
    await drawer.getByText(activityTitle).first().waitFor();
    await drawer.getByRole("button", { name: /发\s*布/ }).click();
    await drawer.getByRole("button", { name: "开始活动" }).waitFor();

    await courier.getByText("活动", { exact: true }).click();
    await courier.getByText(activityTitle).first().waitFor();
    await courier.getByRole("button", { name: /报\s*名/ }).click();
    await courier.getByText("已报名").first().waitFor();

    await drawer.getByRole("button", { name: "开始活动" }).click();
    const code = drawer.getByTestId("check-in-code");
    await code.waitFor();
    checkInCode = (await code.textContent()) ?? "";
    expect(checkInCode).toMatch(/^\w{4,8}$/);

    await field(courier, `${activityTitle} 的签到码`).fill(checkInCode);
    await courier.getByRole("button", { name: /^签\s*到$/ }).click();
    await courier.getByText("已签到").first().waitFor();
    await look(courier, "activities-checked-in");
  });

  it("staff complete the activity and the courier sees the points arrive, in the month's statement too", async () => {
    const staff = pageOf("staff");
    const drawer = staff.locator(".ant-drawer");
    await drawer.getByRole("button", { name: "结束活动" }).click();
    // The confirmation is a modal beside the drawer (both are dialogs, in no fixed DOM order),
    // so its button is found inside the modal rather than in whichever dialog comes last.
    await staff.locator(".ant-modal-confirm").getByRole("button", { name: "结束活动" }).click();
    await staff.getByText("已完成").first().waitFor();
    await look(staff, "activity-completed");

    const courier = await open("courier", "/");
    await expect
      .poll(
        async () => {
          await courier.reload();
          return availablePoints(courier);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBeGreaterThan(pointsBefore);
    await look(courier, "home-points-arrived");
    await courier.getByText("积分", { exact: true }).click();
    const statement = courier.locator('section[aria-labelledby="statement-title"]');
    await statement.locator(".adm-list-item", { hasText: /\+\d/ }).first().waitFor();
    // The activity's own line, not only the registration reward that came before it.
    await statement.locator(".adm-list-item", { hasText: "参加活动" }).waitFor();
    expect(await statement.textContent()).toMatch(/获得 [1-9]/);
    await look(courier, "points-statement");
  });

  it("the courier's report with a photo is resolved, and the courier confirms it is fixed", async () => {
    // The courier files it on the report page: a typed place, a category of the policy in
    // force, a few words and a photo.
    const filing = await open("courier", "/report");
    await filing
      .getByRole("textbox", { name: "地点（路名、门牌或附近地标）" })
      .fill("山阳河 3 号桥");
    await filing.getByText("护河巡河", { exact: true }).click();
    await filing.getByPlaceholder("看到了什么？").fill(reportText);
    const photoField = filing.getByRole("group", { name: "照片（可选）" });
    // Something that is not a photo is refused at once, in the page's words.
    await photoField
      .getByLabel("拍照或选照片")
      .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hi") });
    await photoField.getByRole("alert").getByText("这不是照片").waitFor();
    expect(await photoField.locator("img").count()).toBe(0);
    await photoField
      .getByLabel("拍照或选照片")
      .setInputFiles({ name: "river.png", mimeType: "image/png", buffer: photo });
    // Its preview, which can be removed again before sending, and chosen again.
    await photoField.getByRole("img", { name: "已选的照片，点按放大" }).waitFor();
    expect(await photoField.getByRole("alert").count()).toBe(0);
    await photoField.getByRole("button", { name: "删除照片" }).click();
    await expect.poll(() => photoField.locator("img").count()).toBe(0);
    await photoField
      .getByLabel("拍照或选照片")
      .setInputFiles({ name: "river.png", mimeType: "image/png", buffer: photo });
    await photoField.getByRole("img", { name: "已选的照片，点按放大" }).waitFor();
    await look(filing, "report-photo");
    await filing.getByRole("button", { name: "下一步" }).click();
    await filing.getByRole("button", { name: "发送报告" }).click();
    await filing.getByText("已发送。服务站受理后会派给处理人").waitFor();
    await look(filing, "report-sent");
    // The form is empty again for the next problem, the photo too.
    expect(await photoField.locator("img").count()).toBe(0);
    expect(await photoField.getByRole("button", { name: "删除照片" }).count()).toBe(0);
    expect(await photoField.getByText("拍照或选照片").isVisible()).toBe(true);
    // The list is a read model: it has the report a moment after the page's answer.
    let reportId: string | undefined;
    await expect
      .poll(
        async () => {
          const listed = await station.api<{
            items: ReadonlyArray<{ reportId: string; description: string }>;
          }>("GET", at("/reports?limit=50"), { token: staffToken });
          reportId = listed.body.items.find((item) => item.description === reportText)?.reportId;
          return reportId;
        },
        { timeout: 15_000, interval: 300 },
      )
      .toBeDefined();
    const detail = await station.api<{ photos: ReadonlyArray<string> }>(
      "GET",
      at(`/reports/${reportId}`),
      { token: staffToken },
    );
    expect(detail.body.photos).toHaveLength(1);
    // Staff accept and resolve it (their inbox has its own test).
    for (const [step, note] of [
      ["acceptance", "已转河长办"],
      ["resolution", "垃圾已清理"],
    ] as const) {
      expectOk(
        await station.api("POST", at(`/reports/${reportId}/${step}`), {
          token: staffToken,
          body: { note },
        }),
        step,
      );
    }
    const courier = await open("courier", "/report");
    const fixed = courier.getByRole("button", { name: "修好了吗？是的，已修好" });
    await fixed.waitFor();
    await look(courier, "report-is-it-fixed");
    await fixed.click();
    await expect
      .poll(
        async () =>
          (
            await station.api<{ status: string }>("GET", at(`/reports/${reportId}`), {
              token: staffToken,
            })
          ).body.status,
        { timeout: 15_000, interval: 300 },
      )
      .toBe("closed");
    await courier.reload();
    await courier.getByRole("heading", { name: "我的报告" }).waitFor();
    await expect.poll(() => fixed.count(), { timeout: 10_000 }).toBe(0);
  });

  it("the courier posts a wish, staff approve it onto the wall, a sponsor claims it and marks it handed over", async () => {
    const courier = await open("courier", "/wishes");
    await courier.getByRole("button", { name: "许心愿" }).click();
    await field(courier, "心愿（想要什么）").fill(wishTitle);
    await field(courier, "估计价值（元）").fill("80");
    await courier.getByRole("button", { name: "提交心愿" }).click();
    await courier.getByText(wishTitle).first().waitFor();

    const staff = await open("staff", "/staff/wishes");
    const row = staff.getByRole("row", { name: new RegExp(wishTitle) });
    await row.getByRole("button", { name: "通过并上墙" }).click();
    await staff.getByText("没有待审核的心愿").waitFor();

    const sponsor = await open("sponsor", "/sponsor");
    const card = sponsor.locator(".ant-card", { hasText: wishTitle });
    await card.waitFor();
    // The wall shows the wish, never who the courier is.
    expect(await sponsor.content()).not.toContain(mobileNumber);
    expect(await sponsor.content()).not.toContain("王小明");
    await card.getByRole("button", { name: "Claim this wish" }).click();
    await sponsor.getByText("Claimed. Thank you!").waitFor();
    await sponsor.getByRole("dialog").getByRole("button", { name: "OK" }).click();

    await open("sponsor", "/sponsor/claims");
    const waiting = sponsor.locator(".ant-card", { hasText: "To hand over" });
    await waiting.getByText(wishTitle).waitFor();
    await look(sponsor, "sponsor-claims-to-hand-over");
    await waiting.getByRole("button", { name: "Mark handed over" }).click();
    const confirm = sponsor.getByRole("dialog");
    await confirm
      .locator(".ant-modal-confirm-title", { hasText: `Has “${wishTitle}” reached the courier?` })
      .waitFor();
    await look(sponsor, "sponsor-confirm-hand-over");
    await confirm.getByRole("button", { name: "Yes, handed over" }).click();
    const history = sponsor.locator(".ant-card", { hasText: "History and thanks" });
    await history.getByText(wishTitle).waitFor({ timeout: 15_000 });
    expect(await sponsor.locator(".ant-card", { hasText: "To hand over" }).count()).toBe(0);
  });

  it("the courier thanks the sponsor, who reads the thanks", async () => {
    const courier = await open("courier", "/wishes");
    await courier.getByText("已实现").first().waitFor({ timeout: 15_000 });
    await field(courier, "给圆梦人的感谢").fill(thanks);
    await courier.getByRole("button", { name: /致\s*谢/ }).click();
    await expect
      .poll(() => courier.getByRole("button", { name: /致\s*谢/ }).count(), { timeout: 10_000 })
      .toBe(0);
    await look(courier, "wishes-thanked");

    const sponsor = await open("sponsor", "/sponsor/claims");
    await sponsor.getByText(thanks).waitFor({ timeout: 15_000 });
    expect(await sponsor.getByText("The courier's thanks:").count()).toBe(1);
    await look(sponsor, "sponsor-history-thanks");
  });

  it("staff see the participation in the month's chart by week, in zh-CN and in English", async () => {
    const staff = await open("staff", `/staff/dashboard?month=${activityMonth}`);
    const byWeek = staff.locator(".ant-card", { hasText: "每周参与人次" });
    await byWeek.waitFor();
    // One row per ISO week the month touches; the activity's week shows its one participation.
    const rows = byWeek.locator(".ant-table-tbody tr");
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    expect(await rows.count()).toBeLessThanOrEqual(6);
    const counts = (await rows.locator("td:last-child").allTextContents()).map(Number);
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(1);
    const labels = await rows.locator("td:first-child").allTextContents();
    for (const label of labels)
      expect(label).toMatch(/^第\d{1,2}周（\d{1,2}\/\d{1,2}(–\d{1,2}\/\d{1,2})?）$/);
    await byWeek.locator("canvas").first().waitFor();
    await look(staff, "dashboard-by-week.zh-CN");

    await staff.evaluate(() => window.localStorage.setItem("courier-station.language", "en"));
    await staff.reload();
    const inEnglish = staff.locator(".ant-card", { hasText: "Participations by week" });
    await inEnglish.waitFor();
    const englishLabels = await inEnglish
      .locator(".ant-table-tbody tr td:first-child")
      .allTextContents();
    expect(englishLabels.length).toBe(labels.length);
    for (const label of englishLabels) expect(label).toMatch(/^W\d{1,2} \(\d{1,2}\/\d{1,2}/);
    await look(staff, "dashboard-by-week.en");
  });

  it("finds no serious or critical accessibility violation on the pages it looked at", () => {
    expect(violations).toEqual([]);
  });
});
