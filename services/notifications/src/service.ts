import { notificationsContract, serveCommand, serveQuery } from "@courier-station/contracts";
import type { CommunityId } from "@courier-station/core";
import { consumer, defineService } from "@courier-station/kit";
import packageJson from "../package.json" with { type: "json" };
import { chooseNoticeLanguage, markNoticeRead } from "./commands.js";
import { courierRosterEventTypes, followCouriers, postDistrictNotice } from "./district-notices.js";
import { deliverNotices, eraseInbox } from "./flows.js";
import { noticeSourceEventTypes } from "./notices.js";
import { inboxOf } from "./queries.js";

const endpoints = notificationsContract.endpoints;

/**
 * The notifications service (消息通知): an inbox per person — courier, staff, handler,
 * sponsor — and the staff desk of each community, fed by the other services' events, on
 * `cs.<community>.notifications.<Endpoint>` as `notificationsContract` says:
 * `MarkNoticeRead` and `ChooseNoticeLanguage` (commands of the person themselves),
 * `PostDistrictNotice` (staff or a district's own service, to the couriers of the
 * community or of a station) and `ListMyNotices` (a page of one's inbox with its unread
 * count).
 *
 * Consumers: `notices` (the events `noticesOf` words → a notice per recipient, kept once
 * under an id derived from the event, and sent once to the `Notifier`), `couriers` (the
 * courier events → who is active and at which station, for district notices) and
 * `erasure` (`CourierPersonalDataErased` → the courier's inbox removed).
 *
 * It needs a store, the bus, the `PolicyBook` (time zone and default language) and a
 * `Notifier` (`Notifier.logging` when no outside channel is configured).
 *
 * @example
 * await runMain({
 *   services: [notificationsService()],
 *   layer: (config) => Layer.mergeAll(storeLayerFor(config.store), PolicyBook.fromRegistry(…), Notifier.logging),
 * });
 */
export const notificationsService = () =>
  defineService({
    name: "notifications",
    version: packageJson.version,
    description: notificationsContract.description,
    endpoints: [
      serveCommand(endpoints.MarkNoticeRead, (envelope) => markNoticeRead(envelope)),
      serveCommand(endpoints.ChooseNoticeLanguage, (envelope) => chooseNoticeLanguage(envelope)),
      serveCommand(endpoints.PostDistrictNotice, (envelope, context) =>
        postDistrictNotice(envelope, context),
      ),
      serveQuery(endpoints.ListMyNotices, ({ actor, ...options }, context) =>
        inboxOf(context.community as CommunityId, actor, options),
      ),
    ],
    consumers: [
      consumer({
        name: "notices",
        events: noticeSourceEventTypes.map((type) => ({ type })),
        handler: deliverNotices,
      }),
      consumer({
        name: "couriers",
        events: courierRosterEventTypes.map((type) => ({ aggregate: "courier", type })),
        handler: followCouriers,
      }),
      consumer({
        name: "erasure",
        events: [{ aggregate: "courier", type: "CourierPersonalDataErased" }],
        handler: eraseInbox,
      }),
    ],
  });
