import { Either } from "effect";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  ActivityChanges,
  parseInput,
  RevisePatrolRoute,
  UpdateCourierProfile,
  UpdateStationDetails,
} from "./index.js";

const messageOf = (schema: z.ZodType, input: unknown) => {
  const result = parseInput(schema, input);
  if (Either.isRight(result)) throw new Error("expected a refusal");
  return result.left.issues[0]?.message;
};

describe("bilingual messages: each rule keeps its own texts", () => {
  it("gives each 'change at least one field' rule its own Chinese text, whatever loaded last", () => {
    expect(
      messageOf(UpdateCourierProfile, { type: "UpdateCourierProfile", data: { courierId: "c-1" } }),
    ).toEqual({ "zh-CN": "至少修改一项资料", en: "change at least one field" });
    expect(
      messageOf(UpdateStationDetails, { type: "UpdateStationDetails", data: { stationId: "s-1" } }),
    ).toEqual({ "zh-CN": "至少修改一项信息", en: "change at least one field" });
    expect(
      messageOf(RevisePatrolRoute, { type: "RevisePatrolRoute", data: { routeId: "r-1" } }),
    ).toEqual({ "zh-CN": "至少修改一项", en: "change at least one field" });
    expect(messageOf(ActivityChanges, {})).toEqual({
      "zh-CN": "至少修改一项",
      en: "change at least one field",
    });
  });
});
