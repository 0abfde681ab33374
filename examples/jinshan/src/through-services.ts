import {
  type Actor,
  CommandId,
  CommunityId,
  derivedId,
  type Instant,
  systemActor,
} from "@courier-station/core";
import type { StationConnection } from "@courier-station/station";
import {
  jinshanCommunity,
  type MonthOptions,
  type PlayedMonth,
  playJinshanMonth,
} from "./month.js";
import {
  openStation,
  type Station,
  type StationAnswer,
  type StationCommand,
  type StationOptions,
} from "./station.js";
import { monthStatistics } from "./statistics.js";

/*
 * The same months sent as commands through the running services. The plan is played
 * first against the packages (it reads the community as it goes: who has points, which
 * report is closed), and every command it sends is written down with its actor and its
 * time; then each goes over the bus to the service that owns its aggregate, decided at
 * its own time, and the flows it starts (points earned, no-shows counted, holds placed)
 * run in the services before the next command goes. Command ids are derived from the
 * seed, the size and the command's place in the plan, so sending the months again changes
 * nothing: every command is answered as a duplicate.
 */

/** A command the plan sent, when, as whom, and what the packages answered. */
export interface SentCommand {
  readonly at: Instant;
  readonly actor: Actor;
  readonly command: StationCommand;
  readonly answer: StationAnswer;
}

/**
 * Opens stations that write down every command the plan sends them (a `MonthOptions.openStation`).
 *
 * @example
 * const journal: SentCommand[] = [];
 * playJinshanMonth({ openStation: recordingStation(journal) });
 */
export const recordingStation =
  (journal: SentCommand[]) =>
  (options: StationOptions): Station => {
    const inner = openStation(options);
    return {
      ...inner,
      send: (actor, command) => {
        const at = options.clock.now();
        const answer = inner.send(actor, command);
        journal.push({ at, actor, command, answer });
        return answer;
      },
    };
  };

/** The service that owns each aggregate of the plan, as the bus names it. */
export const serviceOfAggregate: Readonly<Record<StationCommand["aggregate"], string>> = {
  station: "registry",
  courier: "registry",
  activity: "activities",
  report: "reports",
  suggestion: "reports",
  wish: "wishes",
  sponsor: "wishes",
  catalogueItem: "wishes",
  catalogueRedemption: "wishes",
};

/** A command the services answered otherwise than the packages did. */
export interface Mismatch {
  readonly index: number;
  readonly type: string;
  readonly packages: string;
  readonly services: string;
}

/** The months as the services took them. */
export interface MonthThroughServices {
  readonly played: PlayedMonth;
  /** Commands sent (the community's registration included). */
  readonly sent: number;
  readonly applied: number;
  /** Answered as already done: the months were sent before. */
  readonly duplicates: number;
  /** Refusals by code, as the services gave them. */
  readonly refused: ReadonlyMap<string, number>;
  /** Commands for services this station does not run, by service. */
  readonly skipped: ReadonlyMap<string, number>;
  /** Commands the services answered otherwise than the packages (at most 50 kept). */
  readonly mismatches: ReadonlyArray<Mismatch>;
  readonly mismatchCount: number;
  /**
   * November's figures read back from the insights service and held against the direct
   * run's (programme, wishes, catalogue): absent when the station runs no insights.
   */
  readonly insights?: {
    readonly answered: boolean;
    /** Where the service's figures differ from the direct run's (at most 20 kept). */
    readonly differences: ReadonlyArray<string>;
  };
}

/** Where two JSON values differ, as paths (`programme.activities.held: 12 ≠ 13`). */
export const differencesOf = (
  expected: unknown,
  actual: unknown,
  path = "",
  found: string[] = [],
): string[] => {
  if (found.length >= 20) return found;
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null;
  if (isObject(expected) && isObject(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of [...keys].sort()) {
      differencesOf(expected[key], actual[key], path === "" ? key : `${path}.${key}`, found);
    }
    return found;
  }
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    found.push(`${path}: ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`);
  }
  return found;
};

/** How to send the months through the services. */
export interface ThroughServicesOptions extends Omit<MonthOptions, "openStation"> {
  /** Told every few hundred commands: how many went, of how many. */
  readonly onProgress?: (sent: number, total: number) => void;
}

const demonstrationCommunity = {
  name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda business district" },
  district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
  policyVersion: "jinshan-2026",
} as const;

const answerText = (answer: { readonly ok: boolean; readonly code?: string }): string =>
  answer.ok ? "ok" : (answer.code ?? "refused");

/**
 * Plays the Jinshan months through running services: the community registered, then
 * every command of the plan sent to its service at its time, the flows settled after
 * each. Idempotent: the command ids are derived, so a second run is answered with
 * duplicates and changes nothing. Commands for a service the station does not run yet
 * are counted as skipped.
 *
 * @example
 * const result = await playThroughServices(connection, { couriers: 20 });
 * result.mismatchCount; // 0 when the services decided as the packages did
 */
