import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CommunityId,
  type EventEnvelope,
  type EventId,
  type Instant,
  streamName,
} from "@courier-station/core";
import { type AggregateKey, openSqliteStore } from "@courier-station/kit";
import { isExpectedVersionConflictError, STREAM_DOES_NOT_EXIST } from "@event-driven-io/emmett";
import { getSQLiteEventStore, type SQLiteEventStore } from "@event-driven-io/emmett-sqlite";
import { Effect } from "effect";
import type { BenchRow, Scenario } from "../scenario.js";
import { startStack } from "../stack.js";
import { alternate, comparisonRows, guaranteeRow } from "./compare.js";
import { balanceOf, grant, refusedForPoints, spend } from "./ours.js";

/*
 * Emmett's SQLite event store (`@event-driven-io/emmett-sqlite`, on the `sqlite3` module)
 * against our SQLite store (kit's, on better-sqlite3), each on its own file in the same
 * directory: appends of one event with an expected version to many streams, then reading
 * a long stream back. The guarantees are shown with what a team builds on each: Emmett's
 * read–decide–append with the expected version, and our points path on SQLite.
 * (`@event-driven-io/emmett-mongodb` could not be installed: its current version needs
 * emmett 0.42.4, which is not published on npm, so there is no MongoDB row.)
 */

const scenario = "peers-emmett";
const PRICE = 7;
const community = "jinshan-wanda" as CommunityId;

/** How much work each part does, by size. */
export const emmettSizes = {
  full: {
    streams: 200,
    appendsPerRepeat: 2000,
    streamLength: 1000,
    reads: 20,
    spenders: 50,
    covered: 20,
  },
  smoke: { streams: 4, appendsPerRepeat: 8, streamLength: 5, reads: 1, spenders: 6, covered: 2 },
} as const;

const keyOf = (stream: number): AggregateKey => ({
  community,
  aggregate: "counter",
  id: `s-${stream}`,
});

let eventIds = 0;
const envelopeOf = (key: AggregateKey, version: number): EventEnvelope => {
  eventIds += 1;
  return {
    id: `e-${process.pid}-${eventIds}` as EventId,
    type: "Incremented",
    aggregate: key.aggregate,
    stream: streamName(key.aggregate, key.id),
    version,
    community,
    actor: { role: "system", id: "system:bench", communities: [] },
    time: "2026-12-04T03:00:00.000Z" as Instant,
    causationId: "bench",
    correlationId: "bench",
    data: { by: 1, total: version },
  };
};

let busyRetries = 0;

/**
 * Runs an Emmett call again when SQLite answers SQLITE_BUSY: emmett-sqlite 0.38.5 opens a
 * connection per call, and even one caller appending one call after another meets
 * "cannot commit transaction - SQL statements in progress" now and then.
 */
const whenNotBusy = async <A>(call: () => Promise<A>): Promise<A> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || attempt >= 50) throw error;
      busyRetries += 1;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
};

/** Emmett's way to spend: read the stream, fold the balance, append at its version; a conflict is tried again. */
const emmettSpend = async (store: SQLiteEventStore, stream: string): Promise<boolean> => {
  for (let attempt = 0; attempt < 200; attempt++) {
    const read = await whenNotBusy(() =>
      store.readStream<{ type: "Moved"; data: { amount: number } }>(stream),
    );
    const balance = read.events.reduce((sum, event) => sum + event.data.amount, 0);
    if (balance < PRICE) return false;
    try {
      await whenNotBusy(() =>
        store.appendToStream(stream, [{ type: "Moved", data: { amount: -PRICE } }], {
          expectedStreamVersion: read.currentStreamVersion,
        }),
      );
      return true;
    } catch (error) {
      if (!isExpectedVersionConflictError(error)) throw error;
    }
  }
  throw new Error("a spend kept conflicting");
};

