import { Writable } from "node:stream";
import {
  commandEnvelopeOf,
  DomainError,
  type EventEnvelope,
  localized,
} from "@courier-station/core";
import { Context, Deferred, Effect, Either, Layer, type Scope } from "effect";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { testEvent } from "../bus/bus.contract.js";
import { Bus, type BusApi } from "../bus/bus.js";
import { InProcessBus } from "../bus/in-process-bus.js";
import { NatsBus } from "../bus/nats-bus.js";
import { serverUrlFromEnvironment, uniqueSubjectRoot } from "../bus/test-servers.js";
import { liveTime, type TimeControl, testClockTime } from "../bus/time-control.js";
import { Configuration, loadConfig, type RuntimeConfig } from "../config/config.js";
import { Log, makeLogger } from "../logging/logger.js";
import { Leases } from "./leases.js";
import { ProcessedEvents } from "./processed-events.js";
import { runService } from "./run-service.js";
import { consumer, defineService, derivedId, endpoint, timer } from "./service-definition.js";
import { memoryLeases, memoryProcessedEvents } from "./testing/memory-capabilities.js";

/** Something a handler needs besides the host: a tally standing in for the store. */
class Tally extends Context.Tag("test/Tally")<
  Tally,
  { readonly counts: Map<string, number>; readonly add: (key: string) => void }
>() {}

const makeTally = () => {
  const counts = new Map<string, number>();
  return { counts, add: (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1) };
};

class NotOpen extends DomainError("NotOpen", {
  code: "station.not_open",
  httpStatus: 422,
  text: () => localized("服务站未开放", "The station is not open"),
}) {}

const configFor = (instance: string): RuntimeConfig =>
  Either.getOrThrow(loadConfig({ env: { CS_INSTANCE: instance, CS_MAX_PAYLOAD_BYTES: "4096" } }));

const community = "jinshan-wanda";

const Visit = commandEnvelopeOf(
  z.strictObject({
    type: z.literal("RecordVisit"),
    data: z.strictObject({ stationId: z.string(), open: z.boolean() }),
  }),
);

const stationService = (beforeAnswer: Effect.Effect<void> = Effect.void) =>
  defineService({
    name: "station",
    version: "2.3.4",
    endpoints: [
      endpoint({
        name: "RecordVisit",
        input: Visit,
        output: z.strictObject({ visits: z.number() }),
        handler: (envelope, context) =>
          Effect.gen(function* () {
            const tally = yield* Tally;
            if (!envelope.command.data.open) return yield* Effect.fail(new NotOpen());
            yield* beforeAnswer;
            tally.add(`visit:${context.community}:${context.commandId}`);
            return { visits: tally.counts.size };
          }),
      }),
    ],
    consumers: [
      consumer({
        name: "visits",
        events: [{ aggregate: "counter" }],
        handler: (event, context) =>
          Effect.gen(function* () {
            const tally = yield* Tally;
            tally.add(`event:${event.id}`);
            tally.add(`derived:${context.derivedId("visit")}`);
          }),
      }),
    ],
  });

const visit = (commandId: string, open = true, overrides: Record<string, unknown> = {}) => ({
  commandId,
  community,
  actor: { role: "courier", id: "c-1", communities: [community] },
  command: { type: "RecordVisit", data: { stationId: "s-1", open } },
  ...overrides,
});

// The in-process bus and the host keep every timer on Effect's Clock: its tests move a
// TestClock. nats-server keeps its own time (the duplicate window): those wait for real.
const adapters: ReadonlyArray<readonly [string, () => Layer.Layer<Bus, unknown>, TimeControl]> = [
  ["in-process", () => InProcessBus.layer({ duplicateWindowMs: 500 }), testClockTime],
  [
    "NATS",
    () =>
      NatsBus.layer({
        servers: serverUrlFromEnvironment("NATS_URL"),
        subjectRoot: uniqueSubjectRoot(),
        eventStream: { duplicateWindowMs: 500 },
        temporary: true,
      }),
    liveTime,
  ],
];

const capture = () => {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) {
        if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, logger: makeLogger({ level: "debug", destination }) };
};

