import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { ServiceErrorCodeHeader, ServiceErrorHeader } from "@nats-io/services";
import { connect } from "@nats-io/transport-node";
import { Effect, type Scope } from "effect";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { busContract, testEvent, waitForDeadLetters } from "./bus.contract.js";
import { Bus, type BusApi, busEndpoint } from "./bus.js";
import { NatsBus } from "./nats-bus.js";
import { eventFilter } from "./subjects.js";
import { serverUrlFromEnvironment, uniqueSubjectRoot } from "./test-servers.js";

const natsUrl = serverUrlFromEnvironment("NATS_URL");

busContract("NATS", {
  makeLayer: ({ duplicateWindowMs }) =>
    NatsBus.layer({
      servers: natsUrl,
      subjectRoot: uniqueSubjectRoot(),
      eventStream: { duplicateWindowMs },
      temporary: true,
    }),
});

describe("NATS specifics", () => {
  const community = "jinshan-wanda";

  const withNats = <A>(
    body: (context: {
      readonly bus: BusApi;
      readonly root: string;
      readonly connection: NatsConnection;
    }) => Effect.Effect<A, unknown, Scope.Scope>,
  ): Promise<A> => {
    const root = uniqueSubjectRoot();
    return Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const connection = yield* Effect.acquireRelease(
            Effect.promise(() => connect({ servers: natsUrl })),
            (nc) => Effect.promise(() => nc.close()),
          );
          const bus = yield* Bus;
          return yield* body({ bus, root, connection });
        }),
      ).pipe(
        Effect.provide(NatsBus.layer({ servers: natsUrl, subjectRoot: root, temporary: true })),
      ) as Effect.Effect<A, unknown>,
    );
  };

  const greeter = (version = "1.4.2") => ({
    name: "greeter",
    version,
    description: "Says hello",
    endpoints: [
      busEndpoint({
        name: "Greet",
        input: z.strictObject({ name: z.string() }),
        handler: (request) => Effect.succeed({ text: `hello ${request.input.name}` }),
      }),
    ],
  });

  it("registers a micro service that answers $SRV.PING, INFO and STATS", async () => {
    const { ping, info, stats } = await withNats(({ bus, connection }) =>
      Effect.gen(function* () {
        const served = yield* bus.serve(greeter());
        yield* bus.request({
          to: { community, service: "greeter", endpoint: "Greet" },
          payload: { name: "a" },
        });
        yield* bus.request({
          to: { community, service: "greeter", endpoint: "Greet" },
          payload: { nope: 1 },
        });
        const ask = (verb: string) =>
          Effect.promise(async () =>
            (
              await connection.request(`$SRV.${verb}.greeter.${served.id}`, "", { timeout: 2_000 })
            ).json<Record<string, unknown>>(),
          );
        return { ping: yield* ask("PING"), info: yield* ask("INFO"), stats: yield* ask("STATS") };
      }),
    );
    expect(ping).toMatchObject({ name: "greeter", version: "1.4.2" });
    expect(info).toMatchObject({ name: "greeter", description: "Says hello" });
    const endpoints = info.endpoints as Array<{
      name: string;
      subject: string;
      queue_group: string;
    }>;
    expect(
      endpoints.map((endpoint) => [
        endpoint.name,
        endpoint.subject.split(".").slice(1).join("."),
        endpoint.queue_group,
      ]),
    ).toEqual([["Greet", "*.greeter.Greet", "greeter"]]);
    const statistics = stats.endpoints as Array<{ num_requests: number }>;
    expect(statistics[0]?.num_requests).toBe(2);
  });

  it("sets the service error headers on a refusal and refuses malformed JSON", async () => {
    const { invalid, malformed, ok } = await withNats(({ bus, root, connection }) =>
      Effect.gen(function* () {
        yield* bus.serve(greeter());
        const subject = `${root}.${community}.greeter.Greet`;
        const raw = (payload: string) =>
          Effect.promise(() => connection.request(subject, payload, { timeout: 2_000 }));
        return {
          invalid: yield* raw(JSON.stringify({ name: 7 })),
          malformed: yield* raw("{ not json"),
          ok: yield* raw(JSON.stringify({ name: "b" })),
        };
      }),
    );
    expect(invalid.headers?.get(ServiceErrorCodeHeader)).toBe("400");
    expect(invalid.headers?.get(ServiceErrorHeader)).toContain("Invalid input");
    expect(invalid.json<{ ok: boolean; error: { code: string } }>()).toMatchObject({
      ok: false,
      error: { code: "input.invalid" },
    });
    expect(malformed.headers?.get(ServiceErrorCodeHeader)).toBe("400");
    const malformedBody = malformed.json<{
      error: { details: { issues: Array<{ code: string }> } };
    }>();
    expect(malformedBody.error.details.issues[0]?.code).toBe("malformed_json");
    expect(ok.headers?.has(ServiceErrorCodeHeader) ?? false).toBe(false);
    expect(ok.json()).toEqual({ ok: true, value: { text: "hello b" } });
  });

  it("publishes with Nats-Msg-Id set to the event id", async () => {
    const event = testEvent();
    const header = await withNats(({ bus, root, connection }) =>
      Effect.gen(function* () {
        const ack = yield* bus.publish(event);
        const manager = yield* Effect.promise(() => jetstreamManager(connection));
        const stored = yield* Effect.promise(() =>
          manager.streams.getMessage(`${root.toUpperCase()}_EVENTS`, { seq: ack.sequence }),
        );
        return stored?.header.get("Nats-Msg-Id");
      }),
    );
    expect(header).toBe(event.id);
  });

  it("dead-letters a message that is not an event at once", async () => {
    const { letters, handled } = await withNats(({ bus, root, connection }) =>
      Effect.gen(function* () {
        let handled = 0;
        yield* bus.subscribe({
          name: "strict",
          subjects: [eventFilter({}, root)],
          handler: () =>
            Effect.sync(() => {
              handled += 1;
            }),
        });
        const client = jetstream(connection);
        yield* Effect.promise(() =>
          client.publish(
            `${root}.evt.${community}.counter.CounterIncremented`,
            '{"id":"x","$set":1}',
          ),
        );
        const letters = yield* waitForDeadLetters(bus, "strict", 1);
        return { letters, handled };
      }),
    );
    expect(handled).toBe(0);
    expect(letters).toHaveLength(1);
    expect(letters[0]?.deliveries).toBe(1);
    expect(letters[0]?.error.code).toBe("input.invalid");
  });
});
