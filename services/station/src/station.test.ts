import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, registryContract } from "@courier-station/contracts";
import { type Actor, CommunityId } from "@courier-station/core";
import { Either } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { developmentSecretsFile } from "./development-secrets.js";
import { createStaffIfAsked } from "./gateway.js";
import { type RunningStation, startStation, stationFlags } from "./station.js";
import { welcomeText } from "./welcome.js";

/*
 * The station program as a person starts it: in an empty directory, with nothing
 * configured, or with a configuration file; `--service` picking one service.
 */

const quiet = { LOG_LEVEL: "silent" } as const;
let directory: string;
let running: RunningStation | undefined;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "station-"));
});
afterEach(async () => {
  await running?.close();
  running = undefined;
  rmSync(directory, { recursive: true, force: true });
});

const started = async (options: Parameters<typeof startStation>[0]) => {
  const result = await startStation({ cwd: directory, env: quiet, ...options });
  if (Either.isLeft(result)) throw new Error(result.left.text.en);
  running = result.right;
  return result.right;
};

const refusal = async (options: Parameters<typeof startStation>[0]) => {
  const result = await startStation({ cwd: directory, env: quiet, ...options });
  if (Either.isRight(result)) {
    await result.right.close();
    throw new Error("the station started");
  }
  return result.left;
};

const shanyang = `
settings:
  communities:
    - id: shanyang-town
      name: { zh-CN: 山阳镇, en: Shanyang Town }
      district: { zh-CN: 上海市金山区, en: "Jinshan District, Shanghai" }
`;
const staffOf = (community: string): Actor => ({
  role: "staff",
  id: "staff-1",
  communities: [CommunityId.parse(community)],
});

describe("the embedded station", () => {
  it("starts from nothing in ./data with every built service and answers over its bus", async () => {
    const station = await started({});
    expect(station.services).toEqual([
      "registry",
      "activities",
      "reports",
      "points",
      "wishes",
      "insights",
      "notifications",
    ]);
    expect(station.config.store).toEqual({
      kind: "sqlite",
      path: join(directory, "data", "courier-station.sqlite"),
    });
    expect(station.config.bus.kind).toBe("in-process");
    expect(station.relay).toBeDefined();
    expect(station.servesHttp).toBe(true);
    // Nothing is configured, so no community is registered: the registry answers so.
    const policy = await station.run(
      call(registryContract, "GetCommunityPolicyVersions", "jinshan-wanda", {
        actor: staffOf("jinshan-wanda"),
      }),
    );
    expect(policy).toEqual({ versions: [] });
  });

  it("registers the configured communities once and answers a registry query for them", async () => {
    const file = join(directory, "station.yaml");
    writeFileSync(file, shanyang);
    const first = await started({ argv: ["--config", file] });
    expect(first.notes.map((note) => note.en)).toContain(
      "Registered the community shanyang-town (Shanyang Town)",
    );
    const community = await first.run(
      call(registryContract, "GetCommunity", "shanyang-town", { actor: staffOf("shanyang-town") }),
    );
    expect(community.name).toEqual({ "zh-CN": "山阳镇", en: "Shanyang Town" });
    await first.close();
    running = undefined;
    const second = await started({ argv: ["--config", file] });
    expect(second.notes.map((note) => note.en)).toContain(
      "The community shanyang-town is registered",
    );
  });

  it("generates development secrets once, keeps them in the data directory and says so", async () => {
    const first = await started({});
    const path = join(directory, "data", developmentSecretsFile);
    expect(first.notes.map((note) => note.en).join("\n")).toContain(
      `generated a personal-data seal key and a mobile-number key for local development, kept in ${path}`,
    );
    expect(first.notes.map((note) => note["zh-CN"]).join("\n")).toContain("仅限开发使用");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const secrets = readFileSync(path, "utf8");
    await first.close();
    running = undefined;
    const second = await started({});
    expect(readFileSync(path, "utf8")).toBe(secrets);
    expect(second.notes.map((note) => note.en).join("\n")).toContain(
      `Using the local development secrets in ${path}`,
    );
  });

  it("takes the secrets from the environment when they are given, and writes none", async () => {
    const station = await started({
      env: {
        ...quiet,
        CS_SEAL_KEY: "a-seal-secret-of-32-bytes-000000",
        CS_MOBILE_KEY_SECRET: "a-mobile-secret-of-32-bytes-0000",
      },
    });
    expect(station.notes).toEqual([]);
    expect(() => statSync(join(directory, "data", developmentSecretsFile))).toThrow();
  });
});

