import { CommunityId, MobileNumber } from "@courier-station/core";
import { Effect, Either } from "effect";
import { describe, expect, it } from "vitest";
import { RegistrySecrets } from "../secrets.js";
import { testSettings } from "../test-station.js";
import { decodeRosterContent, readRosterTable } from "./roster-file.js";
import { registrationOfRow, rosterColumnsOf, rosterCommandId } from "./roster-rows.js";

const community = CommunityId.parse("jinshan-wanda");
const { mobileKeyOf } = RegistrySecrets.fromSettings(testSettings);
const meituan = { kind: "platform", platform: "meituan" } as const;
const station = { kind: "station", stationId: "wanda-1" } as never;

describe("a roster's columns", () => {
  it("are found by their English or Chinese names, whatever the case and spacing", () => {
    const columns = rosterColumnsOf(
      ["Nick Name", "姓名", "mobile_number", "用工方式", "", "党员"],
      meituan,
    );
    expect(columns).toEqual(
      Either.right({ nickname: 0, realName: 1, mobileNumber: 2, employment: 3, partyMember: 5 }),
    );
  });

  it("refuse a header with columns missing, unknown or repeated, naming each", () => {
    const columns = rosterColumnsOf(["昵称", "昵称", "工资"], station);
    if (Either.isRight(columns)) return expect.fail("the header should be refused");
    expect(columns.left).toMatchObject({
      code: "roster.columns_invalid",
      missing: ["realName", "mobileNumber", "employment", "platforms"],
      unknown: ["工资"],
      repeated: ["昵称"],
    });
    expect(columns.left.text["zh-CN"]).toContain("缺少列");
  });
});

describe("a roster's rows", () => {
  const header = ["昵称", "姓名", "手机号", "平台", "用工方式", "党员", "站点"];
  const columns = Either.getOrThrow(rosterColumnsOf(header, meituan));
  const row = (cells: ReadonlyArray<string>) =>
    registrationOfRow({ rowNumber: 2, cells }, columns, meituan, { community, mobileKeyOf });

  it("read names of platforms and kinds of employment in either language, adding the roster's platform", () => {
    const registration = Either.getOrThrow(
      row(["小李", "李大力", "+86 139-0013-9000", "Ele.me、京东", "众包", "否", ""]),
    );
    expect(registration.data).toMatchObject({
      nickname: "小李",
      mobileNumber: "13900139000",
      platforms: ["eleme", "jd", "meituan"],
      employment: "crowd-sourced",
      partyMember: false,
    });
    expect(registration.data).not.toHaveProperty("stationId");
  });

  it("give the same person the same courier id in every file, from the number's key", () => {
    const first = Either.getOrThrow(row(["小王", "王小明", "138 0013 8000", "", "专送", "是", ""]));
    const second = Either.getOrThrow(
      row(["王哥", "王小明", "+8613800138000", "美团", "full-time", "", "wanda-2"]),
    );
    expect(first.data.courierId).toBe(second.data.courierId);
    expect(first.data.courierId).toMatch(/^c-[0-9a-f]{24}$/);
    expect(first.data.courierId).not.toContain(
      mobileKeyOf(MobileNumber.parse("13800138000")).slice(0, 24),
    );
  });

  it("refuse a row with every problem, each naming its column, in both languages", () => {
    const refused = row(["", "王小明", "12345", "滴滴", "兼职工", "也许", ""]);
    if (Either.isRight(refused)) return expect.fail("the row should be refused");
    const fields = refused.left.issues.map((issue) => issue.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "data.nickname",
        "data.mobileNumber",
        "data.platforms.0",
        "data.employment",
        "data.partyMember",
      ]),
    );
    expect(fields).not.toContain("data.courierId");
    for (const issue of refused.left.issues) {
      expect(issue.message["zh-CN"]).toMatch(/\p{Script=Han}/u);
      expect(issue.message.en).toMatch(/[A-Za-z]/);
    }
  });

  it("place a station's roster at its station unless a row names another", () => {
    const stationColumns = Either.getOrThrow(rosterColumnsOf(header, station));
    const at = (stationId: string) =>
      Either.getOrThrow(
        registrationOfRow(
          { rowNumber: 3, cells: ["小王", "王小明", "13800138000", "美团", "专送", "", stationId] },
          stationColumns,
          station,
          { community, mobileKeyOf },
        ),
      ).data.stationId;
    expect(at("")).toBe("wanda-1");
    expect(at("wanda-2")).toBe("wanda-2");
  });

  it("derive one command id per staff member and row, outside the system's namespace", () => {
    const registration = Either.getOrThrow(
      row(["小王", "王小明", "13800138000", "", "专送", "", ""]),
    );
    const id = rosterCommandId(community, "staff-wang", registration);
    expect(id).toMatch(/^roster-[0-9a-f]{40}$/);
    expect(rosterCommandId(community, "staff-wang", registration)).toBe(id);
    expect(rosterCommandId(community, "staff-li", registration)).not.toBe(id);
  });
});

describe("a roster file", () => {
  it("is read from base64 pieces joined in order, the URL-safe alphabet too", async () => {
    const text = "昵称,姓名\n小王,王小明\n\n小李,李大力\n";
    const base64 = Buffer.from(`\uFEFF${text}`).toString("base64url");
    const bytes = Either.getOrThrow(
      decodeRosterContent("csv", [[base64.slice(0, 5)], [base64.slice(5)]]),
    );
    const table = await Effect.runPromise(readRosterTable("csv", bytes));
    expect(table).toEqual({
      header: ["昵称", "姓名"],
      rows: [
        { rowNumber: 2, cells: ["小王", "王小明"] },
        { rowNumber: 4, cells: ["小李", "李大力"] },
      ],
    });
  });

  it("refuses content that is not base64, and CSV that is not well formed", async () => {
    expect(Either.isLeft(decodeRosterContent("csv", [["YQ==YQ=="]]))).toBe(true);
    const broken = new TextEncoder().encode('a,b\n"unclosed,1\n');
    const exit = await Effect.runPromiseExit(readRosterTable("csv", broken));
    expect(exit._tag).toBe("Failure");
  });
});
