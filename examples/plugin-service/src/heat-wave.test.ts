import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * The heat-wave service on NATS, twice: loaded by the station program from its `plugins:`
 * configuration (one process), and as its own process (`src/main.ts`) beside a station that
 * does not know it. Each time, over NATS only: discovered with `$SRV.INFO`, an alert opens
 * the campaign as a policy version, the notice follows the registry's event into the
 * courier's inbox of the notifications service (in both languages), a report
 * verified in the campaign earns its bonus from the points service, and alerts that break
 * our rules are refused with the services' codes.
 */

const natsUrl = process.env.NATS_URL;
if (natsUrl === undefined) throw new Error("NATS_URL is set by the global setup; run with vitest.");

const workspace = join(import.meta.dirname, "..");
const repository = join(workspace, "../..");
const community = "harbour-east";
const decoder = new TextDecoder();
const started: ChildProcess[] = [];
let connection: NatsConnection;

const environmentFor = (root: string, directory: string) => ({
  ...process.env,
  NATS_URL: natsUrl,
  CS_SUBJECT_ROOT: root,
  CS_STORE: "memory",
  DATA_DIR: join(directory, "data"),
  PORT: "0",
  LOG_LEVEL: "warn",
  CS_SEAL_KEY: "a-seal-secret-of-32-bytes-000000",
  CS_MOBILE_KEY_SECRET: "a-mobile-secret-of-32-bytes-0000",
});

const start = (args: ReadonlyArray<string>, cwd: string, env: NodeJS.ProcessEnv) => {
  // tsx itself, not through npx: its process waits for the program's graceful shutdown.
  const tsx = join(repository, "node_modules/.bin/tsx");
  const child = spawn(tsx, ["--conditions=@courier-station/source", ...args], {
    cwd,
    env,
    stdio: "ignore",
    detached: true,
  });
  started.push(child);
};

/** A station on NATS with the community `harbour-east`, and the plugins given. */
const startStation = (root: string, plugins: ReadonlyArray<string>) => {
  const directory = mkdtempSync(join(tmpdir(), "heat-wave-"));
  const config = join(directory, "station.yaml");
  writeFileSync(
    config,
    `settings:\n  communities:\n    - id: ${community}\n      name: { zh-CN: 港东社区, en: Harbour East }\n      district: { zh-CN: 示例区, en: Example District }\n  plugins: ${JSON.stringify(plugins)}\n`,
  );
  start(
    ["services/station/src/main.ts", "--config", config],
    repository,
    environmentFor(root, directory),
  );
  return directory;
};

interface Answer {
  readonly reply: {
    readonly ok: boolean;
    readonly value?: unknown;
    readonly error?: { readonly code: string; readonly message: { readonly en: string } };
  };
  readonly code: string;
}

const ask = async (subject: string, body: unknown): Promise<Answer> => {
  const message = await connection.request(subject, JSON.stringify(body), { timeout: 10_000 });
  return {
    reply: JSON.parse(decoder.decode(message.data)),
    code: message.headers?.get("Nats-Service-Error-Code") ?? "",
  };
};

