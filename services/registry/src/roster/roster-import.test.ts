import {
  rosterContentPieceLength,
  rosterContentPiecesPerRequest,
} from "@courier-station/contracts";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import {
  ask,
  courierActor,
  expectRefusal,
  newCommandId,
  otherStaff,
  type RegistryStation,
  refusalOf,
  send,
  staff,
  startRegistry,
  stationOpening,
} from "../test-station.js";
import { processRosterImports } from "./roster-import.js";

/*
 * Roster imports: staff load a platform's or a station's roster from CSV or .xlsx; each
 * row becomes a RegisterCourier with an id derived from it, in the background, with a
 * report of what each row became and the progress while it runs.
 */

const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** The file's bytes in base64, cut into pieces of at most `pieceLength` characters. */
const piecesOf = (bytes: Uint8Array, pieceLength = rosterContentPieceLength): string[] => {
  const text = Buffer.from(bytes).toString("base64");
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += pieceLength) {
    pieces.push(text.slice(start, start + pieceLength));
  }
  return pieces;
};

/** Pieces grouped into parts of at most seven pieces (what one request carries). */
const partsOf = (pieces: ReadonlyArray<string>, perPart = rosterContentPiecesPerRequest) => {
  const parts: string[][] = [];
  for (let start = 0; start < pieces.length; start += perPart) {
    parts.push(pieces.slice(start, start + perPart));
  }
  return parts;
};

const utf8 = (text: string) => new TextEncoder().encode(text);

const meituanCsv = [
  "昵称,姓名,手机号,平台,用工方式,党员,常驻区域",
  "小王,王小明,138 0013 8000,美团,专送,是,万达广场周边",
  "小李,李大力,+86 139-0013-9000,饿了么、美团,众包,否,",
  "小张,张三,12345,美团,专送,否,",
  "小赵,赵四,13800138000,美团,专送,否,",
  "小钱,钱五,13700137000,滴滴,专送,否,",
].join("\r\n");

const startImport = (
  station: RegistryStation,
  importId: string,
  data: Record<string, unknown>,
  commandId = newCommandId(),
  actor = staff,
) =>
  send(
    station,
    "StartRosterImport",
    actor,
    { type: "StartRosterImport", data: { importId, ...data } },
    commandId,
  );

const inlineCsv = (text: string) => ({
  format: "csv",
  file: { kind: "inline", content: piecesOf(utf8(text)) },
});

const untilCompleted = async (station: RegistryStation, importId: string) => {
  for (let attempt = 0; attempt < 400; attempt++) {
    const job = await ask(station, "GetRosterImport", { actor: staff, importId });
    if (job.status === "completed") return job;
    await pause(25);
  }
  return expect.fail(`import ${importId} did not complete`);
};

const rowsOf = async (station: RegistryStation, importId: string) =>
  (await ask(station, "ListRosterImportRows", { actor: staff, importId, limit: 200 })).items;

const courierEvents = async (station: RegistryStation) =>
  (await ask(station, "ListCouriers", { actor: staff, limit: 200 })).items;

