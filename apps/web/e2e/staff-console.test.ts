import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  community,
  expectOk,
  launchChromium,
  openContext,
  openStationWithCourier,
  screenshot,
  seriousViolations,
  staffLogin,
  startWebStation,
  viewports,
  type WebStation,
} from "./harness";

/*
 * The staff console in Chromium against the real station program: staff verify a courier,
 * plan and publish an activity and see its check-in code (and a refused plan changes
 * nothing) and find it in the month's record, route and resolve a report, answer a
 * suggestion, and open the month's dashboard and download its .xlsx — each asserted on
 * what the page shows, in zh-CN and in English, with screenshots and axe-core on each
 * main page.
 */

let station: WebStation;
let browser: Browser;
let courierId: string;
let courierToken: string;
const at = (path: string) => `/v1/communities/${community}${path}`;

/** A day and time in Shanghai `days` from now, as the plan's pickers show it. */
const shanghaiLocal = (days: number, time: string): string => {
  const day = new Date(Date.now() + days * 86_400_000).toLocaleDateString("sv-SE", {
    timeZone: "Asia/Shanghai",
  });
  return `${day} ${time}`;
};

/** Shanghai's local time `minutes` from now, as the plan's pickers show it. */
const shanghaiIn = (minutes: number): string =>
  new Date(Date.now() + minutes * 60_000)
    .toLocaleString("sv-SE", { timeZone: "Asia/Shanghai" })
    .slice(0, 16);

/** Types a day and time into a date picker as a keyboard user does, and checks it took it. */
const typeDate = async (field: Locator, value: string) => {
  await field.click();
  await field.fill(value);
  await field.press("Enter");
  expect(await field.inputValue()).toBe(value);
};

/** The open date picker's panel. */
const pickerPanel = (page: Page) => page.locator(".ant-picker-dropdown").filter({ visible: true });

beforeAll(async () => {
  [station, browser] = await Promise.all([startWebStation(), launchChromium()]);
  ({ courierId, courierToken } = await openStationWithCourier(station, "13800138021"));
});
afterAll(async () => {
  await browser?.close();
  await station?.close();
});

/** The browser storage of a staff sign-in per language: sign-ins are limited per login, so the tests sign in once each. */
const signedInStorage = new Map<string, Awaited<ReturnType<BrowserContext["storageState"]>>>();

/** Opens the console at a page, signs in as staff and waits for the console's bar. */
const staffPage = async (
  size: "desktop" | "phone",
  language: "zh-CN" | "en",
  path: string,
): Promise<Page> => {
  const known = signedInStorage.get(language);
  const context =
    known === undefined
      ? await openContext(browser, size, language)
      : await browser.newContext({
          viewport: viewports[size],
          locale: language,
          timezoneId: "Asia/Shanghai",
          storageState: known,
        });
  await context.addInitScript((chosen) => {
    window.localStorage.setItem("courier-station.language", chosen);
  }, language);
  const page = await context.newPage();
  await page.goto(`${station.url}${path}`);
  if (known !== undefined) {
    await page
      .getByRole("button", { name: language === "zh-CN" ? /退\s*出/ : "Sign out" })
      .waitFor({ timeout: 30_000 });
    return page;
  }
  await page.getByLabel(language === "zh-CN" ? "账号" : "Login").fill(staffLogin.login);
  await page.getByLabel(language === "zh-CN" ? "密码" : "Password").fill(staffLogin.password);
  await page.getByRole("button", { name: language === "zh-CN" ? /登\s*录/ : "Sign in" }).click();
  await page
    .getByRole("button", { name: language === "zh-CN" ? /退\s*出/ : "Sign out" })
    .waitFor({ timeout: 30_000 });
  signedInStorage.set(language, await context.storageState());
  return page;
};

/** Screenshots and axe-core on a page at both sizes. */
const lookAt = async (path: string, name: string, language: "zh-CN" | "en", ready: string) => {
  for (const size of ["desktop", "phone"] as const) {
    const page = await staffPage(size, language, path);
    await page.getByText(ready).first().waitFor();
    await screenshot(page, `staff-${name}.${size}.${language}`);
    expect(await seriousViolations(page), `${name} at ${size}`).toEqual([]);
    await page.context().close();
  }
};

it("staff verify a registered courier from the queue (zh-CN)", async () => {
  const page = await staffPage("desktop", "zh-CN", "/staff/verification");
  await page.getByRole("heading", { name: "小哥报到核验" }).waitFor();
  await page.getByRole("cell", { name: "小王", exact: true }).waitFor();
  await page.getByRole("button", { name: "通过 小王" }).click();
  await page.getByText("队列已清空，没有待核验的小哥").waitFor();
  await page.context().close();
  const courier = await station.api<{ status: string }>("GET", at(`/couriers/${courierId}`), {
    token: await station.staffToken(),
  });
  expect(courier.body.status).toBe("active");
  await lookAt("/staff/verification", "verification", "zh-CN", "小哥报到核验");
});

