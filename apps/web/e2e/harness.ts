import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import {
  createStaffIfAsked,
  type RunningStation,
  startGatewayIfBuilt,
  startStation,
} from "@courier-station/station";
import { Either } from "effect";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

/*
 * The browser tests' harness: the real station program (`startStation`, every service,
 * the outbox relay and the gateway serving the built app) on a fresh embedded SQLite store
 * in a temporary directory, and Debian's Chromium driven by playwright-core. Sign-in codes
 * are read from the station's log, where the embedded SMS sender writes them.
 */

/** The community the browser tests play in. */
export const community = "jinshan-wanda";

/** The staff account every station of the tests has. */
export const staffLogin = { login: "wang", password: "a long passphrase for the tests" };

/** The built app the gateway serves. */
export const webRoot = join(import.meta.dirname, "..", "dist");

/** Where screenshots go (git-ignored; CI keeps them as artifacts). */
export const screenshotDirectory = join(import.meta.dirname, "..", "test-results", "screenshots");

/** A running station with its gateway, for one test file. */
export interface WebStation {
  readonly station: RunningStation;
  /** The gateway's address, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The last sign-in code the embedded SMS sender wrote for a number (by its last four digits). */
  readonly codeFor: (mobileNumber: string) => Promise<string>;
  /** Calls the gateway's HTTP API, as a page would (JSON in and out). */
  readonly api: <T = unknown>(
    method: string,
    path: string,
    options?: { readonly token?: string; readonly body?: unknown; readonly language?: string },
  ) => Promise<{ readonly status: number; readonly body: T }>;
  /** The staff's access token (signed in with {@link staffLogin}). */
  readonly staffToken: () => Promise<string>;
  readonly close: () => Promise<void>;
}

const settingsYaml = `settings:
  communities:
    - id: ${community}
      name: { zh-CN: 金山万达社区, en: Jinshan Wanda }
      district: { zh-CN: 上海市金山区, en: Jinshan District }
      policyFile: ./policy.yaml
`;

// The Jinshan policy without its delivery peak hours: the tests plan activities from the
// time they run, and a peak that time happens to overlap would refuse the plan (the rule
// has tests of its own in core and the gateway).
const policyYaml = `activities:
  peakHours: []
`;

/**
 * Starts the station program on a fresh data directory with one community and one staff
 * account, and its gateway on a free port serving the built app.
 */