describe("roster imports", () => {
  let station: RegistryStation | undefined;
  afterEach(async () => {
    await station?.close();
    station = undefined;
  });

  it("imports a platform's CSV in the background, each row registered or refused with its reason in both languages", async () => {
    station = await startRegistry({ service: { rosterImportEveryMs: 20 } });
    const reply = await startImport(station, "meituan-2026-11", {
      roster: { kind: "platform", platform: "meituan" },
      fileName: "美团骑手名单.csv",
      ...inlineCsv(meituanCsv),
    });
    expect(reply).toMatchObject({ outcome: "applied", id: "meituan-2026-11" });
    const job = await untilCompleted(station, "meituan-2026-11");
    expect(job).toMatchObject({
      rowsTotal: 5,
      rowsDone: 5,
      rowsRegistered: 2,
      rowsUnchanged: 0,
      rowsRefused: 3,
      startedBy: "staff-wang",
    });
    const rows = await rowsOf(station, "meituan-2026-11");
    expect(rows.map((row) => [row.rowNumber, row.outcome, row.refusal?.code])).toEqual([
      [2, "registered", undefined],
      [3, "registered", undefined],
      [4, "refused", "input.invalid"],
      // The same number as row 2: the same courier, whose id derives from the number.
      [5, "refused", "courier.already_registered"],
      [6, "refused", "input.invalid"],
    ]);
    expect(rows[2]?.refusal?.fields?.map((field) => field.field)).toEqual(["mobileNumber"]);
    expect(rows[4]?.refusal?.fields?.map((field) => field.field)).toEqual(["platforms.0"]);
    for (const row of rows.filter((candidate) => candidate.outcome === "refused")) {
      expect(row.refusal?.message["zh-CN"]).toMatch(/\p{Script=Han}/u);
      expect(row.refusal?.message.en).toMatch(/[A-Za-z]{3}/);
    }
    // No personal data in the report.
    expect(JSON.stringify(rows)).not.toMatch(/王小明|13800138000|13900139000/);

    const couriers = await courierEvents(station);
    expect(
      couriers.map((courier) => [courier.nickname, courier.platforms, courier.partyMember]),
    ).toEqual(
      expect.arrayContaining([
        ["小王", ["meituan"], true],
        ["小李", ["eleme", "meituan"], false],
      ]),
    );
    expect(couriers.every((courier) => courier.employment !== undefined)).toBe(true);
    const shown = await ask(station, "GetCourier", {
      actor: staff,
      courierId: rows[0]?.courierId ?? "",
    });
    expect(shown.view === "staff" && shown.history[0]?.by).toBe("staff-wang");
  });

  it("changes nothing when the same file is imported again, and answers the same start as a duplicate", async () => {
    station = await startRegistry({ service: { rosterImportEveryMs: 20 } });
    const roster = { roster: { kind: "platform", platform: "meituan" }, ...inlineCsv(meituanCsv) };
    const commandId = newCommandId();
    const first = await startImport(station, "first", roster, commandId);
    await untilCompleted(station, "first");
    const before = await courierEvents(station);

    expect(await startImport(station, "first", roster, commandId)).toEqual({
      ...first,
      outcome: "duplicate",
    });
    const conflict = await refusalOf(
      startImport(station, "first", { ...roster, fileName: "renamed.csv" }, commandId),
    );
    expectRefusal(conflict, "command.id_conflict", 409);
    expect(conflict.details.field).toBe("command.data.fileName");
    expectRefusal(
      await refusalOf(startImport(station, "first", roster)),
      "roster.import_exists",
      409,
    );

    await startImport(station, "second", roster);
    const again = await untilCompleted(station, "second");
    expect(again).toMatchObject({ rowsRegistered: 0, rowsUnchanged: 2, rowsRefused: 3 });
    const after = await courierEvents(station);
    expect(after).toEqual(before);
  });

  it("imports a station's .xlsx roster sent in parts", async () => {
    station = await startRegistry({ service: { rosterImportEveryMs: 20 } });
    await send(station, "OpenStation", staff, stationOpening("wanda-1"));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("名单");
    sheet.addRow([
      "nickname",
      "realName",
      "mobileNumber",
      "platforms",
      "employment",
      "partyMember",
    ]);
    sheet.addRow(["阿强", "周强", 13500135000, "sf", "crowd-sourced", "no"]);
    sheet.addRow(["阿伟", "吴伟", 13600136000, "京东", "专送", "yes"]);
    sheet.addRow(["阿美", "郑美", 13300133000, "叮咚买菜", "兼职", ""]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    // Three parts, though the file would fit in one: the way a large file travels.
    const pieces = piecesOf(bytes, Math.ceil(bytes.length / 2));
    const parts = partsOf(pieces, 1);
    expect(parts.length).toBeGreaterThan(1);
    for (const [index, content] of parts.entries()) {
      const uploaded = await send(station, "UploadRosterImportPart", staff, {
        type: "UploadRosterImportPart",
        data: { importId: "wanda-1-roster", part: index + 1, content },
      });
      expect(uploaded.outcome).toBe("applied");
    }
    await startImport(station, "wanda-1-roster", {
      roster: { kind: "station", stationId: "wanda-1" },
      format: "xlsx",
      file: { kind: "parts", parts: parts.length },
    });
    const job = await untilCompleted(station, "wanda-1-roster");
    expect(job).toMatchObject({ rowsTotal: 3, rowsRegistered: 3, rowsRefused: 0, format: "xlsx" });
    const atStation = await ask(station, "ListCouriers", { actor: staff, stationId: "wanda-1" });
    expect(
      atStation.items
        .map((courier) => [courier.platforms[0], courier.nickname, courier.employment])
        .sort(),
    ).toEqual([
      ["dingdong", "阿美", "crowd-sourced"],
      ["jd", "阿伟", "full-time"],
      ["sf", "阿强", "crowd-sourced"],
    ]);
  });

  it("shows the progress of an import while it runs, and resumes it after a restart", async () => {
    // The timer runs once at start, before there is anything to import.
    station = await startRegistry({ service: { rosterImportEveryMs: 3_600_000 } });
    await startImport(station, "slow", {
      roster: { kind: "platform", platform: "meituan" },
      ...inlineCsv(meituanCsv),
    });
    const waiting = await ask(station, "GetRosterImport", { actor: staff, importId: "slow" });
    expect(waiting).toMatchObject({ status: "running", rowsTotal: 5, rowsDone: 0 });
    // A fresh cache: the file is read again from its stored parts, as after a restart.
    await station.run(processRosterImports(new Map(), { rowsPerRun: 2, rowsPerSave: 1 }));
    const midway = await ask(station, "GetRosterImport", { actor: auditor(), importId: "slow" });
    expect(midway).toMatchObject({ status: "running", rowsDone: 2, rowsRegistered: 2 });
    const done = await rowsOf(station, "slow");
    expect(done.map((row) => row.rowNumber)).toEqual([2, 3]);
    await station.run(processRosterImports(new Map(), { rowsPerRun: 100 }));
    const finished = await ask(station, "GetRosterImport", { actor: staff, importId: "slow" });
    expect(finished).toMatchObject({ status: "completed", rowsDone: 5, rowsRefused: 3 });
    expect(finished.finishedAt).toBeDefined();
  });

  it("refuses a file it cannot read, or whose columns are wrong, at once, keeping nothing", async () => {
    station = await startRegistry({ service: { rosterImportEveryMs: 20 } });
    const platform = { roster: { kind: "platform", platform: "meituan" } };
    // "小王" in GBK, as Excel in China saves CSV by default.
    const gbk = new Uint8Array([0xd0, 0xa1, 0xcd, 0xf5, 0x2c, 0x31, 0x0a]);
    const cases: ReadonlyArray<readonly [string, Record<string, unknown>, string, number]> = [
      [
        "gbk",
        { ...platform, format: "csv", file: { kind: "inline", content: piecesOf(gbk) } },
        "roster.file_unreadable",
        400,
      ],
      [
        "columns",
        { ...platform, ...inlineCsv("昵称,姓名,工资\n小王,王小明,9000") },
        "roster.columns_invalid",
        400,
      ],
      [
        "not-xlsx",
        { ...platform, format: "xlsx", file: { kind: "inline", content: piecesOf(utf8("a,b")) } },
        "roster.file_unreadable",
        400,
      ],
      [
        "empty",
        { ...platform, ...inlineCsv("昵称,姓名,手机号,用工方式\n") },
        "roster.row_count_invalid",
        422,
      ],
      [
        "parts",
        { ...platform, format: "csv", file: { kind: "parts", parts: 2 } },
        "roster.parts_missing",
        422,
      ],
      [
        "nowhere",
        { roster: { kind: "station", stationId: "nowhere" }, ...inlineCsv(meituanCsv) },
        "station.not_found",
        404,
      ],
    ];
    for (const [importId, data, code, status] of cases) {
      const refused = await refusalOf(startImport(station, importId, data));
      expectRefusal(refused, code, status);
      expectRefusal(
        await refusalOf(ask(station, "GetRosterImport", { actor: staff, importId })),
        "roster.import_not_found",
        404,
      );
    }
    const columns = await refusalOf(
      startImport(station, "columns-2", {
        ...platform,
        ...inlineCsv("昵称,姓名,工资\n小王,王小明,9000"),
      }),
    );
    expect(columns.text.en).toContain("mobileNumber");
    expect(columns.text.en).toContain("工资");
    expect(await courierEvents(station)).toEqual([]);
  });

  it("refuses more rows than one import takes", async () => {
    station = await startRegistry({ service: { rosterImportEveryMs: 3_600_000 } });
    const lines = ["nickname,realName,mobileNumber,employment"];
    for (let row = 0; row < 5_001; row++) {
      lines.push(`n${row},名${row},1390${String(row).padStart(7, "0")},full-time`);
    }
    const parts = partsOf(piecesOf(utf8(lines.join("\n"))));
    expect(parts.length).toBeGreaterThan(1);
    for (const [index, content] of parts.entries()) {
      await send(station, "UploadRosterImportPart", staff, {
        type: "UploadRosterImportPart",
        data: { importId: "huge", part: index + 1, content },
      });
    }
    const refused = await refusalOf(
      startImport(station, "huge", {
        roster: { kind: "platform", platform: "meituan" },
        format: "csv",
        file: { kind: "parts", parts: parts.length },
      }),
    );
    expectRefusal(refused, "roster.row_count_invalid", 422);
  });

  it("lets only staff of the community import", async () => {
    station = await startRegistry({ service: { rosterImportEveryMs: 3_600_000 } });
    const data = { roster: { kind: "platform", platform: "meituan" }, ...inlineCsv(meituanCsv) };
    expectRefusal(
      await refusalOf(startImport(station, "mine", data, newCommandId(), courierActor("c-1"))),
      "access.forbidden",
      403,
    );
    expectRefusal(
      await refusalOf(
        send(station, "UploadRosterImportPart", auditor(), {
          type: "UploadRosterImportPart",
          data: { importId: "mine", part: 1, content: ["YQ=="] },
        }),
      ),
      "access.forbidden",
      403,
    );
    const started = await startImport(station, "theirs", data, newCommandId(), otherStaff);
    expect(started.outcome).toBe("applied");
  });
});

function auditor() {
  return { role: "auditor" as const, id: "auditor-1", communities: staff.communities };
}
