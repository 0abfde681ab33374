import { Book } from "medici";
import mongoose from "mongoose";
import { type BenchRow, measured, type Scenario } from "../scenario.js";
import { alternate, comparisonRows, guaranteeRow, serverCommands } from "./compare.js";
import { balanceOf, grant, refusedForPoints, spend, startOursOnMongo } from "./ours.js";

/*
 * Medici (the npm double-entry ledger on Mongoose) against our points path, both on the
 * same MongoDB wire server (FerretDB v1.24 here): the same journal of awards — a debit of
 * the station's grants, a credit of a courier — then the same balance reads, then the
 * guarantees a run can show. Medici is used as its README shows, without a session:
 * FerretDB has no transactions, so `commit({ session })` is refused there.
 */

const scenario = "peers-medici";
const PRICE = 7;

/** How much work each part does, by size. */
export const mediciSizes = {
  full: { commits: 12, reads: 12, spenders: 50, covered: 20 },
  smoke: { commits: 2, reads: 2, spenders: 6, covered: 2 },
} as const;

/** A courier's balance as Medici's `ledger()` gives it: `balance()` needs `$subtract`, which FerretDB lacks. */
const mediciBalance = async (book: Book, account: string): Promise<number> => {
  const { results } = await book.ledger({ account });
  return results.reduce((sum, entry) => sum + entry.credit - entry.debit, 0);
};

/** Which of Medici's operations FerretDB refuses, tried once each (so the table says, not the docs). */
const unsupportedOperations = async (book: Book): Promise<string[]> => {
  const refused: string[] = [];
  try {
    await book.balance({ account: "Couriers:probe" });
  } catch (error) {
    refused.push(`balance() (${(error as Error).message.slice(0, 60)})`);
  }
  try {
    const session = await mongoose.startSession();
    try {
      await session.withTransaction(async () => {
        await book.entry("probe").debit("A", 1).credit("B", 1).commit({ session });
      });
    } finally {
      await session.endSession();
    }
  } catch (error) {
    refused.push(`commit({ session }) (${(error as Error).message.slice(0, 60)})`);
  }
  return refused;
};

