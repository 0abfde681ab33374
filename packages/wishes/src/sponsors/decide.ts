import { accept, type Decision, type DecisionContext, refuse } from "@courier-station/core";
import { stepActorOf } from "../values.js";
import type { Shop, SponsorCommand, SponsorKind, SponsorMember } from "./commands.js";
import {
  NothingToUpdate,
  NotThisSponsor,
  SponsorAlreadyActive,
  SponsorAlreadyInactive,
  SponsorAlreadyRegistered,
  type SponsorError,
  SponsorMembersRequired,
  SponsorNotFound,
  SponsorShopRequired,
  ThanksWithoutSponsoredWish,
} from "./errors.js";
import type { SponsorEvent, SponsorProfileUpdated } from "./events.js";
import { isRegistered, type SponsorState } from "./state.js";

/** The sponsor decider needs no more than the time, the actor and the community. */
export type SponsorDecisionContext = DecisionContext;

type SponsorDecision = Decision<SponsorEvent, SponsorError>;

/** The name an erased resident sponsor is shown by (热心居民, "a kind neighbour"). */
export const ERASED_RESIDENT_NAME = "热心居民";

const optional = <Key extends string, Value>(
  key: Key,
  value: Value | undefined,
): { [K in Key]?: Value } =>
  (value === undefined ? {} : { [key]: value }) as { [K in Key]?: Value };

const profileProblem = (
  kind: SponsorKind,
  shop: Shop | undefined,
  members: ReadonlyArray<SponsorMember>,
): SponsorError | undefined => {
  if (kind === "merchant" && shop === undefined) return new SponsorShopRequired();
  if (kind === "merchant-group" && members.length < 2) {
    return new SponsorMembersRequired({ count: members.length });
  }
  return undefined;
};

const notThemselves = (sponsorId: string, context: DecisionContext): SponsorError | undefined =>
  context.actor.role === "sponsor" && context.actor.id !== sponsorId
    ? new NotThisSponsor({ sponsorId, actorId: context.actor.id })
    : undefined;

/**
 * Decides a command on a sponsor (圆梦人):
 *
 * - staff register a merchant (with their shop), a group of merchants (two or more) or a
 *   resident, and stand them down or take them back;
 * - staff or the sponsor themselves change the profile, or erase the contact details;
 * - the wish flow records the wishes the sponsor fulfilled and the thanks they got, each
 *   once (a retry changes nothing).
 *
 * @example
 * decideSponsor(command, state, { now, actor: staff, community });
 */
export const decideSponsor = (
  command: SponsorCommand,
  state: SponsorState,
  context: SponsorDecisionContext,
): SponsorDecision => {
  const now = context.now;
  const by = stepActorOf(context.actor);
  if (command.type === "RegisterSponsor") {
    const data = command.data;
    if (isRegistered(state)) {
      return refuse(new SponsorAlreadyRegistered({ sponsorId: data.sponsorId }));
    }
    const problem = profileProblem(data.kind, data.shop, data.members);
    if (problem !== undefined) return refuse(problem);
    return accept<SponsorEvent>({
      type: "SponsorRegistered",
      data: {
        sponsorId: data.sponsorId,
        kind: data.kind,
        displayName: data.displayName,
        ...optional("shop", data.shop),
        members: data.members,
        ...optional("contact", data.contact),
        thanksWall: data.thanksWall,
        by,
        registeredAt: now,
      },
    });
  }

  if (!isRegistered(state))
    return refuse(new SponsorNotFound({ sponsorId: command.data.sponsorId }));
  const sponsor = state;

  switch (command.type) {
    case "UpdateSponsorProfile": {
      const { sponsorId: _sponsorId, ...given } = command.data;
      const mismatch = notThemselves(sponsor.sponsorId, context);
      if (mismatch !== undefined) return refuse(mismatch);
      const changes: SponsorProfileUpdated["data"]["changes"] = {
        ...optional("displayName", given.displayName),
        ...optional("shop", given.shop),
        ...optional("members", given.members),
        ...optional("contact", given.contact),
        ...optional("thanksWall", given.thanksWall),
      };
      if (Object.keys(changes).length === 0) return refuse(new NothingToUpdate());
      const problem = profileProblem(
        sponsor.kind,
        changes.shop ?? sponsor.shop,
        changes.members ?? sponsor.members,
      );
      if (problem !== undefined) return refuse(problem);
      return accept<SponsorEvent>({
        type: "SponsorProfileUpdated",
        data: { sponsorId: sponsor.sponsorId, changes, by, updatedAt: now },
      });
    }

    case "DeactivateSponsor":
      if (sponsor.status === "inactive") {
        return refuse(new SponsorAlreadyInactive({ sponsorId: sponsor.sponsorId }));
      }
      return accept<SponsorEvent>({
        type: "SponsorDeactivated",
        data: { sponsorId: sponsor.sponsorId, reason: command.data.reason, by, deactivatedAt: now },
      });

    case "ReactivateSponsor":
      if (sponsor.status === "active") {
        return refuse(new SponsorAlreadyActive({ sponsorId: sponsor.sponsorId }));
      }
      return accept<SponsorEvent>({
        type: "SponsorReactivated",
        data: { sponsorId: sponsor.sponsorId, by, reactivatedAt: now },
      });

    case "RecordSponsoredWish": {
      const data = command.data;
      if (sponsor.fulfilled.some((wish) => wish.wishId === data.wishId)) return accept();
      return accept<SponsorEvent>({
        type: "SponsoredWishRecorded",
        data: {
          sponsorId: sponsor.sponsorId,
          wishId: data.wishId,
          title: data.title,
          category: data.category,
          shareFen: data.shareFen,
          fulfilledAt: data.fulfilledAt,
        },
      });
    }

    case "RecordSponsorThanks": {
      const data = command.data;
      if (!sponsor.fulfilled.some((wish) => wish.wishId === data.wishId)) {
        return refuse(
          new ThanksWithoutSponsoredWish({ sponsorId: sponsor.sponsorId, wishId: data.wishId }),
        );
      }
      if (sponsor.thanks.some((thanks) => thanks.wishId === data.wishId)) return accept();
      return accept<SponsorEvent>({
        type: "SponsorThanksRecorded",
        data: {
          sponsorId: sponsor.sponsorId,
          wishId: data.wishId,
          ...optional("note", data.note),
          public: data.public,
          thankedAt: data.thankedAt,
        },
      });
    }

    case "EraseSponsorContact": {
      const mismatch = notThemselves(sponsor.sponsorId, context);
      if (mismatch !== undefined) return refuse(mismatch);
      const replaceName = sponsor.kind === "resident";
      const displayName = replaceName ? ERASED_RESIDENT_NAME : sponsor.displayName;
      // Erasing twice changes nothing.
      if (sponsor.contactErasedAt !== undefined && sponsor.contact === undefined) {
        if (!replaceName || sponsor.displayName === displayName) return accept();
      }
      return accept<SponsorEvent>({
        type: "SponsorContactErased",
        data: {
          sponsorId: sponsor.sponsorId,
          displayName,
          displayNameReplaced: replaceName,
          by,
          erasedAt: now,
        },
      });
    }
  }
};
