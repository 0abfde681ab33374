import {
  type Actor,
  CommunityId,
  commandEnvelopeOf,
  DomainError,
  localized,
} from "@courier-station/core";
import { defineService, RemoteError } from "@courier-station/kit";
import { Effect, Exit } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { call } from "./call.js";
import {
  anonymousActor,
  commandContract,
  defineContract,
  listQueryContract,
  publicQueryContract,
  queryContract,
} from "./contract.js";
import { insightsContract } from "./insights.js";
import { registryContract } from "./registry.js";
import { mayAsk, serveCommand, serveQuery } from "./serve.js";
import { startTestStation, type TestStation } from "./testing.js";

const community = CommunityId.parse("jinshan-wanda");
const other = CommunityId.parse("zhujing");
const staff: Actor = { role: "staff", id: "staff-1", communities: [community] };
const courier: Actor = { role: "courier", id: "c-1", communities: [community] };
const staffElsewhere: Actor = { role: "staff", id: "staff-2", communities: [other] };

const RingBell = z.strictObject({
  type: z.literal("RingBell"),
  data: z.strictObject({ times: z.number().int().min(1).max(3) }),
});

class BellBroken extends DomainError("BellBroken", {
  code: "bell.broken",
  httpStatus: 422,
  text: () => localized("铃坏了", "The bell is broken"),
}) {}

const bellContract = defineContract({
  service: "bell",
  description: "A bell to test the contract helpers.",
  endpoints: {
    RingBell: commandContract(RingBell, "Rings the bell."),
    GetBell: queryContract({
      name: "GetBell",
      description: "How often the bell rang.",
      roles: ["staff"],
      parameters: { bellId: z.string() },
      output: z.strictObject({ rings: z.number() }),
    }),
    ListRings: listQueryContract({
      name: "ListRings",
      description: "The rings, a page at a time.",
      roles: ["staff", "courier"],
      parameters: {},
      item: z.strictObject({ times: z.number() }),
    }),
    GetBellTower: publicQueryContract({
      name: "GetBellTower",
      description: "Where the bell hangs: anyone may read it.",
      parameters: { towerId: z.string() },
      output: z.strictObject({ towerId: z.string(), rings: z.number() }),
    }),
  },
});

const rings: number[] = [];
const bellService = defineService({
  name: "bell",
  version: "1.0.0",
  endpoints: [
    serveCommand(bellContract.endpoints.RingBell, (envelope) =>
      envelope.command.data.times === 3
        ? Effect.fail(new BellBroken())
        : Effect.sync(() => {
            rings.push(envelope.command.data.times);
            return {
              outcome: "applied" as const,
              aggregate: "bell",
              id: "bell-1",
              version: rings.length,
              eventIds: [],
            };
          }),
    ),
    serveQuery(bellContract.endpoints.GetBell, () => Effect.succeed({ rings: rings.length })),
    serveQuery(bellContract.endpoints.GetBellTower, ({ towerId }) =>
      Effect.succeed({ towerId, rings: rings.length }),
    ),
    serveQuery(bellContract.endpoints.ListRings, ({ limit }) =>
      Effect.succeed({ items: rings.slice(0, limit ?? 50).map((times) => ({ times })) }),
    ),
  ],
});

