import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * The client against a real station: the station program (`npm start`'s) in its own
 * process on NATS with a random subject root and the memory store, the client in another,
 * and the README's `nats req` lines sent as written.
 */

const natsUrl = process.env.NATS_URL;
if (natsUrl === undefined) throw new Error("NATS_URL is set by the global setup; run with vitest.");

const workspace = join(import.meta.dirname, "..");
const repository = join(workspace, "../..");
const root = `bc${Math.random().toString(16).slice(2, 10)}`;
const community = "harbour-east";
const directory = mkdtempSync(join(tmpdir(), "bus-client-"));
const environment = {
  ...process.env,
  NATS_URL: natsUrl,
  CS_SUBJECT_ROOT: root,
  CS_STORE: "memory",
  DATA_DIR: join(directory, "data"),
  PORT: "0",
  LOG_LEVEL: "warn",
  CS_SEAL_KEY: "a-seal-secret-of-32-bytes-000000",
  CS_MOBILE_KEY_SECRET: "a-mobile-secret-of-32-bytes-0000",
};
let station: ChildProcess | undefined;
let connection: NatsConnection;
const decoder = new TextDecoder();

const ask = async (subject: string, body: string) => {
  const message = await connection.request(subject, body, { timeout: 10_000 });
  return {
    reply: JSON.parse(decoder.decode(message.data)) as {
      ok: boolean;
      value?: Record<string, unknown>;
      error?: { code: string };
    },
    code: message.headers?.get("Nats-Service-Error-Code") ?? "",
  };
};

beforeAll(async () => {
  const config = join(directory, "station.yaml");
  writeFileSync(
    config,
    "settings:\n  communities:\n    - id: harbour-east\n      name: { zh-CN: 港东社区, en: Harbour East }\n      district: { zh-CN: 示例区, en: Example District }\n",
  );
  station = spawn(
    join(repository, "node_modules/.bin/tsx"),
    ["--conditions=@courier-station/source", "services/station/src/main.ts", "--config", config],
    { cwd: repository, env: environment, stdio: "ignore", detached: true },
  );
  connection = await connect({ servers: natsUrl });
  // Ready when the configured community is registered and answered over the bus.
  const started = Date.now();
  for (;;) {
    const answer = await ask(
      `${root}.${community}.registry.GetCommunity`,
      JSON.stringify({ actor: { role: "staff", id: "staff-desk-1", communities: [community] } }),
    ).catch(() => undefined);
    if (answer?.reply.ok === true) break;
    if (Date.now() - started > 60_000) throw new Error("the station did not start within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 90_000);

afterAll(async () => {
  await connection?.close();
  // The station's process group stopped, and waited for, before the global teardown stops NATS.
  if (station?.pid !== undefined && station.exitCode === null) {
    const exited = new Promise((resolve) => station?.once("exit", resolve));
    process.kill(-station.pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  }
}, 30_000);

const runClient = async () => {
  const { stdout } = await promisify(execFile)("npx", ["tsx", "src/main.ts"], {
    cwd: workspace,
    env: { ...process.env, NATS_URL: natsUrl, CS_SUBJECT_ROOT: root },
    timeout: 60_000,
  });
  return stdout;
};

describe("a district's system on the bus, with nothing but the NATS client", () => {
  it("files a report, follows its status changes and reads the courier's points", async () => {
    const stdout = await runClient();
    for (const step of [
      "registry.RegisterCourier",
      "registry.VerifyCourier",
      "reports.SubmitReport",
      "reports.AcceptReport",
      "reports.StartReportWork",
      "reports.ResolveReport",
    ]) {
      expect(stdout).toMatch(new RegExp(`^${step.replace(".", "\\.")}: applied`, "m"));
    }
    expect(stdout).toContain(
      `${root}.${community}.reports.SubmitReport: refused command.id_conflict (Nats-Service-Error-Code 409)`,
    );
    expect(stdout).toContain("differs at: command.data.category");
    const statuses = [...stdout.matchAll(/report\.Report\w+: r-harbour-lamp-1 is now (\w+)/g)].map(
      (match) => match[1],
    );
    expect(statuses).toEqual(["submitted", "accepted", "in_progress", "resolved"]);
    expect(stdout).toContain("courier-c-harbour-1 +10 (welcome)");
    expect(stdout).toContain("courier-c-harbour-1 +5 (report)");
    expect(stdout).toContain('"balance":15,"held":0,"available":15');
  }, 90_000);

  it("changes nothing when run again: every command is a duplicate", async () => {
    const stdout = await runClient();
    expect(stdout).not.toMatch(/: applied/);
    expect(stdout.match(/: duplicate/g)).toHaveLength(6);
    expect(stdout).toContain('"balance":15');
  }, 90_000);

  it("answers the README's nats CLI requests as the README says", async () => {
    const readme = readFileSync(join(workspace, "README.md"), "utf8");
    const requests = [...readme.matchAll(/^nats req (cs\.\S+) '(.*)'$/gm)].map((match) => ({
      subject: (match[1] ?? "").replace(/^cs\./, `${root}.`),
      body: match[2] ?? "",
    }));
    expect(requests.map((request) => request.subject.split(".").slice(2).join("."))).toEqual([
      "registry.RegisterCourier",
      "registry.VerifyCourier",
      "reports.SubmitReport",
      "reports.AcceptReport",
      "reports.GetReport",
      "points.GetPointsBalance",
      "reports.SubmitReport",
    ]);
    const answers = [];
    for (const request of requests) answers.push(await ask(request.subject, request.body));
    for (const answer of answers.slice(0, 4)) {
      expect(answer.reply).toMatchObject({ ok: true, value: { outcome: "applied" } });
    }
    expect(answers[4]?.reply).toMatchObject({ ok: true, value: { status: "accepted" } });
    expect(answers[5]?.reply.ok).toBe(true);
    expect(answers[6]?.reply).toMatchObject({ ok: false, error: { code: "input.invalid" } });
    expect(answers[6]?.code).toBe("400");
    // Sent again, as the README says: duplicates.
    const again = await ask(requests[0]?.subject ?? "", requests[0]?.body ?? "");
    expect(again.reply).toMatchObject({ ok: true, value: { outcome: "duplicate" } });
  }, 60_000);

  it("discovers the services as NATS micro services, with the subjects used here", async () => {
    const replies = await connection.requestMany("$SRV.INFO.reports", "", { maxWait: 2_000 });
    const subjects: string[] = [];
    for await (const message of replies) {
      const info = JSON.parse(decoder.decode(message.data)) as {
        name: string;
        endpoints: Array<{ subject: string }>;
      };
      subjects.push(...info.endpoints.map((endpoint) => endpoint.subject));
    }
    const ours = subjects.filter((subject) => subject.startsWith(`${root}.`));
    expect(ours).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${root}\\.[^.]+\\.reports\\.SubmitReport$`)),
        expect.stringMatching(new RegExp(`^${root}\\.[^.]+\\.reports\\.AcceptReport$`)),
      ]),
    );
  }, 30_000);
});
