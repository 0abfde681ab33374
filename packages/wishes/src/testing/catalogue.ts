import type { Actor, Instant } from "@courier-station/core";
import { CatalogueItemCommand } from "../catalogue-items/commands.js";
import {
  type CatalogueItemDecisionContext,
  decideCatalogueItem,
} from "../catalogue-items/decide.js";
import type { CatalogueItemEvent } from "../catalogue-items/events.js";
import { evolveCatalogueItem } from "../catalogue-items/evolve.js";
import {
  type CatalogueItem,
  type CatalogueItemState,
  initialCatalogueItemState,
} from "../catalogue-items/state.js";
import { CatalogueRedemptionCommand } from "../catalogue-redemptions/commands.js";
import {
  type CatalogueRedemptionDecisionContext,
  decideCatalogueRedemption,
} from "../catalogue-redemptions/decide.js";
import type { CatalogueRedemptionEvent } from "../catalogue-redemptions/events.js";
import { evolveCatalogueRedemption } from "../catalogue-redemptions/evolve.js";
import {
  type CatalogueRedemption,
  type CatalogueRedemptionState,
  initialCatalogueRedemptionState,
} from "../catalogue-redemptions/state.js";
import { activeCourier, COMMUNITY, type ContextFacts, eventsOf, NOW, POLICY } from "./fixtures.js";

/** The decision context of a catalogue item for an actor, as a service would fill it. */
export const itemContextOf = (
  actor: Actor,
  facts: ContextFacts = {},
): CatalogueItemDecisionContext => ({
  now: facts.now ?? NOW,
  actor,
  community: COMMUNITY,
  policy: facts.policy ?? POLICY,
  ...(actor.role === "courier"
    ? {
        courier: facts.courier ?? activeCourier(actor.id),
        availablePoints: facts.availablePoints ?? 10_000,
      }
    : {}),
});

/** The decision context of a catalogue redemption. */
export const redemptionContextOf = (
  actor: Actor,
  facts: { readonly now?: Instant } = {},
): CatalogueRedemptionDecisionContext => ({
  now: facts.now ?? NOW,
  actor,
  community: COMMUNITY,
  policy: POLICY,
});

/** A catalogue item command parsed by its schema. */
export const itemCommand = (input: unknown): CatalogueItemCommand =>
  CatalogueItemCommand.parse(input);

/** A catalogue redemption command parsed by its schema. */
export const redemptionCommand = (input: unknown): CatalogueRedemptionCommand =>
  CatalogueRedemptionCommand.parse(input);

/** `ListCatalogueItem` of 5 raincoats at 200 points, donated by a sponsor, with changes. */
export const listItem = (changes: Record<string, unknown> = {}): CatalogueItemCommand =>
  itemCommand({
    type: "ListCatalogueItem",
    data: {
      itemId: "raincoat",
      title: "骑手雨衣",
      description: "加厚反光雨衣",
      pointsPrice: 200,
      stock: 5,
      stationId: "wanda",
      donor: { kind: "sponsor", sponsorId: "wanda-cafe" },
      ...changes,
    },
  });

/** A catalogue item command other than listing, for item `raincoat` unless given. */
export const onItem = (type: string, data: Record<string, unknown> = {}): CatalogueItemCommand =>
  itemCommand({ type, data: { itemId: "raincoat", ...data } });

/** A catalogue redemption command for redemption `r-1` unless given. */
export const onRedemption = (
  type: string,
  data: Record<string, unknown> = {},
): CatalogueRedemptionCommand =>
  redemptionCommand({ type, data: { redemptionId: "r-1", ...data } });

/** `OpenCatalogueRedemption` of one raincoat for c-1, as the flow sends it. */
export const openRedemption = (changes: Record<string, unknown> = {}): CatalogueRedemptionCommand =>
  onRedemption("OpenCatalogueRedemption", {
    itemId: "raincoat",
    courierId: "c-1",
    quantity: 1,
    points: 200,
    itemTitle: "骑手雨衣",
    stationId: "wanda",
    ...changes,
  });

/** One step on a catalogue item. */
export interface ItemStep {
  readonly command: CatalogueItemCommand;
  readonly actor: Actor;
  readonly facts?: ContextFacts;
}

/** The events of item steps that must all be accepted. */
export const itemEventsAfter = (steps: ReadonlyArray<ItemStep>): CatalogueItemEvent[] => {
  let state = initialCatalogueItemState();
  const events: CatalogueItemEvent[] = [];
  for (const step of steps) {
    const produced = eventsOf(
      decideCatalogueItem(step.command, state, itemContextOf(step.actor, step.facts)),
    );
    events.push(...produced);
    state = produced.reduce(evolveCatalogueItem, state);
  }
  return events;
};

/** The item state after steps that must all be accepted. */
export const itemAfter = (steps: ReadonlyArray<ItemStep>): CatalogueItemState =>
  itemEventsAfter(steps).reduce(evolveCatalogueItem, initialCatalogueItemState());

/** The item of a state that must exist. */
export const asItem = (state: CatalogueItemState): CatalogueItem => {
  if (state.status === "none") throw new Error("expected a listed item");
  return state;
};

/** One step on a catalogue redemption. */
export interface RedemptionStep {
  readonly command: CatalogueRedemptionCommand;
  readonly actor: Actor;
  readonly now?: Instant;
}

/** The redemption state after steps that must all be accepted. */
export const redemptionAfter = (steps: ReadonlyArray<RedemptionStep>): CatalogueRedemptionState => {
  let state = initialCatalogueRedemptionState();
  for (const step of steps) {
    const produced: CatalogueRedemptionEvent[] = eventsOf(
      decideCatalogueRedemption(
        step.command,
        state,
        redemptionContextOf(step.actor, step.now === undefined ? {} : { now: step.now }),
      ),
    );
    state = produced.reduce(evolveCatalogueRedemption, state);
  }
  return state;
};

/** The redemption of a state that must exist. */
export const asRedemption = (state: CatalogueRedemptionState): CatalogueRedemption => {
  if (state.status === "none") throw new Error("expected an opened redemption");
  return state;
};
