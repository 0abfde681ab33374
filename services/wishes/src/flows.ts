import {
  type CommandId,
  type CommunityId,
  CourierPersonalDataErased,
  type EventEnvelope,
  isDomainError,
  systemActor,
  type WishId,
} from "@courier-station/core";
import { type ConsumerContext, type Logger, Store } from "@courier-station/kit";
import {
  CatalogueItemEvent,
  type CatalogueItemState,
  CatalogueRedemptionEvent,
  type CatalogueRedemptionState,
  catalogueItemCommandsFor,
  catalogueRedemptionCommandsFor,
  maskContactDetails,
  reservationCompensationFor,
  type SponsorContactErased,
  type SponsorState,
  scrubSponsorContact,
  sponsorCommandsFor,
  WishEvent,
  type WishState,
} from "@courier-station/wishes";
import { Effect, Either, Option } from "effect";
import {
  executeCatalogueItemCommand,
  executeCatalogueRedemptionCommand,
  executeSponsorCommand,
  executeWishCommand,
} from "./commands.js";
import {
  catalogueItemKey,
  catalogueRedemptionKey,
  sponsorKey,
  wishKey,
  wishRows,
  writeCatalogueItemRow,
  writeCatalogueRedemptionRow,
  writeSponsorRow,
  writeWishRows,
} from "./read-models.js";
import { isLastingRefusal } from "./refusals.js";

/*
 * The wishes service's flows: durable consumers of its own events (and of the registry's
 * erasures) whose every effect is a command with an id derived from the event, so a
 * redelivered event (after a crash at any step, a lost acknowledgement, a republish)
 * sends the same commands, which the aggregates' receipts answer `duplicate`; and whose
 * rows are rewritten from the stored aggregate, only ever by a newer version.
 */

/** The actor of the flows between the wishes service's own aggregates. */
export const wishesFlowActor = systemActor("wishes-flow");

const codeOf = (error: unknown): string => (isDomainError(error) ? error.code : "internal.error");

// The id of the aggregate an event belongs to: its stream is `<aggregate>-<id>`.
const aggregateIdOf = (event: EventEnvelope): string =>
  event.stream.slice(event.aggregate.length + 1);

/** The envelope of a command a flow sends because of an event. */
const flowEnvelope = <Command>(
  event: EventEnvelope,
  context: ConsumerContext,
  purpose: string,
  command: Command,
) => ({
  commandId: context.derivedId(purpose) as CommandId,
  community: event.community,
  actor: wishesFlowActor,
  command,
  causationId: event.id,
  correlationId: event.correlationId,
});

/**
 * Runs a flow's command: passing failures fail the handling (the event comes again);
 * a lasting refusal is logged and answered `refused`.
 */
const settle = <A, E, R>(
  attempt: Effect.Effect<A, E, R>,
  log: Logger,
  about: Record<string, unknown>,
): Effect.Effect<"done" | "refused", E, R> =>
  Effect.gen(function* () {
    const outcome = yield* Effect.either(attempt);
    if (Either.isRight(outcome)) return "done" as const;
    if (!isLastingRefusal(outcome.left)) return yield* Effect.fail(outcome.left);
    log.warn({ ...about, code: codeOf(outcome.left) }, "a wishes flow's command was refused");
    return "refused" as const;
  });

/**
 * A wish event → the wish's rows rewritten from the stored aggregate (its list row and
 * its wall row), and a sponsor's page credited (`sponsorCommandsFor`: a wish they
 * fulfilled, the courier's thanks), each under an id derived from the event.
 */
export const followWish = (event: EventEnvelope, context: ConsumerContext) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<WishState>(wishKey(event.community, aggregateIdOf(event)));
    if (Option.isSome(record)) yield* writeWishRows(record.value);
    const parsed = WishEvent.safeParse({ type: event.type, data: event.data });
    if (!parsed.success) return;
    const commands = sponsorCommandsFor(parsed.data);
    for (const [index, command] of commands.entries()) {
      yield* settle(
        executeSponsorCommand(
          flowEnvelope(event, context, `sponsor-${index}`, command),
          context.log,
        ),
        context.log,
        { eventId: event.id, command: command.type },
      );
    }
  });

/**
 * After a sponsor's contact was erased: their past events rewritten without it
 * (`scrubSponsorContact`) and the bodies of their commands' receipts erased, so the
 * contact is nowhere in the store. Safe to run again: a rewrite that changes nothing
 * writes nothing.
 */
export const scrubErasedSponsor = (
  community: string,
  sponsorId: string,
  erasure: SponsorContactErased["data"],
) =>
  Effect.flatMap(Store, (store) =>
    store.rewriteEvents(
      sponsorKey(community, sponsorId),
      (stored) => scrubSponsorContact(stored, erasure),
      { eraseReceiptBodies: true },
    ),
  );

/**
 * A sponsor event → the sponsor's row rewritten from the stored aggregate; after
 * `SponsorContactErased`, their history scrubbed of the contact ({@link scrubErasedSponsor}).
 */
export const followSponsor = (event: EventEnvelope) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const sponsorId = aggregateIdOf(event);
    if (event.type === "SponsorContactErased") {
      yield* scrubErasedSponsor(
        event.community,
        sponsorId,
        event.data as SponsorContactErased["data"],
      );
    }
    const record = yield* store.load<SponsorState>(sponsorKey(event.community, sponsorId));
    if (Option.isSome(record)) yield* writeSponsorRow(record.value);
  });

