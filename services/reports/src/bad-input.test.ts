import { reportsContract } from "@courier-station/contracts";
import type { Actor } from "@courier-station/core";
import { Bus, type Reply, Store } from "@courier-station/kit";
import { Effect } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportRows, suggestionRows } from "./read-models.js";
import {
  community,
  courierActor,
  openCommunity,
  otherCommunity,
  type ReportsStation,
  riverReport,
  sponsor,
  staff,
  staffElsewhere,
  startReports,
} from "./test-station.js";

/*
 * Bad input sent straight to the reports service's subjects, as a client that skips the
 * gateway would: each gets the kit's clear refusal, and nothing is stored.
 */

let station: ReportsStation;

beforeAll(async () => {
  station = await startReports();
  await openCommunity(station, ["c-1"]);
});
afterAll(async () => station.close());

const request = (
  endpoint: keyof typeof reportsContract.endpoints,
  payload: unknown,
  to: string = community,
): Promise<Reply<unknown>> =>
  station.run(
    Effect.flatMap(Bus, (bus) =>
      bus.request({ to: { community: to, service: reportsContract.service, endpoint }, payload }),
    ),
  );

/** How much the reports service holds: its events in the log and its rows. */
const stored = () =>
  station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      const log = yield* store.readLog({ after: 0, limit: 10_000 });
      const events = log.filter(
        ({ event }) => event.aggregate === "report" || event.aggregate === "suggestion",
      ).length;
      const reports = yield* (yield* store.readModel(reportRows)).count();
      const suggestions = yield* (yield* store.readModel(suggestionRows)).count();
      return { events, reports, suggestions };
    }),
  );

const envelope = (
  actor: Actor,
  command: unknown,
  commandId = "cmd-bad",
  inCommunity: string = community,
) => ({ commandId, community: inCommunity, actor, command });

const refused = (reply: Reply<unknown>, code: string, status: number) => {
  if (reply.ok) return expect.fail(`expected ${code}, got ${JSON.stringify(reply.value)}`);
  expect(reply.error.code).toBe(code);
  expect(reply.status).toBe(status);
  expect(reply.error.message["zh-CN"]).toMatch(/\p{Script=Han}/u);
  expect(reply.error.message.en).toMatch(/[A-Za-z]{3}/);
};

const c1 = courierActor("c-1");

describe("bad input sent straight to the reports service", () => {
  const cases: ReadonlyArray<{
    readonly name: string;
    readonly endpoint: keyof typeof reportsContract.endpoints;
    readonly payload: () => unknown;
    readonly to?: string;
    readonly code: string;
    readonly status: number;
  }> = [
    {
      name: "not JSON (the bus carries it as a string)",
      endpoint: "SubmitReport",
      payload: () => '{"commandId": "cmd-1", "command": {',
      code: "input.invalid",
      status: 400,
    },
    {
      name: "the wrong shape: no location, an unknown field",
      endpoint: "SubmitReport",
      payload: () => {
        const { location: _location, ...data } = riverReport(station, "r-shape").data;
        return envelope(c1, { type: "SubmitReport", data: { ...data, colour: "red" } });
      },
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a command of another endpoint",
      endpoint: "SubmitReport",
      payload: () => envelope(staff, { type: "AcceptReport", data: { reportId: "r-1" } }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a latitude beyond the pole and a photo list with a path in it",
      endpoint: "SubmitReport",
      payload: () =>
        envelope(
          c1,
          riverReport(station, "r-geo", {
            location: { point: { latitude: 91, longitude: 121 }, address: "北极" },
            photos: ["../etc/passwd"],
          }),
        ),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "an oversize payload",
      endpoint: "SubmitReport",
      payload: () =>
        envelope(c1, riverReport(station, "r-big", { description: "垃".repeat(70_000) })),
      code: "input.too_large",
      status: 413,
    },
    {
      name: "a __proto__ key",
      endpoint: "SubmitSuggestion",
      payload: () =>
        JSON.parse(
          `{"commandId":"cmd-proto","community":"${community}","actor":${JSON.stringify(c1)},"command":{"type":"SubmitSuggestion","data":{"suggestionId":"sg-proto","topic":"other","text":"建议","__proto__":{"admin":true}}}}`,
        ),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a dollar key",
      endpoint: "SubmitSuggestion",
      payload: () =>
        envelope(c1, {
          type: "SubmitSuggestion",
          data: { suggestionId: "sg-dollar", topic: "other", text: "建议", $where: "1" },
        }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a NUL character",
      endpoint: "SubmitSuggestion",
      payload: () =>
        envelope(c1, {
          type: "SubmitSuggestion",
          data: { suggestionId: "sg-nul", topic: "other", text: "建\u0000议" },
        }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "another community's id in the payload",
      endpoint: "SubmitReport",
      payload: () =>
        envelope(
          { ...c1, communities: [community, otherCommunity] },
          riverReport(station, "r-other"),
          "cmd-other",
          otherCommunity,
        ),
      code: "access.community_mismatch",
      status: 403,
    },
    {
      name: "staff of another community",
      endpoint: "HideReport",
      payload: () =>
        envelope(staffElsewhere, { type: "HideReport", data: { reportId: "r-1", reason: "x" } }),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a courier calling a staff command",
      endpoint: "AcceptReport",
      payload: () => envelope(c1, { type: "AcceptReport", data: { reportId: "r-1" } }),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a courier sending the system's overdue flag",
      endpoint: "FlagSuggestionResponseOverdue",
      payload: () =>
        envelope(c1, { type: "FlagSuggestionResponseOverdue", data: { suggestionId: "sg-1" } }),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a courier reporting as another courier",
      endpoint: "SubmitReport",
      payload: () => envelope(courierActor("c-404"), riverReport(station, "r-ghost")),
      code: "report.reporter_not_active",
      status: 422,
    },
  ];

  it.each(cases)("refuses $name and stores nothing", async (entry) => {
    const before = await stored();
    const reply = await request(entry.endpoint, entry.payload(), entry.to);
    refused(reply, entry.code, entry.status);
    expect(await stored()).toEqual(before);
  });

  it("refuses a query from a role the contract does not name, and bad parameters, before reading", async () => {
    refused(await request("ListReports", { actor: sponsor }), "access.forbidden", 403);
    refused(await request("ListOwnReports", { actor: staff }), "access.forbidden", 403);
    refused(await request("ListReports", { actor: staff, limit: 0 }), "input.invalid", 400);
    refused(
      await request("ListReports", { actor: staff, after: "not-a-cursor" }),
      "store.invalid_query",
      422,
    );
    refused(
      await request("FindDuplicateHints", {
        actor: c1,
        category: "river-patrol",
        point: { latitude: Number.POSITIVE_INFINITY, longitude: 0 },
      }),
      "input.invalid",
      400,
    );
  });
});
