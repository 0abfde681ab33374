import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  community,
  expectOk,
  horizontalOverflow,
  launchChromium,
  openContext,
  screenshot,
  seriousViolations,
  signInWithCode,
  startWebStation,
  type WebStation,
} from "./harness";

/*
 * A courier's day on their phone, against the real station program: sign in with the SMS
 * code, register (小哥报到), be verified by staff (over the API), sign up for an activity
 * and check in with the code (a wrong code first: the domain's message, nothing changes),
 * see the points arrive, have a wish over the value cap refused, post a report and a
 * suggestion — in zh-CN, and the same refusals in English. Each main page is looked at at
 * the phone and the desktop size, axe-clean.
 */

let station: WebStation;
let browser: Browser;
const violations: string[] = [];

beforeAll(async () => {
  [station, browser] = await Promise.all([startWebStation(), launchChromium()]);
  const staff = await station.staffToken();
  const created = await station.api("POST", `/v1/communities/${community}/stations`, {
    token: staff,
    body: {
      stationId: "wanda",
      name: { "zh-CN": "万达小哥驿站", en: "Wanda Courier Station" },
      address: { "zh-CN": "金山区龙航路 1 号", en: "1 Longhang Road, Jinshan" },
      location: { latitude: 30.7405, longitude: 121.3412 },
      openingHours: { kind: "around-the-clock" },
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await station?.close();
});

/** The text box or area a label names (its aria-label). */
const field = (page: Page, label: string) =>
  page.locator(`input[aria-label="${label}"], textarea[aria-label="${label}"]`);

/** The title of the tab the bar marks as the page shown (exactly one is marked). */
const currentTab = (page: Page) =>
  page.locator('.courier-tabs [aria-current="page"] .adm-tab-bar-item-title').textContent();

/** Looks at a page: a screenshot, no overflow on the phone, and axe's serious findings kept. */
const look = async (page: Page, name: string, size: "phone" | "desktop") => {
  await page.waitForTimeout(300);
  if (size === "phone") expect(await horizontalOverflow(page), name).toBeLessThanOrEqual(0);
  await screenshot(page, `${name}.${size}`);
  violations.push(...(await seriousViolations(page)).map((found) => `${name}: ${found}`));
};

/** Signs a courier in through the page and registers them; answers their courier id. */
const signInAndRegister = async (
  page: Page,
  mobileNumber: string,
  nickname: string,
  words: {
    readonly sendCode: string;
    readonly code: string;
    readonly signIn: string;
    readonly register: string;
    readonly submit: string;
  },
): Promise<string> => {
  await page.goto(`${station.url}/?community=${community}`);
  await field(page, words.code === "短信验证码" ? "手机号" : "Mobile number").fill(mobileNumber);
  await page.getByRole("button", { name: words.sendCode }).click();
  const code = await station.codeFor(mobileNumber);
  await field(page, words.code).fill(code);
  await page.getByRole("button", { name: words.signIn, exact: true }).click();
  await page.getByRole("button", { name: words.register }).click();
  const zh = words.code === "短信验证码";
  await field(page, zh ? "昵称" : "Nickname").fill(nickname);
  await field(page, zh ? "真实姓名" : "Real name").fill(`${nickname} 测试`);
  await field(page, zh ? "手机号" : "Mobile number").fill(mobileNumber);
  await page.getByText(zh ? "美团" : "Meituan", { exact: true }).click();
  await field(page, zh ? "常跑的片区" : "Where you usually deliver").fill("万达广场");
  await page.locator(".adm-checkbox").click();
  await page.getByRole("button", { name: words.submit }).click();
  const session = await page.evaluate(() => localStorage.getItem("courier-station.session"));
  return (JSON.parse(session ?? "{}") as { subject: string }).subject;
};

describe("a courier's day in zh-CN", () => {
  it("signs in, registers, is verified, checks in with the code and sees the points", async () => {
    const context = await openContext(browser, "phone", "zh-CN");
    const page = await context.newPage();
    const courierId = await signInAndRegister(page, "13800138001", "小王", {
      sendCode: "获取验证码",
      code: "短信验证码",
      signIn: "登录",
      register: "小哥报到",
      submit: "提交报到",
    });
    await expect.poll(() => page.getByText("已报到，等待服务站核验").count()).toBe(1);
    await look(page, "home-waiting", "phone");

    // Couriers cannot read the community's policy yet, so the page cannot name its consent
    // version: the consent is recorded over the API with the version staff read.
    const courierToken = await page.evaluate(
      () =>
        (
          JSON.parse(localStorage.getItem("courier-station.session") ?? "{}") as {
            accessToken: string;
          }
        ).accessToken,
    );
    const consented = await station.api(
      "POST",
      `/v1/communities/${community}/couriers/${courierId}/consent`,
      { token: courierToken, body: { policyVersion: "2026-01" } },
    );
    expect(consented.status, JSON.stringify(consented.body)).toBe(204);
    const staff = await station.staffToken();
    const verified = await station.api(
      "POST",
      `/v1/communities/${community}/couriers/${courierId}/verification`,
      { token: staff, body: {} },
    );
    expect(verified.status, JSON.stringify(verified.body)).toBe(204);
    const startsAt = new Date(Date.now() + 3 * 60_000).toISOString();
    const endsAt = new Date(Date.now() + 123 * 60_000).toISOString();
    const planned = await station.api("POST", `/v1/communities/${community}/activities`, {
      token: staff,
      body: {
        activityId: "river-day",
        details: {
          title: "护河志愿行动",
          kind: "community-event",
          organiser: { kind: "station", stationId: "wanda" },
          stationId: "wanda",
          place: { description: "山阳河 3 号桥" },
          startsAt,
          endsAt,
          capacity: 5,
          signUpRequired: true,
          volunteerHours: 2,
        },
      },
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    const published = await station.api(
      "POST",
      `/v1/communities/${community}/activities/river-day/publication`,
      { token: staff, body: {} },
    );
    expect(published.status, JSON.stringify(published.body)).toBe(204);

    await page.reload();
    await expect.poll(() => page.getByText("已核验，欢迎参加活动。").count()).toBe(1);
    await expect.poll(() => page.getByTestId("points-available").textContent()).toMatch(/^\d/);
    const pointsBefore = await page.getByTestId("points-available").textContent();
    await look(page, "home", "phone");

    await page.getByText("活动", { exact: true }).click();
    await page.getByRole("button", { name: "报名" }).click();
    await expect.poll(() => page.getByText("已报名").count()).toBeGreaterThan(0);
    const started = await station.api(
      "POST",
      `/v1/communities/${community}/activities/river-day/start`,
      { token: staff, body: { checkInCode: "4821" } },
    );
    expect(started.status, JSON.stringify(started.body)).toBe(204);
    await field(page, "护河志愿行动 的签到码").fill("0000");
    await page.getByRole("button", { name: "签到", exact: true }).click();
    const refusal = page.locator(".courier-refusal");
    await expect.poll(() => refusal.textContent()).toMatch(/签到码/);
    await look(page, "activities-wrong-code", "phone");
    await page.getByText("首页", { exact: true }).click();
    await expect.poll(() => page.getByTestId("points-available").textContent()).toBe(pointsBefore);

    await page.getByText("活动", { exact: true }).click();
    await field(page, "护河志愿行动 的签到码").fill("4821");
    await page.getByRole("button", { name: "签到", exact: true }).click();
    await expect.poll(() => page.getByText("已签到").count()).toBeGreaterThan(0);
    await look(page, "activities", "phone");

    // Another activity's last place goes to someone else after the page showed it: signing
    // up is refused in the domain's words, nothing is recorded, and the page then shows it
    // full.
    const at = (path: string) => `/v1/communities/${community}${path}`;
    const other = await signInWithCode(station, "13800138009");
    expectOk(
      await station.api("POST", at("/couriers"), {
        token: other.accessToken,
        body: {
          courierId: other.subject,
          nickname: "小李",
          realName: "李小强",
          mobileNumber: "13800138009",
          platforms: ["eleme"],
          employment: "full-time",
          consentPolicyVersion: "2026-01",
        },
      }),
      "the other courier registers",
    );
    expectOk(
      await station.api("POST", at(`/couriers/${other.subject}/verification`), {
        token: staff,
        body: {},
      }),
      "staff verify the other courier",
    );
    expectOk(
      await station.api("POST", at("/activities"), {
        token: staff,
        body: {
          activityId: "tea-talk",
          details: {
            title: "小哥茶话会",
            kind: "community-event",
            organiser: { kind: "station", stationId: "wanda" },
            stationId: "wanda",
            place: { description: "万达小哥驿站" },
            startsAt: new Date(Date.now() + 200 * 60_000).toISOString(),
            endsAt: new Date(Date.now() + 260 * 60_000).toISOString(),
            capacity: 1,
            signUpRequired: true,
            volunteerHours: 1,
          },
        },
      }),
      "plan the tea talk",
    );
    expectOk(
      await station.api("POST", at("/activities/tea-talk/publication"), { token: staff, body: {} }),
      "publish the tea talk",
    );
    await page.reload();
    const teaTalk = page.locator(".courier-card", { hasText: "小哥茶话会" });
    await teaTalk.getByText("剩余名额 1").waitFor({ timeout: 15_000 });
    expectOk(
      await station.api("POST", at("/activities/tea-talk/sign-ups"), {
        token: other.accessToken,
        body: { courierId: other.subject },
      }),
      "the other courier takes the last place",
    );
    await teaTalk.getByRole("button", { name: "报名" }).click();
    await page.locator(".courier-refusal", { hasText: "名额已满" }).waitFor();
    await teaTalk.getByText("名额已满", { exact: true }).waitFor({ timeout: 15_000 });
    expect(await teaTalk.getByRole("button", { name: "报名" }).isDisabled()).toBe(true);
    await look(page, "activities-full", "phone");
    const roster = await station.api<{ items: ReadonlyArray<{ courierId: string }> }>(
      "GET",
      at("/activities/tea-talk/roster"),
      { token: staff },
    );
    expect(roster.body.items.map((entry) => entry.courierId)).toEqual([other.subject]);

    await page.getByText("积分", { exact: true }).click();
    await expect.poll(() => page.getByText("我的积分").count()).toBe(1);
    await look(page, "points", "phone");

    await page.getByText("心愿", { exact: true }).click();
    await page.getByRole("button", { name: "许心愿" }).click();
    await field(page, "心愿（想要什么）").fill("一副防水手套");
    await field(page, "估计价值（元）").fill("500");
    await page.getByRole("button", { name: "提交心愿" }).click();
    await expect
      .poll(() => page.locator(".courier-refusal").textContent())
      .toMatch(/300|上限|超过/);
    await look(page, "wishes-capped", "phone");
    await field(page, "估计价值（元）").fill("80");
    await page.getByRole("button", { name: "提交心愿" }).click();
    await expect.poll(() => page.getByText("一副防水手套").count()).toBe(1);
    await look(page, "wishes", "phone");

    await page.goto(`${station.url}/me`);
    await look(page, "me", "phone");
    // The bar marks the tab of the page shown, on every courier page: a page opened from a
    // tab (reporting a problem and 小哥有话说 from 我的, registration from 首页) keeps it.
    for (const [path, tab] of [
      ["/", "首页"],
      ["/register", "首页"],
      ["/activities", "活动"],
      ["/wishes", "心愿"],
      ["/points", "积分"],
      ["/me", "我的"],
      ["/report", "我的"],
      ["/suggestions", "我的"],
    ] as const) {
      await page.goto(`${station.url}${path}`);
      await expect.poll(() => currentTab(page), { message: path }).toBe(tab);
    }
    // Following the link from 我的 as a courier does, and the tab from there.
    await page.goto(`${station.url}/me`);
    await page.getByRole("link", { name: "民情前哨 · 报告问题" }).click();
    await page.getByRole("heading", { name: "民情前哨 · 报告问题" }).waitFor();
    expect(await currentTab(page)).toBe("我的");
    // The photo field speaks the page's language, not the browser's "Choose File".
    const photoField = page.getByRole("group", { name: "照片（可选）" });
    expect(await photoField.textContent()).toContain("拍照或选照片");
    expect(await photoField.getByLabel("拍照或选照片").getAttribute("type")).toBe("file");
    await look(page, "report", "phone");
    await page.getByText("首页", { exact: true }).click();
    await expect.poll(() => currentTab(page)).toBe("首页");
    await page.setViewportSize({ width: 1366, height: 900 });
    for (const [path, name] of [
      ["/", "home"],
      ["/activities", "activities"],
      ["/points", "points"],
      ["/wishes", "wishes"],
      ["/report", "report"],
    ] as const) {
      await page.goto(`${station.url}${path}`);
      await page.waitForLoadState("networkidle");
      await look(page, name, "desktop");
    }
    await context.close();
  });

  it("speaks English: sign-in, registration and a capped wish refused in the rules' English words", async () => {
    const context = await openContext(browser, "phone", "en");
    const page = await context.newPage();
    await page.goto(`${station.url}/?community=${community}`);
    await page.getByRole("button", { name: "Switch to English" }).click();
    await signInAndRegister(page, "13900139002", "Lee", {
      sendCode: "Send me a code",
      code: "Code from the SMS",
      signIn: "Sign in",
      register: "Register",
      submit: "Register",
    });
    await expect
      .poll(() => page.getByText(/Registered; the station will verify you/).count())
      .toBe(1);
    await look(page, "home-waiting.en", "phone");
    await page.getByText("Wishes", { exact: true }).click();
    await page.getByRole("button", { name: "New wish" }).click();
    await field(page, "The wish (what you would like)").fill("A rain cape");
    await field(page, "Estimated value (yuan)").fill("500");
    await page.getByRole("button", { name: "Post the wish" }).click();
    await expect.poll(() => page.locator(".courier-refusal").textContent()).toMatch(/[a-z]{3,}/);
    expect(await page.locator(".courier-refusal").textContent()).not.toMatch(/[\u4e00-\u9fff]/);
    await look(page, "wishes-capped.en", "phone");
    await expect.poll(() => currentTab(page)).toBe("Wishes");
    await page.getByText("Me", { exact: true }).click();
    await page.getByRole("link", { name: "Report a problem" }).click();
    await expect.poll(() => currentTab(page)).toBe("Me");
    const photoField = page.getByRole("group", { name: "Photo (optional)" });
    expect(await photoField.textContent()).toContain("Take or choose a photo");
    expect(await photoField.getByLabel("Take or choose a photo").getAttribute("type")).toBe("file");
    await look(page, "report.en", "phone");
    await context.close();
  });

  it("finds no serious or critical accessibility violation on the pages it looked at", () => {
    expect(violations).toEqual([]);
  });
});
