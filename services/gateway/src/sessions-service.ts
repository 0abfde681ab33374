import { consumer, defineService, Store } from "@courier-station/kit";
import { Effect } from "effect";
import { gatewayAccounts } from "./auth/accounts.js";
import { refreshTokens } from "./auth/tokens.js";
import type { MediaStore } from "./media/media-store.js";

const courierIdOf = (data: unknown): string | undefined => {
  const courierId = (data as { readonly courierId?: unknown } | null)?.courierId;
  return typeof courierId === "string" ? courierId : undefined;
};

/**
 * Ends a courier's sessions (every refresh token of their gateway account), and on
 * erasure disables the account and removes the photos they uploaded. Idempotent: a
 * redelivered event finds nothing left to remove.
 */
const endCourierSessions = (
  media: MediaStore | undefined,
  community: string,
  courierId: string,
  erased: boolean,
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const accounts = yield* store.readModel(gatewayAccounts);
    const tokens = yield* store.readModel(refreshTokens);
    const found = yield* accounts.find({
      where: { subject: courierId, kind: "mobile" },
      limit: 10,
    });
    for (const account of found.items) {
      for (;;) {
        const page = yield* tokens.find({ where: { accountId: account.id }, limit: 200 });
        for (const token of page.items) yield* tokens.delete(token.id);
        if (page.items.length === 0 || page.next === undefined) break;
      }
      if (erased && !account.document.disabled) {
        yield* accounts.upsert(account.id, { ...account.document, disabled: true });
      }
    }
    if (erased && media !== undefined) {
      yield* Effect.promise(() => media.removeOwnedBy(community, courierId));
    }
  });

/**
 * The gateway's own bus service (`gateway`): it follows the registry's courier events so
 * that a suspended courier's sessions end, and an erased courier's account is disabled
 * and their photos removed. Run it beside the others (the station's service list); it
 * has no endpoints.
 *
 * @example
 * runServices([registryService(), …, gatewaySessionsService({ media })], { relay: true });
 */
export const gatewaySessionsService = (options: { readonly media?: MediaStore } = {}) =>
  defineService({
    name: "gateway",
    version: "1.0.0",
    description:
      "Ends the sessions of suspended and erased couriers and removes an erased courier's photos.",
    consumers: [
      consumer({
        name: "courier-sessions",
        events: [
          { aggregate: "courier", type: "CourierSuspended" },
          { aggregate: "courier", type: "CourierPersonalDataErased" },
        ],
        handler: (event) => {
          const courierId = courierIdOf(event.data);
          if (courierId === undefined) return Effect.void;
          return endCourierSessions(
            options.media,
            event.community,
            courierId,
            event.type === "CourierPersonalDataErased",
          );
        },
      }),
    ],
  });