const eventually = async <A>(what: string, probe: () => Promise<A | undefined>): Promise<A> => {
  const since = Date.now();
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() - since > 60_000) throw new Error(`not within 60 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
};

const staff = { role: "staff", id: "staff-desk-1", communities: [community] };
const weatherDesk = { role: "system", id: "system:weather-desk", communities: [] };

/** The whole story against the services under one subject root. */
const heatWaveStory = async (root: string) => {
  const to = (service: string, endpoint: string) => `${root}.${community}.${service}.${endpoint}`;
  const courier = { role: "courier", id: "c-1", communities: [community] };
  const send = (service: string, actor: object, commandId: string, command: object) =>
    ask(to(service, (command as { type: string }).type), {
      commandId,
      community,
      actor,
      command,
    });
  // Ready: the plugin answers (after the station has registered the community).
  await eventually("the services answer", async () => {
    const registered = await ask(to("registry", "GetCommunity"), { actor: staff });
    const plugin = await connection.request("$SRV.PING.heat-wave", "", { timeout: 1_000 });
    return registered.reply.ok && plugin.data.length > 0 ? true : undefined;
  });

  // Discoverable as a NATS micro service, with its endpoints under our subjects.
  const infos = await connection.requestMany("$SRV.INFO.heat-wave", "", { maxWait: 1_500 });
  const subjects: string[] = [];
  for await (const message of infos) {
    const info = JSON.parse(decoder.decode(message.data)) as {
      name: string;
      endpoints: Array<{ subject: string }>;
    };
    if (info.name === "heat-wave") subjects.push(...info.endpoints.map((item) => item.subject));
  }
  expect(subjects.filter((subject) => subject.startsWith(`${root}.`)).sort()).toEqual([
    `${root}.*.heat-wave.ReportHotWeather`,
  ]);

  await send("registry", courier, "register-1", {
    type: "RegisterCourier",
    data: {
      courierId: "c-1",
      nickname: "Wei",
      realName: "Wei Chen",
      mobileNumber: "13800138002",
      platforms: ["meituan"],
      employment: "full-time",
      workArea: { description: "Harbour East" },
      consentPolicyVersion: "2026-01",
      partyMember: false,
    },
  });
  expect(
    (
      await send("registry", staff, "verify-1", {
        type: "VerifyCourier",
        data: { courierId: "c-1" },
      })
    ).reply.ok,
  ).toBe(true);

  // The alert: a red warning from three seconds from now, for a week.
  const from = new Date(Date.now() + 3_000).toISOString();
  const alert = {
    type: "ReportHotWeather",
    data: { alertId: "2027-07-a", level: "red", celsius: 40, from },
  };
  const opened = await send("heat-wave", weatherDesk, "alert-2027-07-a", alert);
  expect(opened.reply).toMatchObject({
    ok: true,
    value: { outcome: "applied", aggregate: "community" },
  });
  // Sent again: the registry's first outcome.
  const again = await send("heat-wave", weatherDesk, "alert-2027-07-a", alert);
  expect(again.reply).toMatchObject({ ok: true, value: { outcome: "duplicate" } });
  const versions = await ask(to("registry", "GetCommunityPolicyVersions"), { actor: staff });
  expect(JSON.stringify(versions.reply)).toContain('"policyVersion":"heat-2027-07-a"');

  // Refused cleanly: by our rules (a courier may not send it; the registry will not let a
  // heat wave already begun change the points of the past), and by the input's schema.
  const byCourier = await send("heat-wave", courier, "alert-by-courier", alert);
  expect(byCourier.reply).toMatchObject({ ok: false, error: { code: "access.forbidden" } });
  expect(byCourier.code).toBe("403");
  const past = new Date(Date.now() - 3_600_000).toISOString();
  const late = await send("heat-wave", weatherDesk, "alert-late", {
    ...alert,
    data: { ...alert.data, alertId: "late", from: past },
  });
  expect(late.reply).toMatchObject({
    ok: false,
    error: { code: "community.policy_effective_in_past" },
  });
  const hot = await send("heat-wave", weatherDesk, "alert-boiling", {
    ...alert,
    data: { ...alert.data, alertId: "boiling", celsius: 99 },
  });
  expect(hot.reply).toMatchObject({ ok: false, error: { code: "input.invalid" } });
  expect(hot.code).toBe("400");

  // The notice, from our CommunityPolicyPublished event, in the courier's inbox: a
  // district notice of the notifications service, in each language, until the campaign ends.
  const inbox = (language: string) =>
    eventually(`the notice in ${language}`, async () => {
      const answer = await ask(to("notifications", "ListMyNotices"), { actor: courier, language });
      const page = answer.reply.value as { items: Array<Record<string, unknown>> };
      const found = page.items.filter((item) => item.kind === "district-notice");
      return found.length > 0 ? found : undefined;
    });
  const inChinese = await inbox("zh-CN");
  expect(inChinese).toHaveLength(1);
  expect(inChinese[0]).toMatchObject({
    about: { aggregate: "districtNotice", id: "heat-2027-07-a" },
    title: "高温关爱：活动积分加倍",
    read: false,
  });
  expect(inChinese[0]?.body).toContain("按 2 倍计");
  expect(inChinese[0]?.expiresAt).toBe(new Date(Date.parse(from) + 7 * 86_400_000).toISOString());
  const inEnglish = await inbox("en");
  expect(inEnglish[0]).toMatchObject({ title: "Heat-wave care: more points for taking part" });
  expect(inEnglish[0]?.body).toContain("count 2 times");

  // A report verified inside the campaign: 5 points and a 5-point campaign bonus (×2).
  await eventually("the campaign has begun", async () =>
    Date.now() > Date.parse(from) + 500 ? true : undefined,
  );
  await send("reports", courier, "report-1", {
    type: "SubmitReport",
    data: {
      reportId: "r-shade-1",
      category: "safety-hazard",
      description: "The shade canopy over the charging point at pier 2 has collapsed",
      location: {
        point: { latitude: 30.7401, longitude: 121.3507, datum: "GCJ-02" },
        address: "Pier 2, Harbour East",
      },
      observedAt: new Date(Date.now() - 60_000).toISOString(),
    },
  });
  expect(
    (
      await send("reports", staff, "accept-1", {
        type: "AcceptReport",
        data: { reportId: "r-shade-1" },
      })
    ).reply.ok,
  ).toBe(true);
  const balance = await eventually("the bonus", async () => {
    const answer = await ask(to("points", "GetPointsBalance"), { actor: staff, courierId: "c-1" });
    const value = answer.reply.value as { balance: number };
    return value.balance >= 20 ? value.balance : undefined;
  });
  // 10 welcome (before the campaign, not multiplied) + 5 report + 5 bonus.
  expect(balance).toBe(20);
};

beforeAll(async () => {
  connection = await connect({ servers: natsUrl });
});

afterAll(async () => {
  await connection?.close();
  // Each process group stopped, and waited for, before the global teardown stops NATS.
  await Promise.all(
    started.map((child) => {
      if (child.pid === undefined || child.exitCode !== null) return Promise.resolve();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      return Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    }),
  );
}, 30_000);

describe("the heat-wave service", () => {
  it("runs as a plugin the station program loads from its configuration", async () => {
    const root = `hw${Math.random().toString(16).slice(2, 10)}`;
    startStation(root, [join(workspace, "src/heat-wave.ts")]);
    await heatWaveStory(root);
  }, 150_000);

  it("runs as its own process beside a station that does not know it", async () => {
    const root = `hw${Math.random().toString(16).slice(2, 10)}`;
    const directory = startStation(root, []);
    start(["src/main.ts"], workspace, environmentFor(root, directory));
    await heatWaveStory(root);
  }, 150_000);
});