export const emmettScenario: Scenario = {
  name: scenario,
  title: "Emmett's SQLite event store vs our SQLite store: appends with an expected version, reads",
  needs: [],
  async run(context) {
    const size = emmettSizes[context.size];
    const directory = mkdtempSync(join(tmpdir(), "cs-peers-emmett-"));
    const ours = openSqliteStore({ filename: join(directory, "ours.sqlite") });
    const emmett = getSQLiteEventStore({
      fileName: join(directory, "emmett.sqlite"),
      schema: { autoMigration: "CreateOrUpdate" },
    });
    const rows: BenchRow[] = [];
    const oursVersions = new Map<number, number>();
    const emmettVersions = new Map<number, bigint>();
    try {
      context.progress(
        `${scenario}: ${size.appendsPerRepeat} appends a side over ${size.streams} streams`,
      );
      const appends = await alternate(
        async (count) => {
          for (let index = 0; index < count; index++) {
            const stream = index % size.streams;
            const key = keyOf(stream);
            const expectedVersion = oursVersions.get(stream) ?? 0;
            const version = expectedVersion + 1;
            await Effect.runPromise(
              ours.append({
                record: { ...key, state: { total: version }, version, receipts: [] },
                expectedVersion,
                events: [envelopeOf(key, version)],
              }),
            );
            oursVersions.set(stream, version);
          }
        },
        async (count) => {
          for (let index = 0; index < count; index++) {
            const stream = index % size.streams;
            const expected = emmettVersions.get(stream);
            const result = await whenNotBusy(() =>
              emmett.appendToStream(
                `counter-s-${stream}`,
                [{ type: "Incremented", data: { by: 1 } }],
                { expectedStreamVersion: expected ?? STREAM_DOES_NOT_EXIST },
              ),
            );
            emmettVersions.set(stream, result.nextExpectedStreamVersion);
          }
        },
        size.appendsPerRepeat,
        context.repeats,
      );
      rows.push(
        ...comparisonRows(
          scenario,
          "appends/s with an expected version, SQLite",
          "Emmett",
          appends,
          {
            unit: "appends/s",
            note: `ours also writes the state snapshot and the outbox entry in the same transaction; Emmett's calls needed ${busyRetries} retries after SQLITE_BUSY`,
          },
        ),
      );

      // One long stream on each side, read back whole.
      const longKey = keyOf(-1);
      for (let version = 1; version <= size.streamLength; version++) {
        await Effect.runPromise(
          ours.append({
            record: { ...longKey, state: { total: version }, version, receipts: [] },
            expectedVersion: version - 1,
            events: [envelopeOf(longKey, version)],
          }),
        );
      }
      await whenNotBusy(() =>
        emmett.appendToStream(
          "counter-long",
          Array.from({ length: size.streamLength }, () => ({
            type: "Incremented",
            data: { by: 1 },
          })),
        ),
      );
      const reads = await alternate(
        async (count) => {
          for (let index = 0; index < count; index++) {
            const events = await Effect.runPromise(ours.readStream(longKey));
            if (events.length !== size.streamLength) throw new Error("ours read a short stream");
          }
        },
        async (count) => {
          for (let index = 0; index < count; index++) {
            const read = await whenNotBusy(() => emmett.readStream("counter-long"));
            if (read.events.length !== size.streamLength)
              throw new Error("Emmett read a short stream");
          }
        },
        size.reads,
        context.repeats,
      );
      rows.push(
        ...comparisonRows(
          scenario,
          `reads/s of a ${size.streamLength}-event stream, SQLite`,
          "Emmett",
          reads,
          {
            unit: "reads/s",
          },
        ),
      );

      // The guarantees, with what a team builds on each.
      const station = await startStack("embedded", context.servers);
      try {
        await grant(station, "twice-1", "c-twice", 10);
        await grant(station, "twice-1", "c-twice", 10);
        const oursTwice = await balanceOf(station, "c-twice");
        // Emmett: the same request handled twice (a retry after a lost reply) is two appends.
        for (let attempt = 0; attempt < 2; attempt++) {
          const read = await whenNotBusy(() => emmett.readStream("account-c-twice"));
          await whenNotBusy(() =>
            emmett.appendToStream("account-c-twice", [{ type: "Moved", data: { amount: 10 } }], {
              expectedStreamVersion: read.streamExists
                ? read.currentStreamVersion
                : STREAM_DOES_NOT_EXIST,
            }),
          );
        }
        const emmettTwice = (
          await whenNotBusy(() =>
            emmett.readStream<{ type: "Moved"; data: { amount: number } }>("account-c-twice"),
          )
        ).events.reduce((sum, event) => sum + event.data.amount, 0);
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
            "Emmett",
            "one award of 10 sent twice: balance",
            emmettTwice,
            "points",
            emmettTwice === 10,
            "an event store has no command id; the retry appends again at the new version",
          ),
        );

        const granted = size.covered * PRICE + PRICE - 1;
        await grant(station, "race-grant", "c-race", granted);
        const oursOutcomes = await Promise.allSettled(
          Array.from({ length: size.spenders }, (_, index) =>
            spend(station, `race-${index}`, "c-race", PRICE),
          ),
        );
        const unexpected = oursOutcomes.find(
          (outcome) => outcome.status === "rejected" && !refusedForPoints(outcome.reason),
        );
        if (unexpected?.status === "rejected")
          throw new Error(`a spend failed otherwise: ${JSON.stringify(unexpected.reason)}`);
        const oursLeft = await balanceOf(station, "c-race");
        await whenNotBusy(() =>
          emmett.appendToStream("account-c-race", [{ type: "Moved", data: { amount: granted } }]),
        );
        const spends = await Promise.allSettled(
          Array.from({ length: size.spenders }, () => emmettSpend(emmett, "account-c-race")),
        );
        const accepted = spends.filter(
          (outcome) => outcome.status === "fulfilled" && outcome.value,
        ).length;
        const failures = spends.flatMap((outcome) =>
          outcome.status === "rejected"
            ? [String((outcome.reason as Error).message ?? outcome.reason)]
            : [],
        );
        const emmettLeft = granted - accepted * PRICE;
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
            "Emmett",
            "balance after concurrent spenders",
            emmettLeft,
            "points",
            emmettLeft >= 0,
            `${spendersNote}; the expected version refuses a stale decision too${failures.length === 0 ? "" : `; ${failures.length} spends failed with an error (${failures[0]?.slice(0, 60)})`}`,
          ),
        );
      } finally {
        await station.close();
      }
      return rows;
    } finally {
      ours.close();
      rmSync(directory, { recursive: true, force: true });
    }
  },
};
