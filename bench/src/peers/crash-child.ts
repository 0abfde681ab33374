import { Book } from "medici";
import { MongoClient } from "mongodb";
import mongoose from "mongoose";
import { startStack } from "../stack.js";
import { grant } from "./ours.js";

/*
 * The process the crash runs kill (crash.ts): it moves 10 points from the station to a
 * courier again and again, one transfer at a time, and prints `acked <n>` after each is
 * answered, until it is killed with SIGKILL. Usage:
 *   crash-child.ts <ours|medici|plain> <mongodb uri> <database> <first transfer number>
 */

const [side, uri, database, firstArgument] = process.argv.slice(2);
if (uri === undefined || database === undefined || firstArgument === undefined) {
  throw new Error("usage: crash-child.ts <ours|medici|plain> <uri> <database> <first>");
}
const first = Number(firstArgument);
const acked = (transfer: number) => process.stdout.write(`acked ${transfer}\n`);

if (side === "ours") {
  const stack = await startStack(
    "embedded",
    { mongodbUri: uri },
    { extraEnv: { MONGODB_URI: uri, MONGODB_DATABASE: database } },
  );
  process.stdout.write("ready\n");
  for (let transfer = first; ; transfer++) {
    await grant(stack, `crash-${transfer}`, "c-crash", 10);
    acked(transfer);
  }
} else if (side === "medici") {
  await mongoose.connect(uri, { dbName: database });
  const book = new Book("points", { balanceSnapshotSec: 0 });
  process.stdout.write("ready\n");
  for (let transfer = first; ; transfer++) {
    await book
      .entry("award")
      .debit("Station:grants", 10)
      .credit("Couriers:c-crash", 10, { transferId: `crash-${transfer}` })
      .commit();
    acked(transfer);
  }
} else if (side === "plain") {
  const client = await new MongoClient(uri).connect();
  const balances = client.db(database).collection<{ _id: string; balance: number }>("balances");
  process.stdout.write("ready\n");
  for (let transfer = first; ; transfer++) {
    // A transfer as a team writes it by hand: two updates, no transaction (FerretDB has none).
    await balances.updateOne({ _id: "station" }, { $inc: { balance: -10 } }, { upsert: true });
    await balances.updateOne({ _id: "c-crash" }, { $inc: { balance: 10 } }, { upsert: true });
    acked(transfer);
  }
} else {
  throw new Error(`unknown side ${side}`);
}