describe.each(adapters)("runService on the %s bus", (_name, makeBus, time) => {
  const run = <A>(
    body: (
      bus: BusApi,
    ) => Effect.Effect<
      A,
      unknown,
      Scope.Scope | Bus | Tally | Configuration | Log | Leases | ProcessedEvents
    >,
    parts: {
      readonly tally?: ReturnType<typeof makeTally>;
      readonly logger?: ReturnType<typeof makeLogger>;
      readonly leases?: ReturnType<typeof memoryLeases>;
    } = {},
  ): Promise<A> =>
    Effect.runPromise(
      time.provide(
        Effect.scoped(Effect.flatMap(Bus, body)).pipe(
          Effect.provide(
            Layer.mergeAll(
              makeBus(),
              Layer.succeed(Tally, parts.tally ?? makeTally()),
              Configuration.layer(configFor("instance-a")),
              Layer.succeed(Log, parts.logger ?? makeLogger({ level: "silent" })),
              Layer.succeed(Leases, parts.leases ?? memoryLeases()),
              Layer.succeed(ProcessedEvents, memoryProcessedEvents()),
            ),
          ),
        ),
      ) as Effect.Effect<A, unknown>,
    );

  it("serves its endpoints: the value, a refusal, and bad input that never reaches the handler", async () => {
    const tally = makeTally();
    const { lines, logger } = capture();
    const replies = await run(
      (bus) =>
        Effect.gen(function* () {
          const running = yield* runService(stationService());
          expect(running).toMatchObject({
            name: "station",
            version: "2.3.4",
            instance: "instance-a",
          });
          const to = { community, service: "station", endpoint: "RecordVisit" };
          return [
            yield* bus.request({ to, payload: visit("cmd-1") }),
            yield* bus.request({ to, payload: visit("cmd-2", false) }),
            yield* bus.request({
              to,
              payload: { ...visit("cmd-3"), command: { type: "RecordVisit", data: {} } },
            }),
            yield* bus.request({ to, payload: visit("cmd-4", true, { $where: "1" }) }),
            yield* bus.request({ to, payload: visit("cmd-5", true, { note: "x".repeat(5_000) }) }),
            yield* bus.request({ to, payload: visit("cmd-6", true, { community: "other-place" }) }),
          ];
        }),
      { tally, logger },
    );
    expect(
      replies.map((reply) => (reply.ok ? "ok" : `${reply.status} ${reply.error.code}`)),
    ).toEqual([
      "ok",
      "422 station.not_open",
      "400 input.invalid",
      "400 input.invalid",
      "413 input.too_large",
      "403 access.community_mismatch",
    ]);
    expect([...tally.counts.keys()]).toEqual([`visit:${community}:cmd-1`]);
    const refused = lines.find((line) => line.msg === "request refused");
    expect(refused).toMatchObject({
      service: "station",
      community,
      commandId: "cmd-2",
      correlationId: "cmd-2",
      code: "station.not_open",
    });
    expect(JSON.stringify(lines)).not.toContain('"role":"courier"');
  });

  it("logs a fault with the reference the caller got, and nothing leaks to the caller", async () => {
    const { lines, logger } = capture();
    const reply = await run(
      (bus) =>
        Effect.gen(function* () {
          yield* runService(stationService(Effect.die(new Error("disk on fire"))));
          return yield* bus.request({
            to: { community, service: "station", endpoint: "RecordVisit" },
            payload: visit("cmd-1"),
          });
        }),
      { logger },
    );
    if (reply.ok) throw new Error("expected a fault");
    expect(reply.status).toBe(500);
    expect(JSON.stringify(reply)).not.toContain("disk on fire");
    const logged = lines.find((line) => line.msg === "request failed");
    expect(logged?.reference).toBe(reply.error.details.reference);
    expect(JSON.stringify(logged)).toContain("disk on fire");
  });

  it("consumes events durably as <service>-<consumer> and skips events already processed", async () => {
    const tally = makeTally();
    const event = testEvent();
    await run(
      (bus) =>
        Effect.gen(function* () {
          yield* runService(stationService());
          yield* bus.publish(event);
          yield* time.until(() => expect(tally.counts.get(`event:${event.id}`)).toBe(1));
          // After the duplicate window the bus delivers a republish again; the host skips it.
          yield* time.pass(700);
          const again = yield* bus.publish(event);
          expect(again.duplicate).toBe(false);
          yield* time.pass(700);
        }),
      { tally },
    );
    expect(tally.counts.get(`event:${event.id}`)).toBe(1);
    expect(tally.counts.get(`derived:${derivedId("station-visits", "visit", event.id)}`)).toBe(1);
  });

  it("runs a timer in one instance at a time, and another takes over when it stops", async () => {
    const runs: string[] = [];
    const leases = memoryLeases();
    const ticking = defineService({
      name: "ticker",
      version: "1.0.0",
      timers: [
        timer({
          name: "tick",
          everyMs: 30,
          leaseTtlMs: 60_000,
          handler: (context) => Effect.sync(() => void runs.push(context.instance)),
        }),
      ],
    });
    await run(
      () =>
        Effect.gen(function* () {
          const first = yield* runService(ticking);
          const second = yield* runService(ticking).pipe(
            Effect.provideService(Configuration, configFor("instance-b")),
          );
          yield* time.until(() => expect(runs.length).toBeGreaterThanOrEqual(5));
          expect(new Set(runs)).toEqual(new Set(["instance-a"]));
          yield* first.stop;
          const before = runs.length;
          yield* time.until(() => expect(runs.slice(before)).toContain("instance-b"));
          yield* second.stop;
        }),
      { leases },
    );
    const handover = runs.indexOf("instance-b");
    expect(runs.slice(0, handover).every((instance) => instance === "instance-a")).toBe(true);
    expect(runs.slice(handover).every((instance) => instance === "instance-b")).toBe(true);
  });

  it("stops gracefully: answers the request in flight, then takes no more", async () => {
    const outcome = await run((bus) =>
      Effect.gen(function* () {
        const entered = yield* Deferred.make<void>();
        const release = yield* Deferred.make<void>();
        const running = yield* runService(
          stationService(
            Deferred.succeed(entered, undefined).pipe(Effect.zipRight(Deferred.await(release))),
          ),
        );
        const to = { community, service: "station", endpoint: "RecordVisit" };
        const inFlight = yield* Effect.fork(
          bus.request({ to, payload: visit("cmd-1"), timeoutMs: 10_000 }),
        );
        yield* Deferred.await(entered);
        expect(running.inFlight()).toBe(1);
        const stopping = yield* Effect.fork(running.stop);
        yield* time.pass(100);
        yield* Deferred.succeed(release, undefined);
        yield* stopping.await;
        const answered = yield* inFlight.await;
        const after = yield* Effect.either(
          bus.request({ to, payload: visit("cmd-2"), timeoutMs: 1_000 }),
        );
        return { answered, after };
      }),
    );
    expect(outcome.answered._tag).toBe("Success");
    if (outcome.answered._tag === "Success") expect(outcome.answered.value.ok).toBe(true);
    expect(outcome.after._tag).toBe("Left");
  });
});

