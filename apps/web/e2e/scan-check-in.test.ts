import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  community,
  expectOk,
  horizontalOverflow,
  openContext,
  openSignedInContext,
  openStationWithCourier,
  type SignedIn,
  screenshot,
  screenshotDirectory,
  seriousViolations,
  signInWithCode,
  signInWithPassword,
  staffLogin,
  startWebStation,
  type WebStation,
} from "./harness";

/*
 * Checking in by scanning the activity's QR code with the phone's camera. The QR code is the
 * one the staff console shows full screen (an element screenshot of it), turned into a
 * Motion-JPEG file that Chromium's fake camera plays; the courier taps 扫码签到 and is checked
 * in once. A QR code of another activity is refused in the sheet; a refused camera says so
 * and the typed code still works. The same address opened by the phone's own camera app
 * shows the activity and checks in with one tap.
 */

let station: WebStation;
/** Without a fake camera prompt: the camera permission is refused. */
let plainBrowser: Browser;
/** With a fake camera playing the staff's QR code, permission given. */
let cameraBrowser: Browser | undefined;
let courierId: string;
let staffToken: string;
const directory = mkdtempSync(join(tmpdir(), "cs-scan-"));
const at = (path: string) => `/v1/communities/${community}${path}`;
const mobileNumber = "13800138055";
const violations: string[] = [];
const titles = {
  scan: "扫码签到测试活动",
  typed: "手动签到测试活动",
  other: "另一个活动",
} as const;

/** The courier's and the staff's sign-ins, which their pages start with. */
const signedIn: { courier?: SignedIn; staff?: SignedIn } = {};

/** Plans and publishes an activity without sign-up, starting in ten minutes. */
const publishActivity = async (activityId: string, title: string): Promise<void> => {
  const startsAt = new Date(Date.now() + 10 * 60_000);
  expectOk(
    await station.api("POST", at("/activities"), {
      token: staffToken,
      body: {
        activityId,
        details: {
          title,
          kind: "community-event",
          organiser: { kind: "station", stationId: "wanda" },
          stationId: "wanda",
          place: { description: "万达广场南门" },
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
          capacity: 10,
          signUpRequired: false,
          volunteerHours: 1,
        },
      },
    }),
    `plan ${activityId}`,
  );
  expectOk(
    await station.api("POST", at(`/activities/${activityId}/publication`), {
      token: staffToken,
      body: {},
    }),
    `publish ${activityId}`,
  );
};

beforeAll(async () => {
  [station, plainBrowser] = await Promise.all([
    startWebStation(),
    chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--use-fake-device-for-media-stream"],
    }),
  ]);
  ({ staff: staffToken, courierId } = await openStationWithCourier(station, mobileNumber));
  expectOk(
    await station.api("POST", at(`/couriers/${courierId}/verification`), {
      token: staffToken,
      body: {},
    }),
    "verify",
  );
  await publishActivity("scan-day", titles.scan);
  await publishActivity("typed-day", titles.typed);
  await publishActivity("other-day", titles.other);
  expectOk(
    await station.api("POST", at("/activities/scan-day/start"), { token: staffToken, body: {} }),
    "start scan-day (the service makes its code)",
  );
  expectOk(
    await station.api("POST", at("/activities/typed-day/start"), {
      token: staffToken,
      body: { checkInCode: "7315" },
    }),
    "start typed-day",
  );
  signedIn.courier = await signInWithCode(station, mobileNumber);
  signedIn.staff = await signInWithPassword(station, staffLogin.login, staffLogin.password);
});
afterAll(async () => {
  await cameraBrowser?.close();
  await plainBrowser?.close();
  await station?.close();
  rmSync(directory, { recursive: true, force: true });
});

/** A context signed in as a person, in zh-CN, at the phone or desktop size. */
const contextOf = (
  browser: Browser,
  who: "courier" | "staff",
  size: "phone" | "desktop",
): Promise<BrowserContext> => {
  const person = signedIn[who];
  if (person === undefined) throw new Error(`${who} has not signed in`);
  return openSignedInContext(browser, person, size, "zh-CN");
};

/** An activity's card on the courier's activities page. */
const card = (page: Page, title: string) => page.locator(".adm-card", { hasText: title });

/**
 * A screenshot (the phone must not scroll sideways; the sheet, fixed to the screen, as the
 * phone shows it) and axe-core's serious findings kept.
 */
const look = async (page: Page, name: string, what: "page" | "screen" = "page") => {
  expect(await horizontalOverflow(page), name).toBeLessThanOrEqual(0);
  if (what === "page") await screenshot(page, `scan-${name}.phone`);
  else {
    mkdirSync(screenshotDirectory, { recursive: true });
    await page.screenshot({ path: join(screenshotDirectory, `scan-${name}.phone.png`) });
  }
  violations.push(...(await seriousViolations(page)).map((found) => `${name}: ${found}`));
};

/** The courier's participation in an activity, as the roster (staff's API) has it. */
const rosterOf = async (activityId: string) => {
  const roster = await station.api<{
    items: ReadonlyArray<{ courierId: string; status: string; attendance?: string }>;
  }>("GET", at(`/activities/${activityId}/roster`), { token: staffToken });
  expectOk(roster, "roster");
  return roster.body.items.filter((item) => item.courierId === courierId);
};

