import type { EventEnvelope, ReportState, SuggestionState } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect, Option } from "effect";
import { reportKey, suggestionKey, writeReportRow, writeSuggestionRow } from "./commands.js";

// The id of the aggregate an event belongs to: its stream is `<aggregate>-<id>`.
const aggregateIdOf = (event: EventEnvelope): string =>
  event.stream.slice(event.aggregate.length + 1);

/**
 * A report event → the report's row rewritten from the stored aggregate, so a row a
 * crash missed (the endpoint stopped between the command and the row), or another
 * instance wrote, catches up; a row is only replaced by a newer one, so a redelivered
 * or late event changes nothing.
 */
export const followReport = (event: EventEnvelope) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<ReportState>(reportKey(event.community, aggregateIdOf(event)));
    if (Option.isSome(record)) yield* writeReportRow(record.value);
  });

/** A suggestion event → the suggestion's row rewritten from the stored aggregate. */
export const followSuggestion = (event: EventEnvelope) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<SuggestionState>(
      suggestionKey(event.community, aggregateIdOf(event)),
    );
    if (Option.isSome(record)) yield* writeSuggestionRow(record.value);
  });
