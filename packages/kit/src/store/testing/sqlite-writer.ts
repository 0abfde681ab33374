import { existsSync } from "node:fs";
import { Effect, Either } from "effect";
import { executeCommand } from "../../commands/execute-command.js";
import { SqliteStore } from "../sqlite-store.js";
import { Store, type StoreApi } from "../store.js";
import { counterCommand, counterDecider, counterRuntime } from "./counter.js";

/*
 * A writer process for the SQLite store's multi-process test: it opens the file given,
 * sends `count` increments to one counter (command ids `<prefix>-<n>`), and prints one
 * JSON line per command (its id and the versions it won, or the failure's tag), then
 * how many races it lost. It says it is ready, and starts once `<file>.go` exists.
 *
 *   node --conditions=@courier-station/source --import tsx sqlite-writer.ts <file> <prefix> <count> <counter>
 */

const [filename = "", prefix = "w", countText = "10", counterId = "c-1"] = process.argv.slice(2);

const program = Effect.gen(function* () {
  const store = yield* Store;
  let conflicts = 0;
  // Counts the races this process lost, to show the processes really did race.
  const counting: StoreApi = {
    ...store,
    // A service looks things up between loading and appending; so does this writer.
    load: (key, options) => Effect.zipLeft(store.load(key, options), Effect.sleep(1)),
    append: (request) =>
      Effect.tapError(store.append(request), (failure) =>
        Effect.sync(() => {
          if (failure._tag === "VersionConflict") conflicts += 1;
        }),
      ),
  } as StoreApi;
  // Every writer starts when the test says go (a file next to the store), so that they overlap.
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  while (!existsSync(`${filename}.go`)) yield* Effect.sleep(5);
  const runtime = counterRuntime({ maxAttempts: 1_000, maxBackoffMs: 5 });
  for (let index = 0; index < Number(countText); index++) {
    const commandId = `${prefix}-${index}`;
    const result = yield* Effect.either(
      executeCommand(
        counterDecider,
        counterCommand(commandId, { type: "Increment", data: { counterId, by: 1 } }),
        runtime,
      ).pipe(Effect.provideService(Store, counting)),
    );
    const line = Either.isRight(result)
      ? {
          commandId,
          versions:
            result.right.kind === "applied"
              ? result.right.events.map((event) => event.version)
              : [],
        }
      : { commandId, failure: result.left._tag };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  process.stdout.write(`${JSON.stringify({ conflicts })}\n`);
}).pipe(Effect.provide(SqliteStore.layer({ filename })));

await Effect.runPromise(program);