export const mediciScenario: Scenario = {
  name: scenario,
  title: "Medici on FerretDB vs our points path: journal commits, balance reads, guarantees",
  needs: ["mongodb"],
  async run(context) {
    const uri = context.servers.mongodbUri;
    if (uri === undefined) throw new Error(`${scenario} needs a MongoDB wire server`);
    const size = mediciSizes[context.size];
    const database = `medici_${process.pid}_${Date.now().toString(36)}`;
    await mongoose.connect(uri, { dbName: database });
    // balanceSnapshotSec 0: Medici's snapshots need a TTL index, which FerretDB refuses.
    const book = new Book("points", { balanceSnapshotSec: 0 });
    const admin = mongoose.connection.db?.admin();
    if (admin === undefined) throw new Error("mongoose did not connect");
    // What one commit costs the server, counted before our station runs beside it.
    await book.entry("warm-up").debit("Station:grants", 1).credit("Couriers:c-0", 1).commit();
    const mediciBefore = await serverCommands(admin);
    for (let index = 0; index < size.reads; index++) {
      await book.entry("count").debit("Station:grants", 1).credit("Couriers:c-count", 1).commit();
    }
    const mediciPerCommit = ((await serverCommands(admin)) - mediciBefore) / size.reads;
    const ours = await startOursOnMongo(context.servers);
    const rows: BenchRow[] = [];
    try {
      await grant(ours.stack, "count-warm-up", "c-count", 1);
      const oursBefore = await serverCommands(admin);
      for (let index = 0; index < size.reads; index++) {
        await grant(ours.stack, `count-${index}`, "c-count", 1);
      }
      const oursPerCommit = ((await serverCommands(admin)) - oursBefore) / size.reads;
      rows.push(
        {
          scenario,
          measure: "server commands per award, ours",
          value: measured([oursPerCommit]),
          unit: "commands",
          note: "everything the station sent meanwhile: the command, its read models, the relay, projections, leases",
        },
        {
          scenario,
          measure: "server commands per award, Medici",
          value: measured([mediciPerCommit]),
          unit: "commands",
        },
      );
      const refused = await unsupportedOperations(book);
      const couriers = 5;
      await grant(ours.stack, "warm-up", "c-0", 1);
      context.progress(`${scenario}: ${size.commits} commits a side, ${context.repeats} repeats`);
      const commits = await alternate(
        async (count, repeat) => {
          for (let index = 0; index < count; index++) {
            await grant(ours.stack, `award-${repeat}-${index}`, `c-${index % couriers}`, 10);
          }
        },
        async (count, repeat) => {
          for (let index = 0; index < count; index++) {
            await book
              .entry("award")
              .debit("Station:grants", 10)
              .credit(`Couriers:c-${index % couriers}`, 10, {
                transferId: `award-${repeat}-${index}`,
              })
              .commit();
          }
        },
        size.commits,
        context.repeats,
      );
      rows.push(
        ...comparisonRows(scenario, "awards committed/s, FerretDB", "Medici", commits, {
          goal: 2,
          unit: "commits/s",
          note: "ours also keeps the command's receipt, the outbox and the account's read models",
        }),
      );
      const reads = await alternate(
        async (count) => {
          for (let index = 0; index < count; index++)
            await balanceOf(ours.stack, `c-${index % couriers}`);
        },
        async (count) => {
          for (let index = 0; index < count; index++) {
            await mediciBalance(book, `Couriers:c-${index % couriers}`);
          }
        },
        size.reads,
        context.repeats,
      );
      rows.push(
        ...comparisonRows(scenario, "balance reads/s, FerretDB", "Medici", reads, {
          unit: "reads/s",
          note: "Medici's balance() cannot run on FerretDB ($subtract); its ledger() summed instead",
        }),
      );

      // Idempotency: one award sent twice (a retry after a lost reply).
      await grant(ours.stack, "twice-1", "c-twice", 10);
      await grant(ours.stack, "twice-1", "c-twice", 10);
      const oursTwice = await balanceOf(ours.stack, "c-twice");
      for (let attempt = 0; attempt < 2; attempt++) {
        await book
          .entry("award")
          .debit("Station:grants", 10)
          .credit("Couriers:c-twice", 10, { transferId: "twice-1" })
          .commit();
      }
      const mediciTwice = await mediciBalance(book, "Couriers:c-twice");
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
          "Medici",
          "one award of 10 sent twice: balance",
          mediciTwice,
          "points",
          mediciTwice === 10,
          "a journal has no request id; both are committed",
        ),
      );

      // No negative balance: concurrent spenders against a balance covering `covered`.
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
      await book
        .entry("race grant")
        .debit("Station:grants", granted)
        .credit("Couriers:c-race", granted)
        .commit();
      // What a team writes with Medici: read the balance, check it, commit the spend.
      await Promise.all(
        Array.from({ length: size.spenders }, async () => {
          if ((await mediciBalance(book, "Couriers:c-race")) < PRICE) return;
          await book
            .entry("redeem")
            .debit("Couriers:c-race", PRICE)
            .credit("Station:redemptions", PRICE)
            .commit();
        }),
      );
      const mediciLeft = await mediciBalance(book, "Couriers:c-race");
      const spendersNote = `${size.spenders} concurrent spends of ${PRICE} on a balance covering ${size.covered}`;
      rows.push(
        guaranteeRow(
          scenario,
          "ours",
          "lowest balance after concurrent spenders",
          oursLeft,
          "points",
          oursLeft >= 0,
          `${spendersNote}; the version check refuses a stale decision`,
        ),
        guaranteeRow(
          scenario,
          "Medici",
          "lowest balance after concurrent spenders",
          mediciLeft,
          "points",
          mediciLeft >= 0,
          `${spendersNote}; nothing orders the read and the commit`,
        ),
      );
      if (refused.length > 0) {
        rows.push({
          scenario,
          measure: "Medici operations FerretDB refuses",
          value: {
            median: refused.length,
            min: refused.length,
            max: refused.length,
            samples: [refused.length],
          },
          unit: "operations",
          note: refused.join("; "),
        });
      }
      return rows;
    } finally {
      await ours.close();
      await mongoose.connection.db?.dropDatabase();
      await mongoose.disconnect();
    }
  },
};
