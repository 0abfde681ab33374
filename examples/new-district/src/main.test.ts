import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const workspace = join(import.meta.dirname, "..");

/** The example's own code: non-blank lines of its sources that are not comments. */
const ownCodeLines = (): number =>
  readdirSync(join(workspace, "src"))
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .flatMap((file) => readFileSync(join(workspace, "src", file), "utf8").split("\n"))
    .filter((line) => !/^\s*($|\/\/|\/\*|\*)/.test(line)).length;

describe("the new district's example", () => {
  it("is under 50 lines of its own code", () => {
    expect(ownCodeLines()).toBeLessThan(50);
  });

  it("runs its station on its policy and lists every mistake of the draft in both languages", async () => {
    const { stdout } = await promisify(execFile)(
      "npx",
      ["tsx", "--conditions=@courier-station/source", "src/main.ts"],
      { cwd: workspace, timeout: 90_000 },
    );
    const lines = stdout.split("\n");
    const policy = JSON.parse(lines[0]?.replace(/^policy \/ 政策: /, "") ?? "null");
    expect(policy.general.languages).toEqual(["en", "zh-CN"]);
    expect(policy.categories).toContain("battery-charging-hazard → fire-safety");
    expect(policy.wishValueCapFen).toBe(15_000);
    for (const step of [
      "OpenStation",
      "RegisterCourier",
      "VerifyCourier",
      "SubmitReport",
      "AcceptReport",
      "SubmitSuggestion",
      "AdoptSuggestion",
    ]) {
      expect(stdout).toMatch(new RegExp(` ${step}: applied$`, "m"));
    }
    // The district's table, not Jinshan's (10 welcome, 5 a report, 20 a suggestion): 5 + 12 + 15.
    expect(stdout).toContain("Lin's points / 林的积分: 32");
    expect(stdout).toContain(
      'Moon Bay\'s amenities / 月亮湾驿站设施: {"standard":["charging","drinking-water","first-aid"],"others":["Battery-swap cabinet","Rain-gear lending","Tyre pump"]}',
    );
    expect(stdout).toContain('"byCategory":{"battery-charging-hazard":{"submitted":0,"accepted":1');
    expect(stdout).toContain(
      'December points earned / 十二月所得积分: {"participation":0,"report":12,"suggestion":15,"patrol":0,"welcome":5,"campaign_bonus":0}',
    );
    const problems = lines
      .filter((line) => line.startsWith("policy-with-mistakes.yaml: "))
      .map((line) => line.slice("policy-with-mistakes.yaml: ".length));
    expect(problems).toEqual([
      "general.timeZone",
      "general.languages",
      "reports.duplicateRadiusMetres",
      "points.welcome",
      "points.caps",
      "wishes.valueCapFen",
      "points.reportVerified.byCategory.lake-shor",
    ]);
    expect(stdout).toContain(
      'en: not a report category of reports.categories; did you mean "lake-shore"?',
    );
    expect(stdout).toContain(
      "中文: 没有这种报告类别（见 reports.categories）；是否为“lake-shore”？",
    );
    expect(stdout.match(/^ {4}en: /gm)).toHaveLength(7);
    expect(stdout.match(/^ {4}中文: /gm)).toHaveLength(7);
  }, 120_000);
});