describe("scan to check in", () => {
  it("a refused camera says so in the courier's language and the typed code still works", async () => {
    const context = await contextOf(plainBrowser, "courier", "phone");
    const page = await context.newPage();
    await page.goto(`${station.url}/activities`);
    const typed = card(page, titles.typed);
    await typed.getByRole("button", { name: `扫码签到：${titles.typed}` }).click();
    const problem = typed.getByTestId("camera-problem");
    await expect.poll(() => problem.textContent(), { timeout: 10_000 }).toMatch(/相机权限被拒绝/);
    expect(await page.getByRole("dialog").count()).toBe(0);
    await look(page, "camera-refused");
    await typed.locator(`input[aria-label="${titles.typed} 的签到码"]`).fill("7315");
    await typed.getByRole("button", { name: /^签\s*到$/ }).click();
    await typed.getByText("已签到").waitFor();
    expect(await rosterOf("typed-day")).toMatchObject([{ status: "attended" }]);
    await context.close();
  });

  it("reads the QR code staff show, refuses another activity's, and checks in once", async () => {
    // What staff show: the console's full-screen QR code, as the page draws it.
    const staffContext = await contextOf(plainBrowser, "staff", "desktop");
    const staff = await staffContext.newPage();
    await staff.goto(`${station.url}/staff/activities?activity=scan-day`);
    await staff.getByRole("button", { name: "全屏显示二维码" }).click();
    const qr = staff.locator(".ant-modal-body svg").first();
    await qr.waitFor();
    const png = await qr.screenshot();
    await staffContext.close();

    // Chromium's fake camera plays a Motion-JPEG file: JPEG frames one after another.
    const frame = await sharp(png)
      .resize(400, 400, { fit: "contain", background: "#ffffff" })
      .extend({ top: 40, bottom: 40, left: 120, right: 120, background: "#ffffff" })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 90 })
      .toBuffer();
    const video = join(directory, "staff-qr.mjpeg");
    writeFileSync(video, Buffer.concat(Array.from({ length: 10 }, () => frame)));
    cameraBrowser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    const context = await contextOf(cameraBrowser, "courier", "phone");
    const page = await context.newPage();
    await page.goto(`${station.url}/activities`);

    // Another activity's QR code is not this one's: the sheet says so and stays open.
    const other = card(page, titles.other);
    const otherButton = other.getByRole("button", { name: `扫码签到：${titles.other}` });
    await otherButton.click();
    const sheet = page.getByRole("dialog", { name: `扫码签到：${titles.other}` });
    await sheet.waitFor();
    expect(
      await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null),
    ).toBe(true);
    // What the courier sees: the sheet's words, or why scanning could not start.
    const shown = async () =>
      (await page.getByTestId("camera-problem").count()) > 0
        ? await page.getByTestId("camera-problem").textContent()
        : await sheet.textContent();
    await expect.poll(shown, { timeout: 15_000 }).toMatch(/这是另一个活动的签到码/);
    await look(page, "sheet-other-activity", "screen");
    await sheet.getByRole("button", { name: /取\s*消/ }).click();
    await sheet.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(
      `扫码签到：${titles.other}`,
    );
    // Closing the sheet stops the camera: no live track is left.
    expect(
      await page.evaluate(() =>
        [...document.querySelectorAll("video")].some(
          (element) =>
            element.srcObject instanceof MediaStream &&
            element.srcObject.getTracks().some((track) => track.readyState === "live"),
        ),
      ),
    ).toBe(false);
    expect(await rosterOf("other-day")).toEqual([]);

    // This activity's QR code: filled in, sent, checked in.
    const scan = card(page, titles.scan);
    await scan.getByRole("button", { name: `扫码签到：${titles.scan}` }).click();
    await scan.getByText("已签到").waitFor({ timeout: 15_000 });
    expect(await page.getByRole("dialog").count()).toBe(0);
    await look(page, "checked-in");
    const checkedIn = await rosterOf("scan-day");
    expect(checkedIn).toMatchObject([{ status: "attended", attendance: "check-in" }]);
    await context.close();
  });

  it("the QR code's address, opened by the phone's own camera app, checks in with one tap", async () => {
    expectOk(
      await station.api("POST", at("/activities/other-day/start"), {
        token: staffToken,
        body: { checkInCode: "5142" },
      }),
      "start other-day",
    );
    const address = `${station.url}/check-in?${new URLSearchParams({
      activity: "other-day",
      code: "5142",
      community,
    })}`;
    // A phone that never signed in: the sign-in page, which takes the community from the
    // address instead of asking for it.
    const fresh = await openContext(plainBrowser, "phone", "zh-CN");
    const first = await fresh.newPage();
    await first.goto(address);
    await first.locator('input[aria-label="手机号"]').waitFor();
    expect(await first.locator('input[aria-label="社区编号"]').count()).toBe(0);
    await fresh.close();

    // Signed in: the activity the address names and its code; opening it sends nothing.
    const context = await contextOf(plainBrowser, "courier", "phone");
    const page = await context.newPage();
    await page.goto(address);
    const named = card(page, titles.other);
    await named.getByText("签到码 5142").waitFor();
    expect(await page.locator(".courier-tabs [aria-current=page]").textContent()).toContain("活动");
    expect(await rosterOf("other-day")).toEqual([]);
    await look(page, "address");
    await named.getByRole("button", { name: /^签\s*到$/ }).click();
    await page.getByText("已签到").waitFor({ timeout: 15_000 });
    expect(await rosterOf("other-day")).toMatchObject([
      { status: "attended", attendance: "check-in" },
    ]);
    await look(page, "address-checked-in");

    // An address without a code is not one of the station's: said so, nothing sent.
    await page.goto(`${station.url}/check-in?activity=typed-day`);
    await page.getByText(/这个地址不是服务站的签到码/).waitFor();
    await context.close();
  });

  it("finds no serious or critical accessibility violation on the pages it looked at", () => {
    expect(violations).toEqual([]);
  });
});
