import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  community,
  expectOk,
  horizontalOverflow,
  launchChromium,
  openContext,
  openStationWithCourier,
  screenshot,
  seriousViolations,
  startWebStation,
  type WebStation,
} from "./harness";

/*
 * The public station pages (issue 14) in Chromium, without signing in: from the sign-in
 * page's "find a station" link to the community's stations (open now, or closed with the
 * notice), one station's address, opening hours and amenities, and the year's figures —
 * in zh-CN and in English, at a phone's size, with no courier's personal data on them.
 */

let station: WebStation;
let browser: Browser;
const courierNumber = "13800138031";
const at = (path: string) => `/v1/communities/${community}${path}`;
const personalData = ["王小明", courierNumber, "小王"];

beforeAll(async () => {
  [station, browser] = await Promise.all([startWebStation(), launchChromium()]);
  // 万达服务站 (open around the clock) and a courier registered there.
  const { staff } = await openStationWithCourier(station, courierNumber);
  const weekday = [{ from: "09:00", to: "18:00" }];
  expectOk(
    await station.api("POST", at("/stations"), {
      token: staff,
      body: {
        stationId: "longsheng",
        name: { "zh-CN": "龙胜路驿站", en: "Longsheng Road Station" },
        address: { "zh-CN": "龙胜路 88 号", en: "88 Longsheng Road" },
        location: { latitude: 30.7431, longitude: 121.3399 },
        openingHours: {
          kind: "weekly",
          days: {
            monday: weekday,
            tuesday: weekday,
            wednesday: weekday,
            thursday: weekday,
            friday: weekday,
            saturday: [{ from: "10:00", to: "16:00" }],
          },
        },
        amenities: { standard: ["charging", "drinking-water"], others: ["雨具借用"] },
        contactPhone: "021-57000000",
      },
    }),
    "open a second station",
  );
  expectOk(
    await station.api("POST", at("/stations/longsheng/temporary-closure"), {
      token: staff,
      body: { reason: "设备检修" },
    }),
    "close it for repairs",
  );
});
afterAll(async () => {
  await browser?.close();
  await station?.close();
});

const expectNoPersonalData = async (page: Page) => {
  const text = await page.locator("body").textContent();
  for (const personal of personalData) expect(text).not.toContain(personal);
};

const lookAt = async (page: Page, name: string) => {
  expect(await horizontalOverflow(page), `${name} is wider than the phone`).toBeLessThanOrEqual(0);
  await screenshot(page, name);
  expect(await seriousViolations(page), name).toEqual([]);
};

const texts = {
  "zh-CN": {
    findStation: "找服务站：地址、开放时间和设施",
    listTitle: "小哥e站 · 找服务站",
    wanda: "万达服务站",
    longsheng: "龙胜路驿站",
    openNow: "● 开放中",
    paused: "暂停开放",
    allDay: "24 小时开放",
    address: "龙胜路 1 号",
    couriers: "报到小哥",
    figuresOfYear: (year: number) => `${year} 年数据`,
    stationFigures: (year: number) => `本站 ${year} 年数据`,
    closure: "暂停开放：设备检修",
    monday: "周一",
    sunday: "周日",
    closedDay: "休息",
    amenities: ["充电", "饮用水", "雨具借用"],
    notFound: "没有找到这个服务站",
    noAmenities: "暂未登记设施，欢迎来站询问。",
    allStations: "‹ 全部服务站",
  },
  en: {
    findStation: "Find a station: address, hours and amenities",
    listTitle: "Courier Station · Find a station",
    wanda: "Wanda Station",
    longsheng: "Longsheng Road Station",
    openNow: "● Open now",
    paused: "Temporarily closed",
    allDay: "Open 24 hours",
    address: "1 Longsheng Road",
    couriers: "Couriers registered",
    figuresOfYear: (year: number) => `${year} in figures`,
    stationFigures: (year: number) => `This station in ${year}`,
    closure: "Closed: 设备检修",
    monday: "Mon",
    sunday: "Sun",
    closedDay: "Closed",
    amenities: ["Charging", "Drinking water", "雨具借用"],
    notFound: "Station not found",
    noAmenities: "No amenities listed yet; ask at the station.",
    allStations: "‹ All stations",
  },
} as const;