describe("contracts served and called over the bus", () => {
  let station: TestStation<never>;
  beforeAll(async () => {
    station = await startTestStation([bellService]);
  });
  afterAll(async () => {
    await station.close();
  });

  const ring = (times: number, commandId: string) =>
    call(bellContract, "RingBell", community, {
      commandId,
      community,
      actor: staff,
      command: { type: "RingBell", data: { times } },
    });

  it("names a command endpoint after its command and takes core's envelope", () => {
    expect(bellContract.endpoints.RingBell.name).toBe("RingBell");
    const parsed = commandEnvelopeOf(RingBell).safeParse({
      commandId: "cmd-1",
      community,
      actor: staff,
      command: { type: "RingBell", data: { times: 1 } },
    });
    expect(parsed.success).toBe(true);
  });

  it("answers a command with its reply and a refusal as a RemoteError with both languages", async () => {
    const reply = await station.run(ring(2, "cmd-2"));
    expect(reply).toMatchObject({ outcome: "applied", aggregate: "bell", eventIds: [] });
    const refused = await station.runExit(ring(3, "cmd-3"));
    expect(Exit.isFailure(refused)).toBe(true);
    if (Exit.isFailure(refused) && refused.cause._tag === "Fail") {
      const error = refused.cause.error;
      expect(error).toBeInstanceOf(RemoteError);
      expect(error).toMatchObject({ code: "bell.broken", status: 422 });
      expect((error as RemoteError).text).toEqual({ "zh-CN": "铃坏了", en: "The bell is broken" });
    } else expect.fail("the refusal should fail the call");
  });

  it("lets the roles a query names ask it in their own community", async () => {
    const answer = await station.run(
      call(bellContract, "GetBell", community, { actor: staff, bellId: "b" }),
    );
    expect(answer.rings).toBeGreaterThan(0);
    const page = await station.run(
      call(bellContract, "ListRings", community, { actor: courier, limit: 1 }),
    );
    expect(page.items).toHaveLength(1);
  });

  it("refuses a role the query does not name, and an actor of another community", async () => {
    for (const [actor, reason] of [
      [courier, "role"],
      [staffElsewhere, "community"],
    ] as const) {
      const exit = await station.runExit(
        call(bellContract, "GetBell", community, { actor, bellId: "b" }),
      );
      if (Exit.isFailure(exit) && exit.cause._tag === "Fail") {
        expect(exit.cause.error).toMatchObject({
          code: "access.forbidden",
          status: 403,
          details: expect.objectContaining({ reason }),
        });
      } else expect.fail(`${actor.id} should be refused`);
    }
  });

  it("refuses a query input that breaks the contract before the handler runs", async () => {
    const exit = await station.runExit(
      call(bellContract, "ListRings", community, { actor: staff, limit: 0 }),
    );
    if (Exit.isFailure(exit) && exit.cause._tag === "Fail") {
      expect(exit.cause.error).toMatchObject({ code: "input.invalid", status: 400 });
    } else expect.fail("a limit of 0 should be refused");
  });

  it("answers a public query to the anonymous actor and to anyone signed in, of any community", async () => {
    for (const actor of [anonymousActor, courier, staffElsewhere]) {
      const tower = await station.run(
        call(bellContract, "GetBellTower", community, { actor, towerId: "t-1" }),
      );
      expect(tower.towerId).toBe("t-1");
    }
  });

  it("refuses the anonymous actor on every query its contract does not mark public", async () => {
    const exit = await station.runExit(
      call(bellContract, "GetBell", community, {
        // The anonymous actor, sent where the input takes only a signed-in one.
        actor: anonymousActor as unknown as Actor,
        bellId: "b",
      }),
    );
    if (Exit.isFailure(exit) && exit.cause._tag === "Fail") {
      expect(exit.cause.error).toMatchObject({ code: "input.invalid", status: 400 });
    } else expect.fail("the anonymous actor should be refused");
    expect(mayAsk(bellContract.endpoints.GetBell, anonymousActor, community)).toBe(false);
    expect(mayAsk({ roles: ["staff"] }, anonymousActor, community)).toBe(false);
  });

  it("marks public, in the services' own contracts, only the station pages and the year's counts", () => {
    const publicQueries = [registryContract, insightsContract].flatMap((contract) =>
      Object.values(contract.endpoints)
        .filter((endpoint) => endpoint.kind === "query" && endpoint.public === true)
        .map((endpoint) => endpoint.name),
    );
    expect(publicQueries.sort()).toEqual(["GetPublicFigures", "GetStation", "ListStations"]);
    for (const name of ["GetCourier", "ListCouriers", "GetCommunity"] as const) {
      expect(mayAsk(registryContract.endpoints[name], anonymousActor, community)).toBe(false);
    }
    expect(mayAsk(insightsContract.endpoints.GetFigures, anonymousActor, community)).toBe(false);
  });
});
