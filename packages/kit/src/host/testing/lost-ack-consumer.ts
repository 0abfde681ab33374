/*
 * A consumer process for the lost-ack fault test (`nats-fault.test.ts`): it runs a
 * service with one durable consumer through `runMain`, on NATS (NATS_URL,
 * CS_SUBJECT_ROOT), and keeps its effects in a SQLite file (EFFECTS_DB) shared with the
 * test. An event whose data says `die-after-write` kills the process (SIGKILL) right
 * after its write and before its ack, on its first attempt (counted in the file, since
 * JetStream's delivery count may be rolled back for a client that vanished); a
 * `poison` event always fails.
 */
import Database from "better-sqlite3";
import { Effect } from "effect";
import { runMain } from "../run-main.js";
import { consumer, defineService } from "../service-definition.js";
import { memoryCapabilities } from "./memory-capabilities.js";

const database = new Database(process.env.EFFECTS_DB ?? "");
database.pragma("journal_mode = WAL");
database.pragma("busy_timeout = 5000");
database.exec(
  "create table if not exists effects (key text primary key, event_id text not null);" +
    "create table if not exists attempts (event_id text not null, pid integer not null, delivery integer not null);",
);
const recordAttempt = database.prepare(
  "insert into attempts (event_id, pid, delivery) values (?, ?, ?)",
);
const applyEffect = database.prepare("insert or ignore into effects (key, event_id) values (?, ?)");
const attemptsOf = database.prepare("select count(*) as attempts from attempts where event_id = ?");

const service = defineService({
  name: "faulty",
  version: "1.0.0",
  consumers: [
    consumer({
      name: "effects",
      events: [{ aggregate: "counter" }],
      ackWaitMs: 1_000,
      maxDeliveries: 5,
      retryDelayMs: () => 100,
      handler: (event, context) =>
        Effect.sync(() => {
          const kind = (event.data as { kind?: string } | null)?.kind;
          recordAttempt.run(event.id, process.pid, context.delivery.deliveryCount);
          if (kind === "poison") throw new Error("a poison event");
          // The effect, idempotent by a unique key derived from the event.
          applyEffect.run(context.derivedId("effect"), event.id);
          const { attempts } = attemptsOf.get(event.id) as { attempts: number };
          if (kind === "die-after-write" && attempts === 1) {
            process.kill(process.pid, "SIGKILL");
          }
        }),
    }),
  ],
});

runMain({
  services: [service],
  relay: false,
  layer: () => memoryCapabilities({}),
});
