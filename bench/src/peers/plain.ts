import type { AddressInfo } from "node:net";
import express from "express";
import { type Collection, MongoClient } from "mongodb";
import type { BenchRow, Scenario } from "../scenario.js";
import { alternate, comparisonRows, guaranteeRow } from "./compare.js";
import { balanceOf, grant, refusedForPoints, spend, startOursOnMongo } from "./ours.js";

/*
 * The approach a team writes by hand, against our points path on the same MongoDB wire
 * server: express and the mongodb driver, one document per courier; an award is `$inc`,
 * a spend reads the balance, checks it and `$inc`s it down. Requests go over HTTP on
 * localhost (a fraction of a millisecond here, against FerretDB's milliseconds); ours go
 * over the in-process bus.
 */

const scenario = "peers-plain";
const PRICE = 7;

/** How much work each part does, by size. */
export const plainSizes = {
  full: { commits: 12, reads: 12, spenders: 50, covered: 20 },
  smoke: { commits: 2, reads: 2, spenders: 6, covered: 2 },
} as const;

interface BalanceDocument {
  readonly _id: string;
  readonly balance: number;
}

/** The hand-written service: award, spend (read, check, `$inc`) and balance. */
const plainApp = (balances: Collection<BalanceDocument>) => {
  const app = express();
  app.use(express.json());
  app.post("/award", async (request, response) => {
    const { courierId, amount } = request.body as { courierId: string; amount: number };
    await balances.updateOne({ _id: courierId }, { $inc: { balance: amount } }, { upsert: true });
    response.status(204).end();
  });
  app.post("/spend", async (request, response) => {
    const { courierId, amount } = request.body as { courierId: string; amount: number };
    const found = await balances.findOne({ _id: courierId });
    if ((found?.balance ?? 0) < amount) {
      response.status(409).json({ code: "insufficient_points" });
      return;
    }
    await balances.updateOne({ _id: courierId }, { $inc: { balance: -amount } });
    response.status(204).end();
  });
  app.get("/balance/:courierId", async (request, response) => {
    const found = await balances.findOne({ _id: request.params.courierId });
    response.json({ balance: found?.balance ?? 0 });
  });
  return app;
};

export const plainScenario: Scenario = {
  name: scenario,
  title: "express + mongodb driver (read, check, $inc) vs our points path on FerretDB",
  needs: ["mongodb"],
  async run(context) {
    const uri = context.servers.mongodbUri;
    if (uri === undefined) throw new Error(`${scenario} needs a MongoDB wire server`);
    const size = plainSizes[context.size];
    const database = `plain_${process.pid}_${Date.now().toString(36)}`;
    const client = await new MongoClient(uri).connect();
    const balances = client.db(database).collection<BalanceDocument>("balances");
    const server = plainApp(balances).listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = (path: string, body: object) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const plainBalance = async (courierId: string): Promise<number> =>
      ((await (await fetch(`${base}/balance/${courierId}`)).json()) as { balance: number }).balance;
    const ours = await startOursOnMongo(context.servers);
    const rows: BenchRow[] = [];
    try {
      const couriers = 5;
      await grant(ours.stack, "warm-up", "c-0", 1);
      await post("/award", { requestId: "warm-up", courierId: "c-0", amount: 1 });
      context.progress(`${scenario}: ${size.commits} awards a side, ${context.repeats} repeats`);
      const awards = await alternate(
        async (count, repeat) => {
          for (let index = 0; index < count; index++) {
            await grant(ours.stack, `award-${repeat}-${index}`, `c-${index % couriers}`, 10);
          }
        },
        async (count, repeat) => {
          for (let index = 0; index < count; index++) {
            await post("/award", {
              requestId: `award-${repeat}-${index}`,
              courierId: `c-${index % couriers}`,
              amount: 10,
            });
          }
        },
        size.commits,
        context.repeats,
      );
      rows.push(
        ...comparisonRows(scenario, "awards/s, FerretDB", "plain", awards, {
          unit: "awards/s",
          note: "plain: one $inc per award, no history, no receipt, no outbox",
        }),
      );
      const reads = await alternate(
        async (count) => {
          for (let index = 0; index < count; index++) {
            await balanceOf(ours.stack, `c-${index % couriers}`);
          }
        },
        async (count) => {
          for (let index = 0; index < count; index++) await plainBalance(`c-${index % couriers}`);
        },
        size.reads,
        context.repeats,
      );
      rows.push(
        ...comparisonRows(scenario, "balance reads/s, FerretDB", "plain", reads, {
          unit: "reads/s",
        }),
      );

      // Idempotency: one award sent twice (a retry after a lost reply).
      await grant(ours.stack, "twice-1", "c-twice", 10);
      await grant(ours.stack, "twice-1", "c-twice", 10);
      const oursTwice = await balanceOf(ours.stack, "c-twice");
      await post("/award", { requestId: "twice-1", courierId: "c-twice", amount: 10 });
      await post("/award", { requestId: "twice-1", courierId: "c-twice", amount: 10 });
      const plainTwice = await plainBalance("c-twice");
      rows.push(
        guaranteeRow(
          scenario,
          "ours",
          "one award of 10 sent twice: balance",
          oursTwice,
          "points",
          oursTwice === 10,
          "the second is answered as a duplicate",
        ),
        guaranteeRow(
          scenario,
          "plain",
          "one award of 10 sent twice: balance",
          plainTwice,
          "points",
          plainTwice === 10,
          "$inc has no request id; both are applied",
        ),
      );

      // No negative balance under concurrent spenders.
      const granted = size.covered * PRICE + PRICE - 1;
      await grant(ours.stack, "race-grant", "c-race", granted);
      const oursOutcomes = await Promise.allSettled(
        Array.from({ length: size.spenders }, (_, index) =>
          spend(ours.stack, `race-${index}`, "c-race", PRICE),
        ),
      );
      const unexpected = oursOutcomes.find(
        (outcome) => outcome.status === "rejected" && !refusedForPoints(outcome.reason),
      );
      if (unexpected?.status === "rejected")
        throw new Error(`a spend failed otherwise: ${JSON.stringify(unexpected.reason)}`);
      const oursLeft = await balanceOf(ours.stack, "c-race");
      await post("/award", { requestId: "race-grant", courierId: "c-race", amount: granted });
      const plainOutcomes = await Promise.all(
        Array.from({ length: size.spenders }, () =>
          post("/spend", { courierId: "c-race", amount: PRICE }),
        ),
      );
      const accepted = plainOutcomes.filter((response) => response.status === 204).length;
      // What was handed out decides; the stored balance may even disagree ($inc loses updates on FerretDB).
      const plainLeft = granted - accepted * PRICE;
      const stored = await plainBalance("c-race");
      const spendersNote = `${size.spenders} concurrent spends of ${PRICE} on a balance covering ${size.covered}`;
      rows.push(
        guaranteeRow(
          scenario,
          "ours",
          "balance after concurrent spenders",
          oursLeft,
          "points",
          oursLeft >= 0,
          `${spendersNote}; the version check refuses a stale decision`,
        ),
        guaranteeRow(
          scenario,
          "plain",
          "balance after concurrent spenders",
          plainLeft,
          "points",
          plainLeft >= 0,
          `${spendersNote}; ${accepted} accepted, the stored balance says ${stored}`,
        ),
      );
      return rows;
    } finally {
      await ours.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await client.db(database).dropDatabase();
      await client.close();
    }
  },
};
