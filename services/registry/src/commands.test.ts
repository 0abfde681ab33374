import { type Actor, addMillis, DAY, instantFromMillis } from "@courier-station/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  activeCourier,
  communityRegistration,
  courierActor,
  expectRefusal,
  newCommandId,
  operator,
  otherStaff,
  type RegistryStation,
  refusalOf,
  registration,
  send,
  staff,
  startRegistry,
  stationOpening,
} from "./test-station.js";

/*
 * Every command endpoint of the registry, each through the contract as other services
 * and the gateway call it: an accepted case with its events, the same command id sent
 * again (`duplicate`, the same event ids), the same id with another body
 * (`command.id_conflict`, naming the field), and a refusal with its domain code, status
 * and both languages.
 */

type Command = { readonly type: string; readonly data: Record<string, unknown> };

interface CommandCase {
  /** What must be there first. */
  readonly given: (station: RegistryStation) => Promise<void>;
  readonly actor: Actor;
  readonly command: Command;
  /** The same command id with another body (on the same aggregate: ids are kept per aggregate). */
  readonly changed: Command;
  /** Who sends the changed command, when it is the actor that differs. */
  readonly changedActor?: Actor;
  /** The field the conflict names. */
  readonly field: string;
  /** How many events the accepted command produces. */
  readonly events: number;
  /** A command refused after the accepted one, its code and status. */
  readonly refused: {
    readonly actor: Actor;
    readonly command: Command;
    readonly code: string;
    readonly status: number;
  };
}

const nothing = async () => {};
const withCommunity = async (station: RegistryStation) => {
  await send(station, "RegisterCommunity", operator, communityRegistration);
};
const withStation = async (station: RegistryStation) => {
  await send(station, "OpenStation", staff, stationOpening("wanda-1"));
};
const closed = async (station: RegistryStation) => {
  await withStation(station);
  await send(station, "CloseStationTemporarily", staff, {
    type: "CloseStationTemporarily",
    data: { stationId: "wanda-1", reason: "台风停业" },
  });
};
const registered = (consent: boolean) => async (station: RegistryStation) => {
  const command = registration("c-1", "13800138000");
  await send(station, "RegisterCourier", courierActor("c-1"), {
    ...command,
    data: consent
      ? command.data
      : { ...command.data, consentPolicyVersion: undefined as unknown as string },
  });
};
const active = (station: RegistryStation) => activeCourier(station, "c-1", "13800138000");
const suspended = async (station: RegistryStation) => {
  await active(station);
  await send(station, "SuspendCourier", staff, {
    type: "SuspendCourier",
    data: { courierId: "c-1", reason: "多次爽约" },
  });
};
const volunteer = async (station: RegistryStation) => {
  await active(station);
  await send(station, "JoinVolunteerTeam", courierActor("c-1"), {
    type: "JoinVolunteerTeam",
    data: { courierId: "c-1" },
  });
};
const c1 = { courierId: "c-1" };
const later = instantFromMillis(Date.now() + 30 * DAY);

