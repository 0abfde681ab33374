import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MongoClient } from "mongodb";
import type { BenchRow, Scenario } from "../scenario.js";
import { startStack } from "../stack.js";
import { guaranteeRow } from "./compare.js";
import { balanceOf, grant } from "./ours.js";

/*
 * Atomicity after a crash, shown by a run: a child process (crash-child.ts) moves points
 * from the station to a courier, one transfer after another, and is killed with SIGKILL
 * a random moment after one is answered — mid-write, often. Then what it left is read:
 * a half-written transfer (points taken from one side and not given to the other, or a
 * Medici journal's transactions without the journal) means the side lost atomicity.
 * Ours is restarted on what was left and the transfer that was in flight is sent again:
 * the courier's balance must be exactly what the answered transfers and that one give.
 * Whether a kill lands inside a write is chance: the rows say how many kills were run.
 */

const scenario = "peers-crash";
const childFile = join(dirname(fileURLToPath(import.meta.url)), "crash-child.ts");

/** How many kills each side gets, by size. */
export const crashSizes = { full: { kills: 4 }, smoke: { kills: 1 } } as const;

/** Starts the child, kills it a random 0–25 ms after its third answered transfer; how many it answered. */
const runAndKill = (side: string, uri: string, database: string, first: number) =>
  new Promise<number>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      // tsx runs the TypeScript child, whether this process runs under tsx or vitest.
      [
        "--import",
        "tsx",
        "--conditions=@courier-station/source",
        childFile,
        side,
        uri,
        database,
        String(first),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let answered = 0;
    let errors = "";
    let killing = false;
    child.stderr.on("data", (chunk: Buffer) => {
      errors = `${errors}${chunk.toString()}`.slice(-2000);
    });
    child.stdout.on("data", (chunk: Buffer) => {
      answered += chunk
        .toString()
        .split("\n")
        .filter((line) => line.startsWith("acked ")).length;
      if (answered >= 3 && !killing) {
        killing = true;
        setTimeout(() => child.kill("SIGKILL"), Math.random() * 25);
      }
    });
    child.on("exit", (_code, signal) => {
      if (signal === "SIGKILL") resolve(answered);
      else reject(new Error(`the ${side} child ended without being killed: ${errors}`));
    });
  });

export const crashScenario: Scenario = {
  name: scenario,
  title: "atomicity after a crash: a transfer process killed mid-write, ours vs Medici vs plain",
  needs: ["mongodb"],
  async run(context) {
    const uri = context.servers.mongodbUri;
    if (uri === undefined) throw new Error(`${scenario} needs a MongoDB wire server`);
    const { kills } = crashSizes[context.size];
    const suffix = `${process.pid}_${Date.now().toString(36)}`;
    const client = await new MongoClient(uri).connect();
    const rows: BenchRow[] = [];
    const databases = {
      ours: `crash_ours_${suffix}`,
      medici: `crash_medici_${suffix}`,
      plain: `crash_plain_${suffix}`,
    };
    try {
      // Ours: killed, restarted, the transfer in flight sent again.
      const answered: number[] = [];
      for (let kill = 0; kill < kills; kill++) {
        answered.push(await runAndKill("ours", uri, databases.ours, kill * 1000));
      }
      context.progress(`${scenario}: ours answered ${answered.join(", ")} before its kills`);
      const restarted = await startStack("embedded", context.servers, {
        extraEnv: { MONGODB_URI: uri, MONGODB_DATABASE: databases.ours },
      });
      let oursBalance: number;
      try {
        for (const [kill, count] of answered.entries()) {
          await grant(restarted, `crash-${kill * 1000 + count}`, "c-crash", 10);
        }
        oursBalance = await balanceOf(restarted, "c-crash");
      } finally {
        await restarted.close();
      }
      const oursExpected = answered.reduce((sum, count) => sum + (count + 1) * 10, 0);
      rows.push(
        guaranteeRow(
          scenario,
          "ours",
          "balance off by, after kills and a resend of the transfer in flight",
          oursBalance - oursExpected,
          "points",
          oursBalance === oursExpected,
          `${kills} kills; each transfer wholly stored or not at all, the resend applied once`,
        ),
      );

      // Medici: a journal's transactions are inserted before the journal, no transaction.
      for (let kill = 0; kill < kills; kill++) {
        await runAndKill("medici", uri, databases.medici, kill * 1000);
      }
      const medici = client.db(databases.medici);
      const journals = new Set(
        (
          await medici
            .collection("medici_journals")
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((journal) => String(journal._id)),
      );
      const transactions = await medici
        .collection<{ _journal: unknown; credit: number; debit: number }>("medici_transactions")
        .find({}, { projection: { _journal: 1, credit: 1, debit: 1 } })
        .toArray();
      const orphans = transactions.filter((entry) => !journals.has(String(entry._journal))).length;
      const unbalanced = transactions.reduce((sum, entry) => sum + entry.credit - entry.debit, 0);
      rows.push(
        guaranteeRow(
          scenario,
          "Medici",
          "transactions without their journal, after kills",
          orphans,
          "transactions",
          orphans === 0 && unbalanced === 0,
          `${kills} kills; the sum of all transactions is ${unbalanced}; balances count the orphans`,
        ),
      );

      // Plain: a transfer is two $inc's.
      for (let kill = 0; kill < kills; kill++) {
        await runAndKill("plain", uri, databases.plain, kill * 1000);
      }
      const documents = await client
        .db(databases.plain)
        .collection<{ _id: string; balance: number }>("balances")
        .find({})
        .toArray();
      const sum = documents.reduce((total, document) => total + document.balance, 0);
      rows.push(
        guaranteeRow(
          scenario,
          "plain",
          "points created or lost (station + courier), after kills",
          sum,
          "points",
          sum === 0,
          `${kills} kills; a kill between the two updates leaves half a transfer`,
        ),
      );
      return rows;
    } finally {
      for (const database of Object.values(databases)) {
        await client.db(database).dropDatabase();
      }
      await client.close();
    }
  },
};