/**
 * A catalogue item event → the item's row rewritten from the stored aggregate; units
 * reserved open their redemption (`catalogueRedemptionCommandsFor`), which holds the
 * points; if the redemption cannot be opened (its id is another redemption's), the units
 * go back (`reservationCompensationFor`).
 */
export const followCatalogueItem = (event: EventEnvelope, context: ConsumerContext) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<CatalogueItemState>(
      catalogueItemKey(event.community, aggregateIdOf(event)),
    );
    if (Option.isSome(record)) yield* writeCatalogueItemRow(record.value);
    const parsed = CatalogueItemEvent.safeParse({ type: event.type, data: event.data });
    if (!parsed.success || parsed.data.type !== "CatalogueItemReserved") return;
    const reserved = parsed.data;
    for (const [index, command] of catalogueRedemptionCommandsFor(reserved).entries()) {
      const opened = yield* settle(
        executeCatalogueRedemptionCommand(
          flowEnvelope(event, context, `open-redemption-${index}`, command),
          context.log,
        ),
        context.log,
        { eventId: event.id, command: command.type },
      );
      if (opened === "refused") {
        yield* settle(
          executeCatalogueItemCommand(
            flowEnvelope(event, context, "return-units", reservationCompensationFor(reserved)),
            context.log,
          ),
          context.log,
          { eventId: event.id, command: "ReleaseCatalogueReservation" },
        );
      }
    }
  });

/**
 * A catalogue redemption event → the redemption's row rewritten from the stored
 * aggregate, and its item told (`catalogueItemCommandsFor`): units back into stock when it
 * failed, was cancelled or expired, handed over when it was fulfilled.
 */
export const followCatalogueRedemption = (event: EventEnvelope, context: ConsumerContext) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<CatalogueRedemptionState>(
      catalogueRedemptionKey(event.community, aggregateIdOf(event)),
    );
    if (Option.isSome(record)) yield* writeCatalogueRedemptionRow(record.value);
    const parsed = CatalogueRedemptionEvent.safeParse({ type: event.type, data: event.data });
    if (!parsed.success) return;
    for (const [index, command] of catalogueItemCommandsFor(parsed.data).entries()) {
      yield* settle(
        executeCatalogueItemCommand(
          flowEnvelope(event, context, `item-${index}`, command),
          context.log,
        ),
        context.log,
        { eventId: event.id, command: command.type },
      );
    }
  });

/** The fields of a wish event that hold words someone typed. */
const typedFields: ReadonlySet<string> = new Set(["title", "description", "note", "reason"]);

/**
 * A past wish event with every typed text (title, description, notes, reasons) masked of
 * contact details (`maskContactDetails`), for the erasure of the courier who wished it:
 * a phone number or WeChat id they typed into their wish is gone from its history.
 * Works on bare events and envelopes alike; the event given is not changed.
 *
 * @example
 * yield* store.rewriteEvents(wishKey(community, wishId), maskTypedContactDetails);
 */
export const maskTypedContactDetails = <Event extends { readonly data: unknown }>(
  event: Event,
): Event => {
  if (typeof event.data !== "object" || event.data === null) return event;
  const data = Object.fromEntries(
    Object.entries(event.data as Record<string, unknown>).map(([key, value]) => [
      key,
      typedFields.has(key) && typeof value === "string" ? maskContactDetails(value) : value,
    ]),
  );
  return { ...event, data };
};

/**
 * `CourierPersonalDataErased` from the registry → every wish of the courier:
 * `EraseWishCourierText` (the wish's state masks what they typed), its past events
 * rewritten the same way ({@link maskTypedContactDetails}) and the bodies of its commands'
 * receipts erased, then its rows rewritten (they never held the unmasked words). The wish keeps the courier's
 * id, as their points ledger does, so the statistics still add up. Safe to run again.
 */
export const eraseCourierFromWishes = (event: EventEnvelope, context: ConsumerContext) =>
  Effect.gen(function* () {
    const parsed = CourierPersonalDataErased.safeParse({ type: event.type, data: event.data });
    if (!parsed.success) {
      context.log.warn({ eventId: event.id, type: event.type }, "not an erasure: skipped");
      return;
    }
    const courierId = parsed.data.data.courierId;
    const community = event.community as CommunityId;
    const store = yield* Store;
    const rows = yield* store.readModel(wishRows);
    let after: string | undefined;
    for (;;) {
      const page = yield* rows.find({
        where: { community, courierId },
        limit: 200,
        ...(after === undefined ? {} : { after }),
      });
      for (const { document: row } of page.items) {
        const key = wishKey(community, row.wishId);
        const stored = yield* store.load<WishState>(key);
        const erased = Option.exists(
          stored,
          (record) =>
            record.state.status !== "none" && record.state.courierTextErasedAt !== undefined,
        );
        // Once erased, the wish's receipts hold no bodies to tell a resend from another
        // command, so the erasure is not sent again.
        if (!erased) {
          yield* settle(
            executeWishCommand(
              flowEnvelope(event, context, `erase-${row.wishId}`, {
                type: "EraseWishCourierText" as const,
                data: { wishId: row.wishId as WishId },
              }),
              context.log,
            ),
            context.log,
            { eventId: event.id, wishId: row.wishId },
          );
        }
        yield* store.rewriteEvents(key, maskTypedContactDetails, { eraseReceiptBodies: true });
        const record = yield* store.load<WishState>(key);
        if (Option.isSome(record)) yield* writeWishRows(record.value);
      }
      if (page.next === undefined) return;
      after = page.next;
    }
  });