const cases: Readonly<Record<string, CommandCase>> = {
  RegisterCommunity: {
    given: nothing,
    actor: operator,
    command: communityRegistration,
    changed: {
      ...communityRegistration,
      data: { ...communityRegistration.data, policyVersion: "2026-02" },
    },
    field: "command.data.policyVersion",
    events: 1,
    refused: {
      actor: operator,
      command: communityRegistration,
      code: "community.already_registered",
      status: 409,
    },
  },
  UpdateCommunityDetails: {
    given: withCommunity,
    actor: staff,
    command: {
      type: "UpdateCommunityDetails",
      data: {
        communityId: "jinshan-wanda",
        name: { "zh-CN": "金山万达广场", en: "Jinshan Wanda Plaza" },
      },
    },
    changed: {
      type: "UpdateCommunityDetails",
      data: {
        communityId: "jinshan-wanda",
        name: { "zh-CN": "金山万达", en: "Jinshan Wanda" },
      },
    },
    field: "command.data.name.en",
    events: 1,
    refused: {
      actor: staff,
      command: {
        type: "UpdateCommunityDetails",
        data: { communityId: "shanyang-town", district: { "zh-CN": "山阳镇", en: "Shanyang" } },
      },
      code: "community.mismatch",
      status: 403,
    },
  },
  PublishCommunityPolicy: {
    given: withCommunity,
    actor: staff,
    command: {
      type: "PublishCommunityPolicy",
      data: {
        communityId: "jinshan-wanda",
        policyVersion: "2027-01",
        effectiveFrom: later,
        document: "points:\n  welcome: 20\n",
      },
    },
    changed: {
      type: "PublishCommunityPolicy",
      data: {
        communityId: "jinshan-wanda",
        policyVersion: "2027-01",
        effectiveFrom: later,
        document: "points:\n  welcome: 30\n",
      },
    },
    field: "command.data.document",
    events: 1,
    refused: {
      actor: staff,
      command: {
        type: "PublishCommunityPolicy",
        data: {
          communityId: "jinshan-wanda",
          policyVersion: "2027-02",
          effectiveFrom: addMillis(later, DAY),
          document: "general:\n  timeZone: Mars/Olympus_Mons\npoints:\n  welcome: -5\n",
        },
      },
      code: "policy.invalid",
      status: 400,
    },
  },
  OpenStation: {
    given: nothing,
    actor: staff,
    command: stationOpening("wanda-1"),
    changed: stationOpening("wanda-1", { contactPhone: "021-57000000" }),
    field: "command.data.contactPhone",
    events: 1,
    refused: {
      actor: staff,
      command: stationOpening("wanda-1"),
      code: "station.already_opened",
      status: 409,
    },
  },
  UpdateStationDetails: {
    given: withStation,
    actor: staff,
    command: {
      type: "UpdateStationDetails",
      data: { stationId: "wanda-1", amenities: { standard: ["microwave"], others: [] } },
    },
    changed: {
      type: "UpdateStationDetails",
      data: { stationId: "wanda-1", amenities: { standard: ["toilets"], others: [] } },
    },
    field: "command.data.amenities.standard.0",
    events: 1,
    refused: {
      actor: staff,
      command: { type: "UpdateStationDetails", data: { stationId: "nowhere", contactPhone: null } },
      code: "station.not_found",
      status: 404,
    },
  },
  CloseStationTemporarily: {
    given: withStation,
    actor: staff,
    command: {
      type: "CloseStationTemporarily",
      data: { stationId: "wanda-1", reason: "台风停业" },
    },
    changed: {
      type: "CloseStationTemporarily",
      data: { stationId: "wanda-1", reason: "装修" },
    },
    field: "command.data.reason",
    events: 1,
    refused: {
      actor: staff,
      command: {
        type: "CloseStationTemporarily",
        data: { stationId: "wanda-1", reason: "再次停业" },
      },
      code: "station.transition_not_allowed",
      status: 422,
    },
  },
  ReopenStation: {
    given: closed,
    actor: staff,
    command: { type: "ReopenStation", data: { stationId: "wanda-1" } },
    changed: { type: "ReopenStation", data: { stationId: "wanda-1" } },
    changedActor: otherStaff,
    field: "actor",
    events: 1,
    refused: {
      actor: staff,
      command: { type: "ReopenStation", data: { stationId: "wanda-1" } },
      code: "station.transition_not_allowed",
      status: 422,
    },
  },
  RetireStation: {
    given: withStation,
    actor: staff,
    command: { type: "RetireStation", data: { stationId: "wanda-1", reason: "租约到期" } },
    changed: { type: "RetireStation", data: { stationId: "wanda-1", reason: "搬迁" } },
    field: "command.data.reason",
    events: 1,
    refused: {
      actor: staff,
      command: { type: "RetireStation", data: { stationId: "wanda-1", reason: "再次" } },
      code: "station.transition_not_allowed",
      status: 422,
    },
  },
  RegisterCourier: {
    given: nothing,
    actor: courierActor("c-1"),
    command: registration("c-1", "13800138000"),
    changed: registration("c-1", "13800138000", { nickname: "大王" }),
    field: "command.data.nickname",
    events: 1,
    refused: {
      actor: courierActor("c-2"),
      command: registration("c-2", "+86 138-0013-8000"),
      code: "courier.mobile_already_registered",
      status: 409,
    },
  },
  GiveConsent: {
    given: registered(false),
    actor: courierActor("c-1"),
    command: { type: "GiveConsent", data: { ...c1, policyVersion: "2026-01" } },
    changed: { type: "GiveConsent", data: { ...c1, policyVersion: "2026-02" } },
    field: "command.data.policyVersion",
    events: 1,
    refused: {
      actor: courierActor("c-1"),
      command: { type: "GiveConsent", data: { ...c1, policyVersion: "2025-01" } },
      code: "courier.consent_version_mismatch",
      status: 422,
    },
  },
  WithdrawConsent: {
    given: registered(true),
    actor: courierActor("c-1"),
    command: { type: "WithdrawConsent", data: c1 },
    changed: { type: "WithdrawConsent", data: c1 },
    changedActor: staff,
    field: "actor",
    events: 1,
    refused: {
      actor: courierActor("c-1"),
      command: { type: "WithdrawConsent", data: c1 },
      code: "courier.consent_not_given",
      status: 422,
    },
  },
  VerifyCourier: {
    given: async (station) => {
      await registered(true)(station);
      await send(station, "RegisterCourier", courierActor("c-2"), {
        ...registration("c-2", "13900139000"),
        data: { ...registration("c-2", "13900139000").data, consentPolicyVersion: undefined },
      } as never);
    },
    actor: staff,
    command: { type: "VerifyCourier", data: c1 },
    changed: { type: "VerifyCourier", data: c1 },
    changedActor: otherStaff,
    field: "actor",
    events: 1,
    refused: {
      actor: staff,
      command: { type: "VerifyCourier", data: { courierId: "c-2" } },
      code: "courier.consent_required",
      status: 422,
    },
  },
  RejectCourier: {
    given: registered(true),
    actor: staff,
    command: { type: "RejectCourier", data: { ...c1, reason: "非本商圈骑手" } },
    changed: { type: "RejectCourier", data: { ...c1, reason: "信息不全" } },
    field: "command.data.reason",
    events: 1,
    refused: {
      actor: staff,
      command: { type: "VerifyCourier", data: c1 },
      code: "courier.transition_not_allowed",
      status: 422,
    },
  },
  SuspendCourier: {
    given: active,
    actor: staff,
    command: { type: "SuspendCourier", data: { ...c1, reason: "多次爽约" } },
    changed: { type: "SuspendCourier", data: { ...c1, reason: "违规" } },
    field: "command.data.reason",
    events: 1,
    refused: {
      actor: staff,
      command: { type: "SuspendCourier", data: { ...c1, reason: "再次" } },
      code: "courier.transition_not_allowed",
      status: 422,
    },
  },
  ReinstateCourier: {
    given: suspended,
    actor: staff,
    command: { type: "ReinstateCourier", data: { ...c1, reason: "已说明情况" } },
    changed: { type: "ReinstateCourier", data: { ...c1, reason: "申诉通过" } },
    field: "command.data.reason",
    events: 1,
    refused: {
      actor: staff,
      command: { type: "ReinstateCourier", data: { ...c1, reason: "再次" } },
      code: "courier.transition_not_allowed",
      status: 422,
    },
  },
  LeaveProgramme: {
    given: volunteer,
    actor: courierActor("c-1"),
    command: { type: "LeaveProgramme", data: { ...c1, reason: "换工作" } },
    changed: { type: "LeaveProgramme", data: { ...c1, reason: "搬家" } },
    field: "command.data.reason",
    // Leaving the programme leaves the team first.
    events: 2,
    refused: {
      actor: courierActor("c-1"),
      command: { type: "LeaveProgramme", data: c1 },
      code: "courier.transition_not_allowed",
      status: 422,
    },
  },
  UpdateCourierProfile: {
    given: active,
    actor: courierActor("c-1"),
    command: { type: "UpdateCourierProfile", data: { ...c1, platforms: ["meituan", "eleme"] } },
    changed: { type: "UpdateCourierProfile", data: { ...c1, platforms: ["eleme"] } },
    field: "command.data.platforms.0",
    events: 1,
    refused: {
      actor: courierActor("c-2"),
      command: { type: "UpdateCourierProfile", data: { ...c1, nickname: "冒名" } },
      code: "courier.not_yourself",
      status: 403,
    },
  },
  CorrectPersonalData: {
    given: async (station) => {
      await active(station);
      await activeCourier(station, "c-2", "13900139000");
    },
    actor: courierActor("c-1"),
    command: { type: "CorrectPersonalData", data: { ...c1, mobileNumber: "13700137000" } },
    changed: { type: "CorrectPersonalData", data: { ...c1, mobileNumber: "13600136000" } },
    field: "command.data.mobileNumber",
    events: 1,
    refused: {
      actor: courierActor("c-1"),
      command: { type: "CorrectPersonalData", data: { ...c1, mobileNumber: "13900139000" } },
      code: "courier.mobile_already_registered",
      status: 409,
    },
  },
  EraseCourierPersonalData: {
    given: async (station) => {
      await active(station);
      await activeCourier(station, "c-2", "13900139000");
    },
    actor: courierActor("c-1"),
    command: { type: "EraseCourierPersonalData", data: c1 },
    changed: { type: "EraseCourierPersonalData", data: c1 },
    changedActor: staff,
    // Unused: the erasure rewrote its receipt's body with the rest (see below).
    field: "",
    // Leaving the programme, then the erasure.
    events: 2,
    refused: {
      actor: operator,
      command: { type: "EraseCourierPersonalData", data: { courierId: "c-2" } },
      code: "courier.erasure_not_due",
      status: 422,
    },
  },
  JoinVolunteerTeam: {
    given: async (station) => {
      await active(station);
      await send(
        station,
        "RegisterCourier",
        courierActor("c-2"),
        registration("c-2", "13900139000"),
      );
    },
    actor: courierActor("c-1"),
    command: { type: "JoinVolunteerTeam", data: c1 },
    changed: { type: "JoinVolunteerTeam", data: c1 },
    changedActor: staff,
    field: "actor",
    events: 1,
    refused: {
      actor: courierActor("c-2"),
      command: { type: "JoinVolunteerTeam", data: { courierId: "c-2" } },
      code: "courier.not_active",
      status: 422,
    },
  },
  LeaveVolunteerTeam: {
    given: volunteer,
    actor: courierActor("c-1"),
    command: { type: "LeaveVolunteerTeam", data: c1 },
    changed: { type: "LeaveVolunteerTeam", data: { ...c1, reason: "太忙" } },
    field: "command.data.reason",
    events: 1,
    refused: {
      actor: courierActor("c-1"),
      command: { type: "LeaveVolunteerTeam", data: c1 },
      code: "courier.not_volunteer",
      status: 422,
    },
  },
  RecordNoShow: {
    given: active,
    actor: operator,
    command: { type: "RecordNoShow", data: { ...c1, activityId: "a-1" } },
    changed: { type: "RecordNoShow", data: { ...c1, activityId: "a-2" } },
    field: "command.data.activityId",
    events: 1,
    refused: {
      actor: staff,
      command: { type: "RecordNoShow", data: { ...c1, activityId: "a-3" } },
      code: "access.forbidden",
      status: 403,
    },
  },
};