it("staff plan and publish an activity and see its check-in code; a refused plan changes nothing (en)", async () => {
  const page = await staffPage("desktop", "en", "/staff/activities");
  await page.getByRole("button", { name: "Plan an activity" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Title", { exact: true }).fill("River clean-up");
  await dialog.getByLabel("Station").click();
  await page.getByTitle("Wanda Station").click();
  await dialog.getByLabel("Place", { exact: true }).fill("Bridge 3, Shanyang river");
  // The picker speaks the page's language, whatever the browser's.
  await dialog.getByLabel("Starts at").click();
  const panel = pickerPanel(page);
  await panel.getByRole("button", { name: "OK" }).waitFor();
  expect(await panel.textContent()).toMatch(
    /(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ?\d{4}/,
  );
  expect(await panel.textContent()).not.toMatch(/[\u4e00-\u9fff]/);
  await screenshot(page, "staff-activity-picker.desktop.en");
  // Ends before it starts: the service refuses, the page says why, nothing is planned.
  await typeDate(dialog.getByLabel("Starts at"), shanghaiLocal(2, "16:00"));
  await typeDate(dialog.getByLabel("Ends at"), shanghaiLocal(2, "15:00"));
  await dialog.getByRole("button", { name: "Save as draft" }).click();
  const refusal = dialog.getByRole("alert");
  await refusal.waitFor();
  expect((await refusal.textContent())?.length ?? 0).toBeGreaterThan(3);
  const none = await station.api<{ items: unknown[] }>("GET", at("/activities"), {
    token: await station.staffToken(),
  });
  expect(none.body.items).toEqual([]);
  const startsAt = shanghaiIn(10);
  const endsAt = shanghaiIn(130);
  await typeDate(dialog.getByLabel("Starts at"), startsAt);
  await typeDate(dialog.getByLabel("Ends at"), endsAt);
  await dialog.getByRole("button", { name: "Save as draft" }).click();
  const drawer = page.locator(".ant-drawer");
  await drawer.getByText("Made when the activity starts").waitFor();
  // The service got the minutes typed, as instants in Shanghai's time.
  const planned = await station.api<{
    items: ReadonlyArray<{ details: { startsAt: string; endsAt: string } }>;
  }>("GET", at("/activities"), { token: await station.staffToken() });
  const shanghai = (local: string) => new Date(`${local.replace(" ", "T")}:00+08:00`).toISOString();
  expect(planned.body.items.map((item) => item.details)).toMatchObject([
    { startsAt: shanghai(startsAt), endsAt: shanghai(endsAt) },
  ]);
  await drawer.getByRole("button", { name: "Publish" }).click();
  await drawer.getByRole("button", { name: "Start" }).click();
  const code = drawer.getByTestId("check-in-code");
  await code.waitFor();
  expect(await code.textContent()).toMatch(/^\w{4,8}$/);
  await drawer.getByRole("button", { name: "Show QR code full screen" }).click();
  await page.getByRole("img", { name: "Check-in QR code" }).waitFor();
  await screenshot(page, "staff-activity-qr.desktop.en");
  await page.context().close();
  await lookAt("/staff/activities", "activities", "en", "River clean-up");

  // The month's record, reached with the month picker from another month, shows the
  // activity with its status, and narrows to a status.
  const month = startsAt.slice(0, 7);
  const [year, monthNumber] = [month.slice(0, 4), Number(month.slice(5))];
  const other = `${year}-${monthNumber === 1 ? "02" : "01"}`;
  const record = await staffPage("desktop", "en", `/staff/activities?month=${other}`);
  const byMonth = record.getByRole("region", { name: "By month" });
  await byMonth.getByText("No activity in this month").waitFor();
  const abbreviations = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
  await byMonth.getByLabel("Month").click();
  await pickerPanel(record)
    .getByText(abbreviations[monthNumber - 1] ?? "", { exact: true })
    .click();
  const row = byMonth.getByRole("row").filter({ hasText: "River clean-up" });
  await row.getByText("Started").waitFor();
  expect(new URL(record.url()).searchParams.get("month")).toBe(month);
  await record.goto(`${station.url}/staff/activities?month=${month}&status=completed`);
  await byMonth.getByText("No activity in this month").waitFor();
  await record.context().close();
});

it("staff route and then resolve a courier's report (zh-CN)", async () => {
  expectOk(
    await station.api("POST", at("/reports"), {
      token: courierToken,
      body: {
        reportId: "r-web-1",
        category: "river-patrol",
        description: "河面有大片漂浮垃圾",
        location: { point: { latitude: 30.7416, longitude: 121.3464 }, address: "龙胜路桥下" },
        observedAt: new Date(Date.now() - 3_600_000).toISOString(),
      },
    }),
    "submit a report",
  );
  const page = await staffPage("desktop", "zh-CN", "/staff/reports");
  const row = page.getByRole("row", { name: /河面有大片漂浮垃圾/ });
  await row.getByRole("button", { name: "受理派单" }).click();
  await page.getByRole("dialog").getByLabel("说明").fill("已转河长办处理");
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /确\s*定/ })
    .click();
  await row.getByText("已派单").waitFor();
  await row.getByRole("button", { name: "已解决" }).click();
  await page.getByRole("dialog").getByLabel("说明").fill("垃圾已清理");
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /确\s*定/ })
    .click();
  await row.getByText("已解决").first().waitFor();
  await expect
    .poll(async () => (await row.locator(".ant-tag").allTextContents()).join(" "))
    .toContain("已解决");
  await page.context().close();
  await lookAt("/staff/reports", "reports", "zh-CN", "民情前哨 · 问题上报");
});

