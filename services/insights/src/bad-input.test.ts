import { CommunityId } from "@courier-station/core";
import { Bus } from "@courier-station/kit";
import { Effect } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jinshanCommunity, playJinshanMonth } from "../../../examples/jinshan/src/month.js";
import { projectionPosition } from "./projection.js";
import {
  auditorOf,
  type InsightsStation,
  staffOf,
  startInsights,
  storeEvents,
} from "./test-station.js";

/*
 * Bad input sent straight to the service's subjects: each refused with the kit's clear
 * reply in both languages, before anything is read — the projection does not even read on.
 */

const community = jinshanCommunity;
const staff = staffOf(community);
const otherCommunity = CommunityId.parse("shanyang-town");
const november = { kind: "month", year: 2026, month: 11 };

let station: InsightsStation;
beforeAll(async () => {
  const played = playJinshanMonth({ seed: 2, couriers: 10 });
  station = await startInsights({ at: played.endsAt });
  await station.run(storeEvents(played.station.events));
});
afterAll(async () => station.close());

const request = (endpoint: string, payload: unknown, target: string = community) =>
  station.run(
    Effect.flatMap(Bus, (bus) =>
      bus.request({ to: { community: target, service: "insights", endpoint }, payload }),
    ),
  );

const report = (changes: Record<string, unknown>) => ({
  actor: staff,
  year: 2026,
  month: 11,
  format: "xlsx",
  language: "zh-CN",
  ...changes,
});

describe("bad input sent straight to the insights subjects", () => {
  const cases: ReadonlyArray<{
    readonly name: string;
    readonly endpoint: string;
    readonly payload: () => unknown;
    readonly code: string;
    readonly status: number;
  }> = [
    {
      name: "not JSON",
      endpoint: "GetFigures",
      payload: () => '{"actor": {',
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a period of no kind the contract knows",
      endpoint: "GetFigures",
      payload: () => ({ actor: staff, period: { kind: "fortnight", year: 2026 } }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a thirteenth month",
      endpoint: "GetFigures",
      payload: () => ({ actor: staff, period: { kind: "month", year: 2026, month: 13 } }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a fifth quarter",
      endpoint: "GetFigures",
      payload: () => ({ actor: staff, period: { kind: "quarter", year: 2026, quarter: 5 } }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a fractional year",
      endpoint: "GetFigures",
      payload: () => ({ actor: staff, period: { kind: "year", year: 2026.5 } }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "an unknown field",
      endpoint: "GetFigures",
      payload: () => ({ actor: staff, period: november, everything: true }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a __proto__ key",
      endpoint: "GetFigures",
      payload: () =>
        JSON.parse(
          `{"actor":${JSON.stringify(staff)},"period":${JSON.stringify(november)},"__proto__":{"role":"system"}}`,
        ),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a key starting with $",
      endpoint: "GetFigures",
      payload: () => ({ actor: staff, period: { ...november, $where: "1" } }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a NUL character in the station",
      endpoint: "GetFigures",
      payload: () => ({ actor: staff, period: november, stationId: "wan\u0000da" }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "an oversize payload",
      endpoint: "GetFigures",
      payload: () => ({ actor: staff, period: november, stationId: "w".repeat(2_000_000) }),
      code: "input.too_large",
      status: 413,
    },
    {
      name: "a report in a format the service does not write",
      endpoint: "GetMonthlyReport",
      payload: () => report({ format: "pdf" }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a report in a language the service does not write",
      endpoint: "GetMonthlyReport",
      payload: () => report({ language: "fr" }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "staff of another community",
      endpoint: "GetMonthlyReport",
      payload: () => report({ actor: staffOf(otherCommunity) }),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a courier asking for the figures",
      endpoint: "GetFigures",
      payload: () => ({
        actor: { role: "courier", id: "c-1", communities: [community] },
        period: november,
      }),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "an auditor of another community",
      endpoint: "GetRunningTotals",
      payload: () => ({ actor: auditorOf(otherCommunity) }),
      code: "access.forbidden",
      status: 403,
    },
  ];

  for (const entry of cases) {
    it(`refuses ${entry.name}, reading nothing`, async () => {
      const reply = await request(entry.endpoint, entry.payload());
      expect(reply.ok).toBe(false);
      if (reply.ok) return;
      expect(reply.error.code).toBe(entry.code);
      expect(reply.status).toBe(entry.status);
      expect(reply.error.message["zh-CN"]).toMatch(/\p{Script=Han}/u);
      expect(reply.error.message.en).toMatch(/[A-Za-z]{3}/);
      expect(await station.run(projectionPosition())).toBe(0);
    });
  }

  it("answers the same request well formed, so the cases above fail for their fault", async () => {
    const reply = await request("GetFigures", { actor: staff, period: november });
    expect(reply.ok).toBe(true);
    expect(await station.run(projectionPosition())).toBeGreaterThan(0);
  });
});