describe("the registry's command endpoints", () => {
  let station: RegistryStation | undefined;
  afterEach(async () => {
    await station?.close();
    station = undefined;
  });

  it.each(Object.entries(cases))(
    "%s: accepted once, a duplicate answered with the same events, a reused id refused, a refusal in both languages",
    async (name, example) => {
      station = await startRegistry();
      await example.given(station);
      const commandId = newCommandId();
      const first = await send(station, name as never, example.actor, example.command, commandId);
      expect(first.outcome).toBe("applied");
      expect(first.eventIds).toHaveLength(example.events);

      const again = await send(station, name as never, example.actor, example.command, commandId);
      expect(again).toEqual({ ...first, outcome: "duplicate" });

      const changed = send(
        station,
        name as never,
        example.changedActor ?? example.actor,
        example.changed,
        commandId,
      );
      if (name === "EraseCourierPersonalData") {
        // The receipt kept the command as sent, so the erasure erased it too: its id
        // can no longer be told from a retry, and is answered as the erasure it was.
        expect(await changed).toEqual({ ...first, outcome: "duplicate" });
      } else {
        const conflict = await refusalOf(changed);
        expectRefusal(conflict, "command.id_conflict", 409);
        expect(conflict.details.field).toBe(example.field);
      }

      const refused = await refusalOf(
        send(
          station,
          example.refused.command.type as never,
          example.refused.actor,
          example.refused.command,
        ),
      );
      expectRefusal(refused, example.refused.code, example.refused.status);
    },
  );

  it("covers every command endpoint of the contract", async () => {
    const { registryContract } = await import("@courier-station/contracts");
    const commands = Object.values(registryContract.endpoints)
      .filter((endpoint) => endpoint.kind === "command")
      .map((endpoint) => endpoint.name)
      .filter((name) => name !== "StartRosterImport" && name !== "UploadRosterImportPart");
    expect(Object.keys(cases).sort()).toEqual(commands.sort());
  });

  it("lists every problem of a refused policy at once", async () => {
    station = await startRegistry();
    await withCommunity(station);
    const refused = await refusalOf(
      send(
        station,
        "PublishCommunityPolicy",
        staff,
        cases.PublishCommunityPolicy?.refused.command as Command,
      ),
    );
    expect(refused.code).toBe("policy.invalid");
    const problems = refused.details.problems as ReadonlyArray<{ readonly field: string }>;
    expect(problems.map((problem) => problem.field)).toEqual([
      "general.timeZone",
      "points.welcome",
    ]);
  });

  it("gives a refused registration's number back, so it can register under another id", async () => {
    station = await startRegistry();
    const refused = await refusalOf(
      send(
        station,
        "RegisterCourier",
        courierActor("c-1"),
        registration("c-1", "13800138000", { consentPolicyVersion: "1999-01" }),
      ),
    );
    expect(refused.code).toBe("courier.consent_version_mismatch");
    const reply = await send(
      station,
      "RegisterCourier",
      courierActor("c-2"),
      registration("c-2", "13800138000"),
    );
    expect(reply.outcome).toBe("applied");
  });

  it("lets exactly one of several racing registrations of one number win", async () => {
    station = await startRegistry();
    const running = station;
    const racers = ["c-1", "c-2", "c-3", "c-4", "c-5"];
    const outcomes = await Promise.allSettled(
      racers.map((courierId) =>
        send(
          running,
          "RegisterCourier",
          courierActor(courierId),
          registration(courierId, "13800138000"),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") {
        const refused = await refusalOf(Promise.reject(outcome.reason));
        expect(refused.code).toBe("courier.mobile_already_registered");
      }
    }
  });

  it("frees a corrected number, so another courier can register it", async () => {
    station = await startRegistry();
    await activeCourier(station, "c-1", "13800138000");
    await send(station, "CorrectPersonalData", courierActor("c-1"), {
      type: "CorrectPersonalData",
      data: { courierId: "c-1", mobileNumber: "13700137000" },
    });
    const reply = await send(
      station,
      "RegisterCourier",
      courierActor("c-2"),
      registration("c-2", "13800138000"),
    );
    expect(reply.outcome).toBe("applied");
    const taken = await refusalOf(
      send(station, "RegisterCourier", courierActor("c-3"), registration("c-3", "13700137000")),
    );
    expect(taken.code).toBe("courier.mobile_already_registered");
  });

  it("refuses staff of another community before anything is stored", async () => {
    station = await startRegistry();
    const refused = await refusalOf(
      send(
        station,
        "OpenStation",
        { ...otherStaff, communities: ["shanyang-town" as never] },
        stationOpening("wanda-9"),
      ),
    );
    expectRefusal(refused, "access.forbidden", 403);
  });
});
