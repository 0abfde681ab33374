import { type CommandReply, call, pointsContract } from "@courier-station/contracts";
import { CourierId } from "@courier-station/core";
import { courierAccountId, systemAccountId } from "@courier-station/points";
import type { StationContext } from "@courier-station/station";
import type { Effect } from "effect";
import { MongoClient } from "mongodb";
import type { BenchServers } from "../scenario.js";
import { award, benchCommunity, benchFlow, benchStaff, type Stack, startStack } from "../stack.js";

/*
 * Our side of the peer comparisons: the station's points path (request → decide → store →
 * reply, the account's read models brought up to date) in one process with the in-process
 * bus, as a peer library runs in its caller's process, on the store the peer uses — the
 * MongoDB wire server for Medici and the hand-written approach.
 */

/** Our station on the MongoDB wire server, with the in-process bus. */
export interface OursOnMongo {
  readonly stack: Stack;
  readonly close: () => Promise<void>;
}

let databases = 0;

/** Starts the station with its store on the MongoDB wire server (a fresh database, dropped on close). */
export async function startOursOnMongo(servers: BenchServers): Promise<OursOnMongo> {
  const uri = servers.mongodbUri;
  if (uri === undefined) throw new Error("our MongoDB side needs a MongoDB wire server");
  databases += 1;
  const database = `cs_peers_${process.pid}_${Date.now().toString(36)}_${databases}`;
  const stack = await startStack("embedded", servers, {
    extraEnv: {
      MONGODB_URI: uri,
      MONGODB_DATABASE: database,
      CS_REQUEST_TIMEOUT_MS: "600000",
      // The relay polls at its default pace, as a deployment runs it.
      CS_RELAY_IDLE_MS: "200",
    },
  });
  return {
    stack,
    close: async () => {
      await stack.close();
      const client = await new MongoClient(uri).connect();
      try {
        await client.db(database).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

/** Grants points to a courier (`AdjustPoints`); the command id is the transfer id. */
export const grant = (stack: Stack, transferId: string, courierId: string, amount: number) =>
  award(stack, transferId, courierId, amount);

/**
 * Spends a courier's points for a catalogue redemption (`CreateTransfer`, a hold, as the
 * redemption flow does): refused with `points.insufficient_points` when the balance does
 * not cover it.
 */
export const spend = (
  stack: Stack,
  transferId: string,
  courierId: string,
  amount: number,
): Promise<CommandReply> =>
  stack.run(
    call(pointsContract, "CreateTransfer", benchCommunity, {
      commandId: transferId,
      community: benchCommunity,
      actor: benchFlow,
      command: {
        type: "CreateTransfer",
        data: {
          transferId,
          debitAccount: courierAccountId(CourierId.parse(courierId)),
          creditAccount: systemAccountId("redemption"),
          amount,
          reason: "catalogue_redemption",
          reference: `catalogue-${transferId}`,
          pending: { timeoutAt: new Date(Date.now() + 86_400_000).toISOString() },
        },
      },
    } as never) as Effect.Effect<CommandReply, unknown, StationContext>,
  );

/** A courier's available balance, as staff read it (`GetPointsBalance`). */
export const balanceOf = async (stack: Stack, courierId: string): Promise<number> => {
  const balance = await stack.run(
    call(pointsContract, "GetPointsBalance", benchCommunity, {
      actor: benchStaff,
      courierId,
    } as never) as Effect.Effect<{ readonly available: number }, unknown, StationContext>,
  );
  return balance.available;
};

/** Whether a rejected request was refused for want of points (not another failure). */
export const refusedForPoints = (reason: unknown): boolean =>
  JSON.stringify(reason).includes("points.insufficient_points");
