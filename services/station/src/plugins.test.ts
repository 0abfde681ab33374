import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Bus } from "@courier-station/kit";
import { Effect, Either } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isServiceDefinition, loadPlugins } from "./plugins.js";
import { ownServiceNames, type RunningStation, startStation } from "./station.js";

/*
 * A district's own services named in the configuration's `plugins:`: loaded into the
 * station's process and run beside ours; a bad one stops the start, saying why in both
 * languages. The plugins are the small modules in ./test-plugins.
 */

const here = dirname(fileURLToPath(import.meta.url));
const quiet = { LOG_LEVEL: "silent" } as const;
let directory: string;
let running: RunningStation | undefined;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "station-plugins-"));
});
afterEach(async () => {
  await running?.close();
  running = undefined;
  rmSync(directory, { recursive: true, force: true });
});

const withPlugins = (...plugins: ReadonlyArray<string>) => {
  const file = join(directory, "station.yaml");
  writeFileSync(
    file,
    `settings:\n  plugins:\n${plugins.map((plugin) => `    - ${JSON.stringify(plugin)}\n`).join("")}`,
  );
  return startStation({
    cwd: here,
    env: { ...quiet, DATA_DIR: directory },
    argv: ["--config", file],
  });
};

const refusedWith = async (...plugins: ReadonlyArray<string>) => {
  const result = await withPlugins(...plugins);
  if (Either.isRight(result)) {
    await result.right.close();
    throw new Error("the station started");
  }
  return result.left;
};

describe("a plugin", () => {
  it("runs in the station's process beside our services and answers on the bus", async () => {
    const result = await withPlugins("./test-plugins/heat-wave.ts");
    if (Either.isLeft(result)) throw new Error(result.left.text.en);
    running = result.right;
    expect(running.services).toEqual(expect.arrayContaining(["registry", "points", "heat-wave"]));
    expect(running.plugins.map((plugin) => plugin.specifier)).toEqual([
      "./test-plugins/heat-wave.ts",
    ]);
    const reply = await running.run(
      Effect.flatMap(Bus, (bus) =>
        bus.request({
          to: { community: "jinshan-wanda", service: "heat-wave", endpoint: "AlertLevel" },
          payload: { celsius: 38.5 },
        }),
      ),
    );
    expect(reply).toMatchObject({ ok: true, value: { level: "orange" } });
  });

  it("can be run alone with --service, as on NATS", async () => {
    const file = join(directory, "station.yaml");
    writeFileSync(file, 'settings:\n  plugins: ["./test-plugins/heat-wave.ts"]\n');
    const result = await startStation({
      cwd: here,
      env: { ...quiet, DATA_DIR: directory },
      argv: ["--config", file, "--service", "heat-wave"],
    });
    if (Either.isLeft(result)) throw new Error(result.left.text.en);
    running = result.right;
    expect(running.services).toEqual(["heat-wave"]);
  });

  it("that cannot be found stops the start, by path and by package name", async () => {
    const refused = await refusedWith("./test-plugins/absent.ts", "@district/no-such-plugin");
    expect(refused.problems.map((problem) => [problem.field, problem.code])).toEqual([
      ["settings.plugins.0", "plugin.missing"],
      ["settings.plugins.1", "plugin.missing"],
    ]);
    expect(refused.text.en).toContain('The plugin "./test-plugins/absent.ts" cannot be found');
    expect(refused.text["zh-CN"]).toContain("找不到插件“@district/no-such-plugin”");
  });

  it("that exports no service definition stops the start", async () => {
    const refused = await refusedWith("./test-plugins/not-a-service.ts");
    expect(refused.problems.map((problem) => problem.code)).toEqual(["plugin.not_a_service"]);
    expect(refused.text.en).toContain(
      'The plugin "./test-plugins/not-a-service.ts" exports no service definition',
    );
    expect(refused.text["zh-CN"]).toContain("没有导出服务定义");
  });

  it("that takes the name of one of our services stops the start", async () => {
    const refused = await refusedWith("./test-plugins/named-points.ts");
    expect(refused.problems.map((problem) => problem.code)).toEqual(["plugin.name_clash"]);
    expect(refused.text.en).toContain(
      'has a service named "points", which is the name of one of the station\'s own services',
    );
    expect(refused.text["zh-CN"]).toContain("与本站自带的服务重名");
  });

  it("that takes another plugin's name stops the start", async () => {
    const refused = await refusedWith(
      "./test-plugins/heat-wave.ts",
      "./test-plugins/heat-wave-again.ts",
    );
    expect(refused.problems.map((problem) => problem.code)).toEqual(["plugin.name_clash"]);
    expect(refused.text.en).toContain(
      'The plugin "./test-plugins/heat-wave-again.ts" has a service named "heat-wave", as the plugin "./test-plugins/heat-wave.ts" does',
    );
  });

  it("that fails while loading stops the start with its reason", async () => {
    const refused = await refusedWith("./test-plugins/broken.ts");
    expect(refused.problems.map((problem) => problem.code)).toEqual(["plugin.failed"]);
    expect(refused.text.en).toContain("failed while loading: no heat sensor configured");
    expect(refused.text["zh-CN"]).toContain("加载时出错");
  });

  it("problems of several plugins are listed together", async () => {
    const refused = await refusedWith(
      "./test-plugins/not-a-service.ts",
      "./test-plugins/named-points.ts",
      "./test-plugins/absent.ts",
    );
    expect(refused.problems.map((problem) => problem.code)).toEqual([
      "plugin.not_a_service",
      "plugin.name_clash",
      "plugin.missing",
    ]);
  });
});

describe("loadPlugins", () => {
  it("reserves the names it is given, and the station gives it every name of ours", async () => {
    const { problems } = await loadPlugins(["./test-plugins/named-points.ts"], here, ["wishes"]);
    expect(problems).toEqual([]);
    expect(ownServiceNames).toEqual(
      expect.arrayContaining(["wishes", "insights", "notifications", "gateway"]),
    );
  });

  it("recognises a service definition by its shape", () => {
    expect(
      isServiceDefinition({
        name: "x",
        version: "1.0.0",
        endpoints: [],
        consumers: [],
        timers: [],
      }),
    ).toBe(true);
    expect(isServiceDefinition({ name: "x", version: "1.0.0" })).toBe(false);
    expect(isServiceDefinition(null)).toBe(false);
  });
});