describe("--create-staff", () => {
  it("makes a station's first staff account once, with the password from the environment", async () => {
    const station = await started({});
    const argv = ["--create-staff", "wang", "--community", "jinshan-wanda"];
    const env = { CS_STAFF_PASSWORD: "a long passphrase for wang" };
    expect(await createStaffIfAsked(station, [], env)).toEqual({ kind: "not-asked" });
    expect(await createStaffIfAsked(station, argv, env)).toEqual({
      kind: "created",
      login: "wang",
      communities: ["jinshan-wanda"],
    });
    expect(await createStaffIfAsked(station, argv, env)).toMatchObject({ kind: "failed" });
    expect(await createStaffIfAsked(station, argv, {})).toEqual({
      kind: "failed",
      reason: "--create-staff reads the password from CS_STAFF_PASSWORD, which is not set",
    });
  });
});

describe("the welcome", () => {
  it("says in zh-CN and en what runs, where the data is, where to go and what to do next", async () => {
    const station = await started({});
    const withoutHttp = welcomeText(station, { kind: "not-built" });
    expect(withoutHttp).toContain("小哥e站已启动");
    expect(withoutHttp).toContain("Courier Station is running");
    expect(withoutHttp).toContain(
      `SQLite file ${join(directory, "data", "courier-station.sqlite")}`,
    );
    expect(withoutHttp).toContain("the HTTP gateway is not built yet");
    expect(withoutHttp).toContain("npm start -- --demo");
    const gateway = { url: "http://127.0.0.1:3000", close: async () => {} };
    const withHttp = welcomeText(
      station,
      { kind: "started", gateway },
      {
        sent: 10,
        applied: 8,
        duplicates: 0,
        refused: 2,
        skipped: new Map(),
        mismatches: 0,
      },
    );
    expect(withHttp).toContain("web pages and HTTP API: http://127.0.0.1:3000");
    expect(withHttp).toContain("网页与 HTTP 接口：http://127.0.0.1:3000");
    expect(withHttp).toContain(
      "Jinshan demonstration month: 10 commands sent through the services, 8 applied",
    );
    expect(withHttp).not.toContain("npm start -- --demo");
    expect(withHttp).toContain("npm run build -w @courier-station/web");
    const withPages = welcomeText(station, { kind: "started", gateway, webRoot: "/srv/web" });
    expect(withPages).toContain("staff http://127.0.0.1:3000/staff");
    expect(withPages).toContain("工作人员 http://127.0.0.1:3000/staff");
  });
});

describe("--service", () => {
  it("runs the one service it names, without the relay or HTTP", async () => {
    const station = await started({ argv: ["--service", "points"] });
    expect(station.services).toEqual(["points"]);
    expect(station.relay).toBeUndefined();
    expect(station.servesHttp).toBe(false);
  });

  it("with gateway, runs no service and serves HTTP in front of services elsewhere", async () => {
    const station = await started({ argv: ["--service", "gateway"] });
    expect(station.services).toEqual([]);
    expect(station.relay).toBeUndefined();
    expect(station.servesHttp).toBe(true);
  });

  it("runs the relay beside it with --relay", async () => {
    const station = await started({ argv: ["--service", "reports", "--relay"] });
    expect(station.services).toEqual(["reports"]);
    expect(station.relay).toBeDefined();
  });

  it("refuses a service the station does not have, naming those it has", async () => {
    const refused = await refusal({ argv: ["--service", "parcels"] });
    expect(refused.text.en).toContain(
      'The station has no service named "parcels" (it has: registry',
    );
    expect(refused.text["zh-CN"]).toContain("本站没有名为“parcels”的服务");
  });

  it("reads --relay and --demo beside kit's flags", () => {
    expect(stationFlags(["--service", "points", "--relay"])).toEqual({ relay: true, demo: false });
    expect(stationFlags(["--demo"])).toEqual({ relay: false, demo: true });
  });
});

