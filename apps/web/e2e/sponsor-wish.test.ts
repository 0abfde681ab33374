import type { Browser, BrowserContext, Page } from "playwright-core";
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
 * The sponsors' (圆梦人) pages in Chromium against the station program: a sponsor sees a
 * courier's wish on the wall without the courier's personal data, claims it, staff record
 * the hand-over, and the sponsor finds it among their fulfilled wishes.
 */

let station: WebStation;
let browser: Browser;
let courierId: string;
let courierToken: string;
const at = (path: string) => `/v1/communities/${community}${path}`;

beforeAll(async () => {
  [station, browser] = await Promise.all([startWebStation(), launchChromium()]);
  let staff: string;
  ({ staff, courierId, courierToken } = await openStationWithCourier(station, "13800138021"));
  expectOk(
    await station.api("POST", at(`/couriers/${courierId}/verification`), {
      token: staff,
      body: {},
    }),
    "verify",
  );
  expectOk(
    await station.api("POST", at("/wishes"), {
      token: courierToken,
      body: {
        wishId: "w-helmet",
        stationId: "wanda",
        title: "头盔",
        description: "想要一个更安全的骑行头盔",
        category: "work-equipment",
        estimatedValueFen: 9_900,
        funding: { mode: "sponsor" },
      },
    }),
    "draft a wish",
  );
  expectOk(
    await station.api("POST", at("/wishes/w-helmet/submission"), { token: courierToken, body: {} }),
    "submit",
  );
  expectOk(
    await station.api("POST", at("/wishes/w-helmet/approval"), {
      token: staff,
      body: { publish: true },
    }),
    "approve",
  );
  expectOk(
    await station.api("POST", at("/sponsors"), {
      token: staff,
      body: {
        sponsorId: "wanda-cinema",
        kind: "merchant",
        displayName: "万达影城",
        shop: { name: "万达影城", location: "万达广场 4 楼" },
      },
    }),
    "sponsor",
  );
  expectOk(
    await station.api("POST", at("/accounts"), {
      token: staff,
      body: {
        login: "cinema",
        password: staffLogin.password,
        role: "sponsor",
        subject: "wanda-cinema",
      },
    }),
    "sponsor account",
  );
});
afterAll(async () => {
  await browser?.close();
  await station?.close();
});

/** The browser storage of a staff sign-in per language: sign-ins are limited per login, so the tests sign in once each. */
const signedInStorage = new Map<string, Awaited<ReturnType<BrowserContext["storageState"]>>>();

/** Opens the console at a page, signs in as staff and waits for the console's bar. */
const deskPage = async (
  login: string,
  size: "desktop" | "phone",
  language: "zh-CN" | "en",
  path: string,
): Promise<Page> => {
  const known = signedInStorage.get(`${login}-${language}`);
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
  await page.getByLabel(language === "zh-CN" ? "账号" : "Login").fill(login);
  await page.getByLabel(language === "zh-CN" ? "密码" : "Password").fill(staffLogin.password);
  await page.getByRole("button", { name: language === "zh-CN" ? /登\s*录/ : "Sign in" }).click();
  await page
    .getByRole("button", { name: language === "zh-CN" ? /退\s*出/ : "Sign out" })
    .waitFor({ timeout: 30_000 });
  signedInStorage.set(`${login}-${language}`, await context.storageState());
  return page;
};

/** Screenshots and axe-core on a page at both sizes. */
const lookAt = async (path: string, name: string, language: "zh-CN" | "en", ready: string) => {
  for (const size of ["desktop", "phone"] as const) {
    const page = await deskPage("cinema", size, language, path);
    await page.getByText(ready).first().waitFor();
    await screenshot(page, `sponsor-${name}.${size}.${language}`);
    expect(await seriousViolations(page), `${name} at ${size}`).toEqual([]);
    await page.context().close();
  }
};

it("a sponsor claims a wish on the wall, staff record the hand-over, the sponsor sees it fulfilled", async () => {
  const sponsor = await deskPage("cinema", "phone", "en", "/sponsor");
  const card = sponsor.locator(".ant-card", { hasText: "头盔" });
  await card.waitFor();
  expect(await sponsor.content()).not.toContain("王小明");
  expect(await sponsor.content()).not.toContain("13800138021");
  await screenshot(sponsor, "sponsor-wall.phone.en");
  expect(await seriousViolations(sponsor)).toEqual([]);
  await card.getByRole("button", { name: "Claim this wish" }).click();
  await sponsor.getByText("Claimed. Thank you!").waitFor();
  await sponsor.context().close();
  const staff = await deskPage(staffLogin.login, "desktop", "zh-CN", "/staff/sponsors");
  await staff
    .getByRole("row", { name: /万达影城/ })
    .getByRole("button")
    .first()
    .click();
  await staff.getByRole("button", { name: "确认已转交" }).click();
  await staff.getByText("已完成").first().waitFor();
  await staff.context().close();
  const history = await deskPage("cinema", "desktop", "en", "/sponsor/claims");
  await history.getByText("History and thanks").waitFor();
  await history.getByText("头盔").waitFor();
  await screenshot(history, "sponsor-claims.desktop.en");
  expect(await seriousViolations(history)).toEqual([]);
  await history.context().close();
  await lookAt("/sponsor/claims", "claims", "zh-CN", "我认领的心愿");
});