export const startWebStation = async (): Promise<WebStation> => {
  const directory = mkdtempSync(join(tmpdir(), "cs-web-"));
  writeFileSync(join(directory, "station.yaml"), settingsYaml);
  writeFileSync(join(directory, "policy.yaml"), policyYaml);
  const codes = new Map<string, string>();
  const waiting = new Map<string, (code: string) => void>();
  const started = await startStation({
    argv: ["--config", join(directory, "station.yaml")],
    env: {
      CS_INSTANCE: "web-e2e",
      DATA_DIR: join(directory, "data"),
      CS_RELAY_IDLE_MS: "50",
      LOG_LEVEL: "info",
    },
    cwd: directory,
    logDestination: {
      write: (line: string) => {
        if (!line.includes("sign-in code (embedded SMS sender)")) return;
        const entry = JSON.parse(line) as { mobileNumberEnd: string; code: string };
        codes.set(entry.mobileNumberEnd, entry.code);
        waiting.get(entry.mobileNumberEnd)?.(entry.code);
      },
    },
  });
  if (Either.isLeft(started)) throw new Error(started.left.text.en);
  const station = started.right;
  const created = await createStaffIfAsked(
    station,
    ["--create-staff", staffLogin.login, "--community", community],
    { CS_STAFF_PASSWORD: staffLogin.password },
  );
  if (created.kind !== "created") throw new Error(`no staff account: ${JSON.stringify(created)}`);
  const gateway = await startGatewayIfBuilt(station, undefined, { webRoot, port: 0 });
  if (gateway.kind !== "started") throw new Error(`the gateway did not start: ${gateway.kind}`);
  const url = gateway.gateway.url;
  const api: WebStation["api"] = async (method, path, options = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        "Content-Type": "application/json",
        "Accept-Language": options.language ?? "en",
        ...(options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as never };
  };
  let token: string | undefined;
  return {
    station,
    url,
    codeFor: (mobileNumber) => {
      const end = mobileNumber.slice(-4);
      const known = codes.get(end);
      if (known !== undefined) {
        codes.delete(end);
        return Promise.resolve(known);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no code for …${end}`)), 10_000);
        waiting.set(end, (code) => {
          clearTimeout(timer);
          waiting.delete(end);
          codes.delete(end);
          resolve(code);
        });
      });
    },
    api,
    staffToken: async () => {
      if (token !== undefined) return token;
      const signedIn = await api<{ accessToken: string }>("POST", "/v1/auth/password-sign-ins", {
        body: staffLogin,
      });
      if (signedIn.status !== 200) throw new Error(`staff sign-in: ${signedIn.status}`);
      token = signedIn.body.accessToken;
      return token;
    },
    close: async () => {
      await gateway.gateway.close();
      await station.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
};

/** Debian's Chromium, launched once per test file. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });

/** The two sizes every main page is looked at in: a phone and a desktop. */
export const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1366, height: 900 },
} as const;

/** A fresh browser context (its own storage) at a size, in a language, with geolocation allowed. */
export const openContext = (
  browser: Browser,
  size: keyof typeof viewports,
  language: "zh-CN" | "en",
): Promise<BrowserContext> =>
  browser.newContext({
    viewport: viewports[size],
    locale: language,
    timezoneId: "Asia/Shanghai",
    // As a person who asked for reduced motion: charts are drawn at once, so screenshots
    // show them whole.
    reducedMotion: "reduce",
    permissions: ["geolocation"],
    geolocation: { latitude: 30.7405, longitude: 121.3412 },
    ...(size === "phone" ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });

/**
 * Saves a screenshot of the page under `test-results/screenshots/<name>.png` (the whole
 * page), for people to look at and CI to keep.
 */
export const screenshot = async (page: Page, name: string): Promise<string> => {
  mkdirSync(screenshotDirectory, { recursive: true });
  const path = join(screenshotDirectory, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
};

/** The serious and critical accessibility violations axe-core finds on the page. */
export const seriousViolations = async (page: Page): Promise<ReadonlyArray<string>> => {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(" "))
          .join(", ")}`,
    );
};

/** Whether anything on the page is wider than the viewport (a phone page must not be). */
export const horizontalOverflow = (page: Page): Promise<number> =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Fails with the answer's body when the gateway refused a setup call. */
export const expectOk = (answer: { status: number; body: unknown }, what: string): void => {
  expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
};

/** What a sign-in answers, which the pages keep in storage as the signed-in person. */
export interface SignedIn {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly subject: string;
  readonly communities: ReadonlyArray<string>;
}

/** Signs a courier in over the API with the one-time code the station sent them. */
export const signInWithCode = async (
  station: WebStation,
  mobileNumber: string,
): Promise<SignedIn> => {
  expectOk(
    await station.api("POST", "/v1/auth/codes", { body: { community, mobileNumber } }),
    "code",
  );
  const signedIn = await station.api<SignedIn>("POST", "/v1/auth/code-sign-ins", {
    body: { community, mobileNumber, code: await station.codeFor(mobileNumber) },
  });
  expectOk(signedIn, "courier sign-in");
  return signedIn.body;
};

/** Signs staff or a sponsor in over the API with their password. */
export const signInWithPassword = async (
  station: WebStation,
  login: string,
  password: string,
): Promise<SignedIn> => {
  const signedIn = await station.api<SignedIn>("POST", "/v1/auth/password-sign-ins", {
    body: { login, password },
  });
  expectOk(signedIn, `${login} sign-in`);
  return signedIn.body;
};

/**
 * A browser context ({@link openContext}) whose pages start signed in, as the sign-in page
 * leaves them: the sign-in and the language in the pages' storage (a page that changes
 * either keeps its change).
 */
export const openSignedInContext = async (
  browser: Browser,
  signedIn: SignedIn,
  size: keyof typeof viewports,
  language: "zh-CN" | "en",
): Promise<BrowserContext> => {
  const context = await openContext(browser, size, language);
  await context.addInitScript(
    ([stored, chosen]) => {
      if (window.localStorage.getItem("courier-station.session") === null) {
        window.localStorage.setItem("courier-station.session", stored);
      }
      if (window.localStorage.getItem("courier-station.language") === null) {
        window.localStorage.setItem("courier-station.language", chosen);
      }
    },
    [JSON.stringify({ ...signedIn, community }), language] as const,
  );
  return context;
};

/**
 * What the staff and sponsor pages' tests start from, made over the API: the station
 * `wanda` opened and a courier signed in with a code and registered there (小王, Meituan,
 * with consent). Returns the staff's and the courier's tokens and the courier's id.
 */
export const openStationWithCourier = async (
  station: WebStation,
  mobileNumber: string,
): Promise<{
  readonly staff: string;
  readonly courierId: string;
  readonly courierToken: string;
}> => {
  const at = (path: string) => `/v1/communities/${community}${path}`;
  const staff = await station.staffToken();
  expectOk(
    await station.api("POST", at("/stations"), {
      token: staff,
      body: {
        stationId: "wanda",
        name: { "zh-CN": "万达服务站", en: "Wanda Station" },
        address: { "zh-CN": "龙胜路 1 号", en: "1 Longsheng Road" },
        location: { latitude: 30.7405, longitude: 121.3412 },
        openingHours: { kind: "around-the-clock" },
      },
    }),
    "open a station",
  );
  const signedIn = await signInWithCode(station, mobileNumber);
  const courierId = signedIn.subject;
  const courierToken = signedIn.accessToken;
  expectOk(
    await station.api("POST", at("/couriers"), {
      token: courierToken,
      body: {
        courierId,
        nickname: "小王",
        realName: "王小明",
        mobileNumber,
        platforms: ["meituan"],
        employment: "full-time",
        consentPolicyVersion: "2026-01",
        stationId: "wanda",
      },
    }),
    "register",
  );
  return { staff, courierId, courierToken };
};
