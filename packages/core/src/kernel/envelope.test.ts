import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { EventEnvelope, streamName } from "./envelope.js";
import { parseInput } from "./validation.js";

const envelope = {
  id: "evt-1",
  type: "CourierRegistered",
  aggregate: "courier",
  stream: "courier-c-1",
  version: 1,
  community: "jinshan-wanda",
  actor: { role: "courier", id: "c-1", communities: ["jinshan-wanda"] },
  time: "2026-11-28T02:00:00.000Z",
  causationId: "cmd-1",
  correlationId: "cmd-1",
  data: { courierId: "c-1" },
};

describe("EventEnvelope", () => {
  it("holds id, type, aggregate, stream, version, community, actor, time, causation, correlation and data", () => {
    const parsed = parseInput(EventEnvelope, envelope);
    expect(parsed).toEqual(Either.right(envelope));
    expect(Object.keys(EventEnvelope.shape).sort()).toEqual(
      [
        "actor",
        "aggregate",
        "causationId",
        "community",
        "correlationId",
        "data",
        "id",
        "stream",
        "time",
        "type",
        "version",
      ].sort(),
    );
  });

  it("refuses a bad type, aggregate and version, each by its field in both languages", () => {
    const result = parseInput(EventEnvelope, {
      ...envelope,
      type: "courier registered",
      aggregate: "Courier",
      version: 0,
    });
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.issues.map((issue) => issue.field).sort()).toEqual([
      "aggregate",
      "type",
      "version",
    ]);
    const byField = new Map(result.left.issues.map((issue) => [issue.field, issue.message]));
    expect(byField.get("type")?.["zh-CN"]).toContain("事件类型");
    expect(byField.get("type")?.en).toContain("event type");
    expect(byField.get("aggregate")?.["zh-CN"]).toContain("聚合名");
    expect(byField.get("aggregate")?.en).toContain("aggregate name");
  });

  it("refuses fields it does not know", () => {
    const result = parseInput(EventEnvelope, { ...envelope, extra: true });
    expect(Either.isLeft(result)).toBe(true);
  });
});

describe("streamName", () => {
  it("joins the aggregate and the id", () => {
    expect(streamName("courier", "c-1")).toBe("courier-c-1");
  });
});