describe("defineService", () => {
  const noop = endpoint({ name: "Noop", input: z.unknown(), handler: () => Effect.void });

  it("accepts a well-formed definition", () => {
    const definition = defineService({ name: "points", version: "0.1.0", endpoints: [noop] });
    expect(definition.endpoints.map((entry) => entry.name)).toEqual(["Noop"]);
    expect(definition.consumers).toEqual([]);
  });

  it.each([
    ["a bad service name", { name: "Points", version: "1.0.0" }],
    ["a bad version", { name: "points", version: "one" }],
    ["two endpoints with one name", { name: "points", version: "1.0.0", endpoints: [noop, noop] }],
    [
      "a consumer without events",
      {
        name: "points",
        version: "1.0.0",
        consumers: [consumer({ name: "earn", events: [], handler: () => Effect.void })],
      },
    ],
    [
      "a timer too fast",
      {
        name: "points",
        version: "1.0.0",
        timers: [timer({ name: "tick", everyMs: 1, handler: () => Effect.void })],
      },
    ],
  ])("refuses %s", (_case, spec) => {
    expect(() => defineService(spec)).toThrow(TypeError);
  });

  it("derives the same id from the same parts, and another from other parts", () => {
    const event: Pick<EventEnvelope, "id"> = testEvent();
    expect(derivedId("c", "award", event.id)).toBe(derivedId("c", "award", event.id));
    expect(derivedId("c", "award", event.id)).not.toBe(derivedId("c", "refund", event.id));
    expect(derivedId("c", "award", event.id)).toMatch(/^d-[0-9a-f]{40}$/);
  });
});
