import type { RosterSource } from "@courier-station/contracts";
import {
  type CommunityId,
  CourierId,
  canonicalJson,
  derivedId,
  employmentNames,
  type InvalidInput,
  type MobileKey,
  type MobileNumber,
  type Platform,
  parseInput,
  platformNames,
  RegisterCourier,
} from "@courier-station/core";
import { Either } from "effect";
import { RosterColumnsInvalid } from "./errors.js";
import type { RosterTableRow } from "./roster-file.js";

/** The fields of a registration a roster column can fill. */
export type RosterField =
  | "courierId"
  | "nickname"
  | "realName"
  | "mobileNumber"
  | "platforms"
  | "employment"
  | "stationId"
  | "partyMember"
  | "workArea"
  | "consentPolicyVersion";

/**
 * The header names each column goes by, in English and Chinese (case, spaces, `_` and
 * `-` do not matter): the field's own name first.
 */
export const rosterColumnNames: Readonly<Record<RosterField, ReadonlyArray<string>>> = {
  courierId: ["courierId", "courier id", "小哥编号", "编号"],
  nickname: ["nickname", "昵称"],
  realName: ["realName", "real name", "name", "姓名", "真实姓名"],
  mobileNumber: ["mobileNumber", "mobile", "mobile number", "phone", "手机号", "手机号码", "手机"],
  platforms: ["platforms", "platform", "平台", "所属平台"],
  employment: ["employment", "用工方式", "用工类型"],
  stationId: ["stationId", "station", "站点", "报到站点", "驿站"],
  partyMember: ["partyMember", "party member", "党员", "是否党员"],
  workArea: ["workArea", "work area", "常驻区域", "工作区域"],
  consentPolicyVersion: ["consentPolicyVersion", "consent", "同意告知版本"],
};

const comparable = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, "");

const fieldByName = new Map<string, RosterField>(
  (Object.entries(rosterColumnNames) as Array<[RosterField, ReadonlyArray<string>]>).flatMap(
    ([field, names]) => names.map((name) => [comparable(name), field] as const),
  ),
);

/** Which column of a roster holds which field. */
export type RosterColumns = Readonly<Partial<Record<RosterField, number>>>;

/**
 * Which column holds which field, from a roster's header row: every column must be
 * known and given once, and the nickname, real name, mobile number and employment must
 * be there — and the platforms, unless the roster is a platform's (whose platform every
 * row gets).
 *
 * @example
 * rosterColumnsOf(["昵称", "姓名", "手机号", "用工方式"], { kind: "platform", platform: "meituan" });
 * // Either.right({ nickname: 0, realName: 1, mobileNumber: 2, employment: 3 })
 */
export const rosterColumnsOf = (
  header: ReadonlyArray<string>,
  roster: RosterSource,
): Either.Either<RosterColumns, RosterColumnsInvalid> => {
  const columns: Partial<Record<RosterField, number>> = {};
  const unknown: string[] = [];
  const repeated: string[] = [];
  header.forEach((name, index) => {
    if (name === "") return;
    const field = fieldByName.get(comparable(name));
    if (field === undefined) unknown.push(name.slice(0, 40));
    else if (columns[field] !== undefined) repeated.push(name.slice(0, 40));
    else columns[field] = index;
  });
  const required: RosterField[] = ["nickname", "realName", "mobileNumber", "employment"];
  if (roster.kind !== "platform") required.push("platforms");
  const missing = required
    .filter((field) => columns[field] === undefined)
    .map((field) => rosterColumnNames[field][0] ?? field);
  if (missing.length > 0 || unknown.length > 0 || repeated.length > 0) {
    return Either.left(
      new RosterColumnsInvalid({
        missing,
        unknown: unknown.slice(0, 10),
        repeated: repeated.slice(0, 10),
      }),
    );
  }
  return Either.right(columns);
};

const platformByName = new Map<string, Platform>(
  (Object.entries(platformNames) as Array<[Platform, { "zh-CN": string; en: string }]>).flatMap(
    ([platform, names]) => [
      [comparable(platform), platform] as const,
      [comparable(names["zh-CN"]), platform] as const,
      [comparable(names.en), platform] as const,
    ],
  ),
);

