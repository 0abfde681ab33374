import Database from "better-sqlite3";
import { Effect } from "effect";
import { SqliteStore } from "../sqlite-store.js";

/*
 * Another process on a SQLite store's file, for `sqlite-store.test.ts`. It prints one
 * JSON line when it is ready and then holds on until its standard input closes (or it
 * is killed):
 *
 * - `store <file>`: a SqliteStore open on the file, as a second station would be;
 * - `write-lock <file>`: the file opened directly, as the sqlite3 shell or a backup tool
 *   would, holding its write lock (BEGIN IMMEDIATE) the whole time.
 *
 *   node --conditions=@courier-station/source --import tsx sqlite-process.ts <mode> <file>
 */

const [mode = "", filename = ""] = process.argv.slice(2);

const stdinClosed = new Promise<void>((resolve) => {
  process.stdin.on("end", resolve);
  process.stdin.on("close", resolve);
  process.stdin.resume();
});

const ready = (): void => {
  process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid })}\n`);
};

if (mode === "store") {
  await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        ready();
        yield* Effect.promise(() => stdinClosed);
      }).pipe(Effect.provide(SqliteStore.layer({ filename }))),
    ),
  );
} else if (mode === "write-lock") {
  const database = new Database(filename);
  database.exec("BEGIN IMMEDIATE");
  ready();
  await stdinClosed;
  database.exec("COMMIT");
  database.close();
} else {
  process.stderr.write(`unknown mode ${JSON.stringify(mode)}\n`);
  process.exit(2);
}
