import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivedId } from "../kernel/derived-id.js";
import { CourierId, identifierPattern, PatrolRouteId } from "../kernel/ids.js";
import { Instant } from "../kernel/time.js";
import { parseInput } from "../kernel/validation.js";
import { PatrolId, patrolDayOf, patrolIdOf } from "./values.js";

const id = fc.stringMatching(identifierPattern);
const day = fc
  .date({
    min: new Date("2020-01-01T00:00:00Z"),
    max: new Date("2099-12-31T00:00:00Z"),
    noInvalidDate: true,
  })
  .map((date) => patrolDayOf(Instant.parse(date.toISOString()), "Asia/Shanghai"));

describe("patrol ids", () => {
  it("are valid ids that start with the day, whatever the route and courier ids", () => {
    fc.assert(
      fc.property(id, id, day, (route, courier, patrolDay) => {
        const patrolId = patrolIdOf({
          routeId: PatrolRouteId.parse(route),
          courierId: CourierId.parse(courier),
          day: patrolDay,
        });
        expect(PatrolId.safeParse(patrolId).success).toBe(true);
        expect(patrolId.startsWith(patrolDay.replaceAll("-", ""))).toBe(true);
        expect(patrolId).toBe(
          patrolIdOf({
            routeId: PatrolRouteId.parse(route),
            courierId: CourierId.parse(courier),
            day: patrolDay,
          }),
        );
      }),
    );
  });

  it("are derived by the one scheme of derived ids, after the day", () => {
    const patrolId = patrolIdOf({
      routeId: PatrolRouteId.parse("river-1"),
      courierId: CourierId.parse("c-1"),
      day: "2026-12-05",
    });
    expect(patrolId).toBe(`20261205-${derivedId("patrol", "river-1", "c-1", "2026-12-05")}`);
  });

  it("refuse what cannot be an id, in both languages", () => {
    const result = parseInput(PatrolId, "20261128.river");
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.issues[0]?.message["zh-CN"]).toContain("巡河记录标识");
    expect(result.left.issues[0]?.message.en).toContain("a patrol id");
  });

  it("differ for different routes, couriers or days", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(id, id), {
          minLength: 2,
          maxLength: 50,
          selector: ([a, b]) => `${a}\n${b}`,
        }),
        (pairs) => {
          const ids = pairs.map(([route, courier]) =>
            patrolIdOf({
              routeId: PatrolRouteId.parse(route),
              courierId: CourierId.parse(courier),
              day: "2026-12-05",
            }),
          );
          expect(new Set(ids).size).toBe(ids.length);
        },
      ),
    );
    // Joined naively, "a-b" + "c" and "a" + "b-c" would be the same patrol.
    const one = patrolIdOf({
      routeId: PatrolRouteId.parse("a-b"),
      courierId: CourierId.parse("c"),
      day: "2026-12-05",
    });
    const two = patrolIdOf({
      routeId: PatrolRouteId.parse("a"),
      courierId: CourierId.parse("b-c"),
      day: "2026-12-05",
    });
    expect(one).not.toBe(two);
    const tomorrow = patrolIdOf({
      routeId: PatrolRouteId.parse("a-b"),
      courierId: CourierId.parse("c"),
      day: "2026-12-06",
    });
    expect(tomorrow).not.toBe(one);
  });
});

describe("patrol days", () => {
  it("are the local date in the community's time zone", () => {
    const instant = Instant.parse("2026-12-04T16:30:00Z");
    expect(patrolDayOf(instant, "Asia/Shanghai")).toBe("2026-12-05");
    expect(patrolDayOf(instant, "UTC")).toBe("2026-12-04");
    expect(patrolDayOf(Instant.parse("2026-12-05T15:59:59.999Z"), "Asia/Shanghai")).toBe(
      "2026-12-05",
    );
  });
});
