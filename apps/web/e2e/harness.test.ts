import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  horizontalOverflow,
  launchChromium,
  openContext,
  screenshot,
  seriousViolations,
  startWebStation,
  type WebStation,
} from "./harness";

/*
 * The harness itself: the station serves the built app, Chromium opens it, and the
 * courier's sign-in page speaks zh-CN by default and English after the switch.
 */

let station: WebStation;
let browser: Browser;

beforeAll(async () => {
  [station, browser] = await Promise.all([startWebStation(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await station?.close();
});

it("opens the courier's sign-in page in zh-CN, switches to English, axe-clean, no overflow", async () => {
  const context = await openContext(browser, "phone", "zh-CN");
  const page = await context.newPage();
  await page.goto(`${station.url}/?community=jinshan-wanda`);
  await expect
    .poll(() => page.getByRole("heading", { level: 1 }).textContent())
    .toBe("小哥e站 · 登录");
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, "sign-in.phone.zh-CN");
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect
    .poll(() => page.getByRole("heading", { level: 1 }).textContent())
    .toBe("Courier Station · Sign in");
  await context.close();
});