const employmentByName = new Map<string, string>([
  ...(Object.entries(employmentNames) as Array<[string, { "zh-CN": string; en: string }]>).flatMap(
    ([employment, names]) => [
      [comparable(employment), employment] as const,
      [comparable(names["zh-CN"]), employment] as const,
      [comparable(names.en), employment] as const,
    ],
  ),
  ["全职", "full-time"],
  ["兼职", "crowd-sourced"],
]);

const yes = new Set(["是", "yes", "y", "true", "1", "党员", "√"]);
const no = new Set(["否", "no", "n", "false", "0", "", "非党员"]);

// The courier id a row registers before it is known (the id is derived from the number
// once the number is valid), so the schema's report never blames a column the file lacks.
const courierIdPending = "c-pending";

/**
 * The `RegisterCourier` command a roster row asks for, as the schema reads it (so a bad
 * row is refused with every problem, each naming its column, in both languages): names
 * of platforms and kinds of employment in either language are accepted, the platform
 * of a platform's roster is added to each row's, and a station's roster puts each row at
 * its station unless the row names another. Without a `courierId` column the courier's
 * id is derived from the number's key, so the same person gets the same id in every
 * file.
 *
 * @example
 * registrationOfRow(row, columns, roster, { community, mobileKeyOf });
 * // Either.right({ type: "RegisterCourier", data: { courierId: "c-…", nickname: "小王", … } })
 */
export const registrationOfRow = (
  row: RosterTableRow,
  columns: RosterColumns,
  roster: RosterSource,
  context: {
    readonly community: CommunityId;
    readonly mobileKeyOf: (mobileNumber: MobileNumber) => MobileKey;
  },
): Either.Either<RegisterCourier, InvalidInput> => {
  const cell = (field: RosterField): string | undefined => {
    const index = columns[field];
    return index === undefined ? undefined : (row.cells[index] ?? "");
  };
  const filled = (field: RosterField): string | undefined => {
    const value = cell(field);
    return value === undefined || value === "" ? undefined : value;
  };
  const platformsText = filled("platforms");
  const listed = (platformsText ?? "")
    .split(/[\s,，;；、|/]+/)
    .filter((token) => token !== "")
    .map((token) => platformByName.get(comparable(token)) ?? token);
  const platforms =
    roster.kind === "platform" && !listed.includes(roster.platform)
      ? [...listed, roster.platform]
      : listed;
  const employment = filled("employment");
  const party = cell("partyMember");
  const partyMember =
    party === undefined
      ? undefined
      : yes.has(party.toLowerCase())
        ? true
        : no.has(party.toLowerCase())
          ? false
          : party;
  const workArea = filled("workArea");
  const stationId =
    filled("stationId") ?? (roster.kind === "station" ? roster.stationId : undefined);
  const consent = filled("consentPolicyVersion");
  const courierId = filled("courierId");
  const data: Record<string, unknown> = {
    courierId: courierId ?? courierIdPending,
    nickname: cell("nickname") ?? "",
    realName: cell("realName") ?? "",
    mobileNumber: cell("mobileNumber") ?? "",
    platforms,
    employment:
      employment === undefined ? "" : (employmentByName.get(comparable(employment)) ?? employment),
    ...(partyMember === undefined ? {} : { partyMember }),
    ...(workArea === undefined ? {} : { workArea: { description: workArea } }),
    ...(stationId === undefined ? {} : { stationId }),
    ...(consent === undefined ? {} : { consentPolicyVersion: consent }),
  };
  const parsed = parseInput(RegisterCourier, { type: "RegisterCourier", data });
  if (Either.isLeft(parsed) || courierId !== undefined) return parsed;
  const key = context.mobileKeyOf(parsed.right.data.mobileNumber);
  const derived = CourierId.parse(
    `c-${derivedId("registry-roster-courier", context.community, key).slice(2, 26)}`,
  );
  return Either.right({ ...parsed.right, data: { ...parsed.right.data, courierId: derived } });
};

/**
 * The command id of a roster row's registration: derived from the community, the staff
 * member importing and the command itself, so importing the same file again sends the
 * same commands, which the couriers' receipts answer `duplicate`. Outside the `d-`
 * namespace, which only the system's own flows may use.
 *
 * @example
 * rosterCommandId(community, "staff-1", command); // "roster-3f9a…" (40 hex digits)
 */
export const rosterCommandId = (
  community: CommunityId,
  actorId: string,
  command: RegisterCourier,
): string =>
  `roster-${derivedId("registry-roster-row", community, actorId, canonicalJson(command)).slice(2)}`;