it("staff answer a courier's suggestion (en)", async () => {
  expectOk(
    await station.api("POST", at("/suggestions"), {
      token: courierToken,
      body: { suggestionId: "s-web-1", topic: "station-services", text: "希望驿站晚上多开一小时" },
    }),
    "submit a suggestion",
  );
  const page = await staffPage("desktop", "en", "/staff/suggestions");
  const row = page.getByRole("row", { name: /希望驿站晚上多开一小时/ });
  await row.getByRole("button", { name: "Answer" }).click();
  await page
    .getByRole("dialog")
    .getByLabel("Text")
    .fill("From next month the station closes at 22:00.");
  await page.getByRole("dialog").getByRole("button", { name: "OK" }).click();
  await row.getByText("Answered").waitFor();
  await page.context().close();
  const seen = await station.api<{ response?: { text: string } }>(
    "GET",
    at("/suggestions/s-web-1"),
    {
      token: courierToken,
    },
  );
  expect(seen.body.response?.text).toBe("From next month the station closes at 22:00.");
  await lookAt("/staff/suggestions", "suggestions", "en", "Suggestion inbox");
});

it("staff open the month's dashboard and download its report as .xlsx (zh-CN and en)", async () => {
  const month = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" }).slice(0, 7);
  for (const language of ["zh-CN", "en"] as const) {
    const page = await staffPage("desktop", language, `/staff/dashboard?month=${month}`);
    await page
      .getByText(language === "zh-CN" ? "参与人次" : "Participations")
      .first()
      .waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page
        .getByRole("button", {
          name: language === "zh-CN" ? "下载月报（Excel）" : "Download monthly report (.xlsx)",
        })
        .click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await expect.poll(() => page.locator(".ant-btn-loading").count()).toBe(0);
    const file = readFileSync((await download.path()) ?? "");
    expect(file.subarray(0, 2).toString("latin1")).toBe("PK");
    await page.mouse.move(0, 0);
    await screenshot(page, `staff-dashboard.desktop.${language}`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  }
  await lookAt(`/staff/dashboard?month=${month}`, "dashboard", "zh-CN", "统计看板");

  // The month picker follows the page's language, not the browser's: a zh-CN page in an
  // English browser names its months in Chinese, then in English after the switch, and the
  // month it asks for is the same `YYYY-MM` either way.
  const signedIn = signedInStorage.get("zh-CN");
  if (signedIn === undefined) return expect.fail("staff signed in in zh-CN above");
  const context = await browser.newContext({
    viewport: viewports.desktop,
    locale: "en-US",
    timezoneId: "Asia/Shanghai",
    storageState: signedIn,
  });
  await context.addInitScript(() => {
    window.localStorage.setItem("courier-station.language", "zh-CN");
  });
  const page = await context.newPage();
  await page.goto(`${station.url}/staff/dashboard?month=${month}`);
  const year = month.slice(0, 4);
  const monthField = page.getByLabel("月份");
  await expect.poll(() => monthField.inputValue()).toBe(`${year}年${Number(month.slice(5))}月`);
  await monthField.click();
  const panel = pickerPanel(page);
  await panel.getByText("1月", { exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("month")).toBe(`${year}-01`);
  await expect.poll(() => monthField.inputValue()).toBe(`${year}年1月`);
  await page.getByRole("button", { name: "Switch to English" }).click();
  const englishField = page.getByLabel("Month", { exact: true });
  await expect.poll(() => englishField.inputValue()).toBe(`Jan ${year}`);
  await englishField.click();
  await panel.getByText("Feb", { exact: true }).waitFor();
  await screenshot(page, "staff-dashboard-month.desktop.en");
  await context.close();
});