export const playThroughServices = async (
  connection: StationConnection,
  options: ThroughServicesOptions = {},
): Promise<MonthThroughServices> => {
  const journal: SentCommand[] = [];
  const played = playJinshanMonth({ ...options, openStation: recordingStation(journal) });
  const community = CommunityId.parse(jinshanCommunity);
  // Fixed by the plan, not random: the same months send the same ids. Not `derivedId`:
  // ids starting `d-` are kept for the system's own flows.
  const idOf = (index: number) =>
    CommandId.parse(
      `jinshan-${played.plan.seed}-${played.plan.couriers}-${String(index).padStart(6, "0")}`,
    );
  const refused = new Map<string, number>();
  const skipped = new Map<string, number>();
  const mismatches: Mismatch[] = [];
  let mismatchCount = 0;
  let applied = 0;
  let duplicates = 0;
  let sent = 0;
  const count = (reply: Awaited<ReturnType<StationConnection["send"]>>) => {
    sent += 1;
    if (!reply.ok) refused.set(reply.code, (refused.get(reply.code) ?? 0) + 1);
    else if (reply.outcome === "applied") applied += 1;
    else duplicates += 1;
  };

  const first = journal[0];
  count(
    await connection.send({
      service: "registry",
      endpoint: "RegisterCommunity",
      community,
      at: first?.at ?? played.openedAt,
      envelope: {
        commandId: CommandId.parse(derivedId("jinshan-demo", "register-community")),
        community,
        actor: systemActor("jinshan-demo"),
        command: {
          type: "RegisterCommunity",
          data: { communityId: community, ...demonstrationCommunity },
        },
      },
    }),
  );
  const running = new Set(connection.services);
  for (const [index, entry] of journal.entries()) {
    const service = serviceOfAggregate[entry.command.aggregate];
    if (!running.has(service)) {
      skipped.set(service, (skipped.get(service) ?? 0) + 1);
      continue;
    }
    const reply = await connection.send({
      service,
      endpoint: entry.command.command.type,
      community,
      at: entry.at,
      envelope: {
        commandId: idOf(index),
        community,
        actor: entry.actor,
        command: entry.command.command,
      },
    });
    count(reply);
    await connection.settle();
    if (reply.ok !== entry.answer.ok) {
      mismatchCount += 1;
      if (mismatches.length < 50) {
        mismatches.push({
          index,
          type: entry.command.command.type,
          packages: answerText(entry.answer),
          services: answerText(reply),
        });
      }
    }
    if (options.onProgress !== undefined && (index + 1) % 500 === 0) {
      options.onProgress(index + 1, journal.length);
    }
  }
  const insights = running.has("insights") ? await readBackInsights(connection, played) : undefined;
  return {
    played,
    sent,
    applied,
    duplicates,
    refused,
    skipped,
    mismatches,
    mismatchCount,
    ...(insights === undefined ? {} : { insights }),
  };
};

/** November's figures from the insights service, held against the direct run's. */
const readBackInsights = async (
  connection: StationConnection,
  played: PlayedMonth,
): Promise<{ readonly answered: boolean; readonly differences: ReadonlyArray<string> }> => {
  await connection.settle();
  const community = CommunityId.parse(jinshanCommunity);
  const answer = await connection.ask({
    service: "insights",
    endpoint: "GetFigures",
    community,
    at: played.endsAt,
    payload: {
      actor: { role: "staff", id: "staff-wang", communities: [community] },
      period: { kind: "month", year: 2026, month: 11 },
    },
  });
  if (!answer.ok) return { answered: false, differences: [answer.code] };
  const direct = monthStatistics(played).november;
  const figures = answer.value as Record<string, unknown>;
  // Plain JSON on both sides, as the bus carries it.
  const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));
  return {
    answered: true,
    differences: differencesOf(
      plain({ programme: direct.programme, wishes: direct.wishes, catalogue: direct.catalogue }),
      plain({
        programme: figures.programme,
        wishes: figures.wishes,
        catalogue: figures.catalogue,
      }),
    ),
  };
};

const listed = (counts: ReadonlyMap<string, number>): string =>
  [...counts.entries()].map(([key, count]) => `${key} ${count}`).join(", ");

/**
 * How the services answered the months, in zh-CN and en: commands sent, applied, already
 * done and refused by code, those for services not running, and whether the services
 * decided every command as the packages did (the commands that differ, if any).
 *
 * @example
 * console.log(formatThroughServices(await playThroughServices(connection)));
 */
export const formatThroughServices = (result: MonthThroughServices): string => {
  const refusedCount = [...result.refused.values()].reduce((sum, count) => sum + count, 0);
  const same = result.mismatchCount === 0;
  const lines = [
    "经服务运行 / Through the services",
    `  发送命令 / commands sent: ${result.sent}`,
    `  新执行 / applied: ${result.applied}`,
    `  已执行过 / already done: ${result.duplicates}`,
    `  按规则拒绝 / refused by the rules: ${refusedCount}${refusedCount > 0 ? ` (${listed(result.refused)})` : ""}`,
    ...(result.skipped.size > 0
      ? [`  未发送（服务未运行）/ not sent, service not running: ${listed(result.skipped)}`]
      : []),
    same
      ? "  每条命令的结果与直接运行相同 / every command was answered as in the direct run"
      : `  与直接运行结果不同 / answered otherwise than the direct run: ${result.mismatchCount}`,
    ...(result.insights === undefined
      ? []
      : result.insights.answered && result.insights.differences.length === 0
        ? [
            "  统计服务的十一月数据与直接运行相同 / the insights service's November figures equal the direct run's",
          ]
        : [
            "  统计服务的十一月数据与直接运行不同 / the insights service's November figures differ from the direct run's:",
            ...result.insights.differences.map((difference) => `    ${difference}`),
          ]),
    ...result.mismatches
      .slice(0, 10)
      .map(
        (mismatch) =>
          `    #${mismatch.index} ${mismatch.type}: packages ${mismatch.packages}, services ${mismatch.services}`,
      ),
  ];
  return `${lines.join("\n")}\n`;
};