describe("a configuration with problems", () => {
  it("is refused with every problem of its settings listed, in zh-CN and en", async () => {
    const file = join(directory, "station.yaml");
    writeFileSync(
      file,
      `
settings:
  communities:
    - id: Shanyang Town
      name: { zh-CN: 山阳镇, en: Shanyang Town }
    - id: jinshan-wanda
      name: { zh-CN: 金山, en: Jinshan }
      district: { zh-CN: 金山区, en: Jinshan District }
      colour: red
  plugins: "./heat-wave.ts"
`,
    );
    const refused = await refusal({ argv: ["--config", file] });
    expect(refused.problems.map((problem) => problem.field)).toEqual(
      expect.arrayContaining([
        "settings.communities.0.id",
        "settings.communities.0.district",
        "settings.communities.1",
        "settings.plugins",
      ]),
    );
    for (const problem of refused.problems) expect(problem.file).toBe(file);
    expect(refused.text.en).toContain(
      `The configuration has ${refused.problems.length} problem(s)`,
    );
    expect(refused.text["zh-CN"]).toContain(`配置有 ${refused.problems.length} 处问题`);
  });

  it("is refused with every problem of every policy file and plugin at once", async () => {
    writeFileSync(join(directory, "bad-policy.yaml"), "points:\n  welcome: -5\n");
    const file = join(directory, "station.yaml");
    writeFileSync(
      file,
      `
settings:
  policyFile: ./no-such-policy.yaml
  communities:
    - id: shanyang-town
      name: { zh-CN: 山阳镇, en: Shanyang Town }
      district: { zh-CN: 金山区, en: Jinshan District }
      policyFile: ./bad-policy.yaml
  plugins: ["./no-such-plugin.ts"]
`,
    );
    const refused = await refusal({ argv: ["--config", file] });
    const codes = refused.problems.map((problem) => problem.code);
    expect(codes).toContain("policy.unreadable");
    expect(codes).toContain("plugin.missing");
    const fromBadPolicy = refused.problems.filter(
      (problem) => problem.file === "./bad-policy.yaml",
    );
    expect(fromBadPolicy.map((problem) => problem.field)).toContain("points.welcome");
    expect(refused.text.en).toContain("Cannot read the policy file ./no-such-policy.yaml");
    expect(refused.text["zh-CN"]).toContain("无法读取政策文件 ./no-such-policy.yaml");
  });

  it("on NATS or MongoDB, asks for the registry's secrets instead of generating any", async () => {
    const refused = await refusal({
      env: {
        ...quiet,
        NATS_URL: "nats://127.0.0.1:4222",
        MONGODB_URI: "mongodb://127.0.0.1:27017/",
      },
    });
    expect(refused.problems).toEqual([
      expect.objectContaining({ variable: "CS_SEAL_KEY", code: "required" }),
    ]);
    expect(refused.text.en).toContain("CS_SEAL_KEY and CS_MOBILE_KEY_SECRET");
    expect(refused.text["zh-CN"]).toContain("CS_SEAL_KEY 和 CS_MOBILE_KEY_SECRET");
  });

  it("refuses half the registry's secrets, naming the one missing", async () => {
    const refused = await refusal({
      env: { ...quiet, CS_SEAL_KEY: "a-seal-secret-of-32-bytes-000000" },
    });
    expect(refused.problems.map((problem) => problem.field)).toContain(
      "settings.registry.mobileKeySecret",
    );
  });
});
