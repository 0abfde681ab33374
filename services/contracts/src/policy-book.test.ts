import {
  type CommunityPolicy,
  CommunityPolicy as CommunityPolicySchema,
  type Instant,
  jinshanPolicy,
} from "@courier-station/core";
import { defineService } from "@courier-station/kit";
import { Clock, Effect, Layer } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PolicyBook } from "./policy-book.js";
import { registryFactsContract } from "./registry.js";
import { serveQuery } from "./serve.js";
import { startTestStation, type TestStation } from "./testing.js";

const configured = jinshanPolicy();
const richer: CommunityPolicy = CommunityPolicySchema.parse({
  ...configured,
  general: { ...configured.general, consentPolicyVersion: "2027-01" },
});
let asked = 0;

/**
 * A registry where jinshan-wanda has two versions (the one named at registration, and
 * 2027-01) and no other community is registered.
 */
const registry = defineService({
  name: "registry",
  version: "1.0.0",
  endpoints: [
    serveQuery(registryFactsContract.endpoints.GetCommunityPolicyVersions, (_input, context) =>
      Effect.sync(() => {
        asked += 1;
        if (context.community !== "jinshan-wanda") return { versions: [] };
        return {
          versions: [
            {
              policyVersion: "2026-01",
              effectiveFrom: "2026-01-01T00:00:00.000Z" as Instant,
              publishedAt: "2026-01-01T00:00:00.000Z" as Instant,
              publishedBy: "system:setup",
            },
            {
              policyVersion: "2027-01",
              effectiveFrom: "2026-12-31T16:00:00.000Z" as Instant,
              publishedAt: "2026-12-01T00:00:00.000Z" as Instant,
              publishedBy: "staff-wang",
              policy: richer,
            },
          ],
        };
      }),
    ),
  ],
});

describe("the policy book", () => {
  let station: TestStation<never>;
  beforeAll(async () => {
    station = await startTestStation([registry]);
  });
  afterAll(async () => station.close());

  const inForceAt = (at: string) =>
    station.run(
      Effect.gen(function* () {
        const book = yield* PolicyBook;
        return yield* book.inForceAt("jinshan-wanda", at as Instant);
      }).pipe(
        Effect.provide(PolicyBook.fromRegistry({ configured: () => configured, cacheMs: 60_000 })),
      ),
    );

  it("gives a late fact the version in force when it happened, and the configured document for a version only named", async () => {
    const before = await inForceAt("2026-12-31T15:59:59.000Z");
    expect(before.policyVersion).toBe("2026-01");
    expect(before.policy).toEqual(configured);
    const after = await inForceAt("2026-12-31T16:00:00.000Z");
    expect(after.policyVersion).toBe("2027-01");
    expect(after.policy).toEqual(richer);
  });

  it("keeps the versions it read for the cache time instead of asking for every decision", async () => {
    const program = Effect.gen(function* () {
      const book = yield* PolicyBook;
      const first = asked;
      yield* book.inForceAt("jinshan-wanda", "2026-06-01T00:00:00.000Z" as Instant);
      yield* book.inForceAt("jinshan-wanda", "2027-06-01T00:00:00.000Z" as Instant);
      return asked - first;
    });
    const questions = await station.run(
      program.pipe(
        Effect.provide(
          Layer.fresh(PolicyBook.fromRegistry({ configured: () => configured, cacheMs: 60_000 })),
        ),
      ),
    );
    expect(questions).toBe(1);
  });

  it("reads the versions again after the clock was set back, instead of trusting what it kept 'later'", async () => {
    let millis = Date.parse("2026-12-05T06:00:00.000Z");
    const base = Clock.make();
    const movable: Clock.Clock = {
      [Clock.ClockTypeId]: Clock.ClockTypeId,
      unsafeCurrentTimeMillis: () => millis,
      currentTimeMillis: Effect.sync(() => millis),
      unsafeCurrentTimeNanos: () => BigInt(millis) * 1_000_000n,
      currentTimeNanos: Effect.sync(() => BigInt(millis) * 1_000_000n),
      sleep: (duration) => base.sleep(duration),
    };
    const program = Effect.gen(function* () {
      const book = yield* PolicyBook;
      const first = asked;
      yield* book.inForceAt("jinshan-wanda", "2026-06-01T00:00:00.000Z" as Instant);
      millis -= 3_600_000;
      yield* book.inForceAt("jinshan-wanda", "2026-06-01T00:00:00.000Z" as Instant);
      return asked - first;
    }).pipe(Effect.withClock(movable));
    const questions = await station.run(
      program.pipe(
        Effect.provide(
          Layer.fresh(PolicyBook.fromRegistry({ configured: () => configured, cacheMs: 60_000 })),
        ),
      ),
    );
    expect(questions).toBe(2);
  });

  it("tells a registered community from a name nobody registered", async () => {
    const registered = (community: string) =>
      station.run(
        Effect.gen(function* () {
          const book = yield* PolicyBook;
          return yield* book.isRegistered(community);
        }).pipe(
          Effect.provide(
            Layer.fresh(PolicyBook.fromRegistry({ configured: () => configured, cacheMs: 0 })),
          ),
        ),
      );
    expect(await registered("jinshan-wanda")).toBe(true);
    expect(await registered("no-such-community")).toBe(false);
  });
});