const year = Number(
  new Intl.DateTimeFormat("en", { year: "numeric", timeZone: "Asia/Shanghai" }).format(new Date()),
);

describe("the public station pages, without signing in", () => {
  for (const language of ["zh-CN", "en"] as const) {
    it(`shows the stations, one station's page and the year's figures in ${language}`, async () => {
      const say = texts[language];
      const context = await openContext(browser, "phone", language);
      const page = await context.newPage();
      try {
        // The sign-in page a station's poster links to: "find a station" needs no sign-in.
        await page.goto(`${station.url}/?community=${community}`);
        if (language === "en") {
          await page.getByRole("button", { name: "Switch to English" }).click();
        }
        await page.getByRole("link", { name: say.findStation }).click();
        await page.waitForURL(`**/stations/${community}`);

        // The community's stations: each open now, or closed with the notice, and the year.
        await expect
          .poll(() => page.getByRole("heading", { level: 1 }).textContent())
          .toBe(say.listTitle);
        const wanda = page.getByRole("link", { name: new RegExp(say.wanda) });
        await wanda.waitFor();
        expect(await wanda.textContent()).toContain(say.openNow);
        expect(await wanda.textContent()).toContain(say.address);
        const longsheng = page.getByRole("link", { name: new RegExp(say.longsheng) });
        expect(await longsheng.textContent()).toContain(say.paused);
        await page.getByRole("heading", { name: say.figuresOfYear(year) }).waitFor();
        const couriers = page.locator(".public-figure", { hasText: say.couriers });
        await expect.poll(() => couriers.locator("dd").textContent()).toBe("1");
        await expectNoPersonalData(page);
        await lookAt(page, `public-stations-${language}-phone`);

        // One station open around the clock, with its own year's figures.
        await wanda.click();
        await page.getByRole("heading", { level: 1, name: say.wanda }).waitFor();
        const body = () => page.locator("main").textContent();
        await expect.poll(body).toContain(say.allDay);
        expect(await body()).toContain(say.noAmenities);
        expect(await body()).toContain(say.openNow);
        expect(await body()).toContain(say.address);
        await page.getByRole("heading", { name: say.stationFigures(year) }).waitFor();
        await expect
          .poll(() =>
            page.locator(".public-figure", { hasText: say.couriers }).locator("dd").textContent(),
          )
          .toBe("1");
        await expectNoPersonalData(page);
        await lookAt(page, `public-station-wanda-${language}-phone`);

        // A station closed for repairs: the notice, its weekly hours, amenities and phone.
        await page.getByRole("link", { name: say.allStations }).click();
        await page.getByRole("link", { name: new RegExp(say.longsheng) }).click();
        await page.getByRole("heading", { level: 1, name: say.longsheng }).waitFor();
        await expect.poll(body).toContain(say.closure);
        const hours = page.locator(".public-hours");
        expect(
          await hours.locator(".public-hours-day", { hasText: say.monday }).textContent(),
        ).toMatch(/09:00–18:00/);
        expect(
          await hours.locator(".public-hours-day", { hasText: say.sunday }).textContent(),
        ).toContain(say.closedDay);
        const amenities = await page.locator(".public-amenities li").allTextContents();
        expect(amenities).toEqual([...say.amenities]);
        expect(await page.getByRole("link", { name: "021-57000000" }).getAttribute("href")).toBe(
          "tel:021-57000000",
        );
        await lookAt(page, `public-station-longsheng-${language}-phone`);

        // A station that does not exist says so, in the page's language.
        await page.goto(`${station.url}/stations/${community}/nowhere`);
        await page.getByRole("heading", { level: 1, name: say.notFound }).waitFor();
        expect(await page.getByRole("alert").textContent()).toMatch(/\S/);
        // Nor does a community: said once, with no year of figures beside it.
        await page.goto(`${station.url}/stations/nowhere-town`);
        await page.getByRole("alert").waitFor();
        await page.waitForLoadState("networkidle");
        expect(await page.getByRole("alert").count()).toBe(1);
        expect(await page.getByRole("alert").textContent()).toContain("nowhere-town");
        expect(await page.locator("#public-figures-title").count()).toBe(0);
      } finally {
        await context.close();
      }
    });
  }
});
