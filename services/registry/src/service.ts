import {
  type CommandContract,
  type CommandReply,
  commandReplyOf,
  decisionTime,
  registryContract,
  serveCommand,
  serveQuery,
} from "@courier-station/contracts";
import {
  type CommandEnvelope,
  type CommunityCommand,
  type CommunityId,
  type CourierCommand,
  type CourierId,
  MINUTE,
  type StationCommand,
} from "@courier-station/core";
import { consumer, defineService, Store, timer } from "@courier-station/kit";
import { Effect, Option } from "effect";
import packageJson from "../package.json" with { type: "json" };
import {
  erasureSentAgain,
  executeCommunityCommand,
  executeCourierCommand,
  executeStationCommand,
  mobileKeyScope,
} from "./commands.js";
import { eraseDueCouriers, followCourier, followStation, recordNoShow } from "./flows.js";
import { policyAt, policyVersionsOf } from "./policy.js";
import {
  communityViewFor,
  courierFactsFor,
  courierFor,
  courierListItemOf,
  loadCommunity,
  stationFor,
  stationViewOf,
} from "./queries.js";
import { courierRows, platformField, stationRows } from "./read-models.js";
import {
  loadRosterImport,
  processRosterImports,
  type RosterCache,
  type RosterImportPacing,
  rosterImportViewOf,
  rosterRowsPage,
  startRosterImport,
  uploadRosterImportPart,
} from "./roster/roster-import.js";
import { RegistrySecrets } from "./secrets.js";

/** How the registry's timers are paced; the defaults suit a station. */
export interface RegistryServiceOptions {
  /** How often the roster-import timer works through rows (default every second). */
  readonly rosterImportEveryMs?: number;
  /** How many rows a run handles, and how often it saves progress. */
  readonly rosterImportPacing?: RosterImportPacing;
  /** How often due automatic erasures are looked for (default every minute). */
  readonly automaticErasureEveryMs?: number;
}

const endpoints = registryContract.endpoints;

type CourierEndpoint = {
  [Name in keyof typeof endpoints]: (typeof endpoints)[Name] extends CommandContract
    ? Name extends CourierCommand["type"]
      ? Name
      : never
    : never;
}[keyof typeof endpoints];

const courierCommand = (name: CourierEndpoint) =>
  serveCommand(endpoints[name], (envelope) =>
    executeCourierCommand(envelope as CommandEnvelope<CourierCommand>).pipe(
      Effect.map(commandReplyOf),
      Effect.catchTag("CommandIdConflict", (conflict) =>
        erasureSentAgain(envelope as CommandEnvelope<CourierCommand>).pipe(
          Effect.flatMap(
            Option.match({
              onNone: () => Effect.fail(conflict),
              onSome: (reply: CommandReply) => Effect.succeed(reply),
            }),
          ),
        ),
      ),
    ),
  );

const stationCommand = (name: StationCommand["type"]) =>
  serveCommand(endpoints[name], (envelope) =>
    executeStationCommand(envelope as CommandEnvelope<StationCommand>).pipe(
      Effect.map(commandReplyOf),
    ),
  );

const communityCommand = (name: CommunityCommand["type"]) =>
  serveCommand(endpoints[name], (envelope) =>
    executeCommunityCommand(envelope as CommandEnvelope<CommunityCommand>).pipe(
      Effect.map(commandReplyOf),
    ),
  );

/**
 * The registry service: communities and their policy versions, stations, couriers and
 * the volunteer team, and roster imports. Every command of `communityDecider`,
 * `stationDecider` and `courierDecider` is an endpoint (`cs.<community>.registry.<Command>`),
 * with the queries of `registryContract` — among them `GetCourierFacts` and
 * `GetCommunityPolicyVersions`, which every other service decides with.
 *
 * Consumers: `no-shows` (`ParticipationMarkedNoShow` → `RecordNoShow`), `couriers` and
 * `stations` (rows caught up from the stored aggregates; erasures and corrections of the
 * number carried through). Timers: `automatic-erasure` (erasure after a withdrawn
 * consent's grace period) and `roster-imports` (rows of imports registered in the
 * background).
 *
 * It needs the `RegistrySecrets` (seal and mobile-number key), the `ConfiguredPolicy`,
 * `StationIds` and a store.
 *
 * @example
 * await runMain({
 *   services: [registryService()],
 *   layer: (config) => Layer.mergeAll(storeLayerFor(config.store), RegistrySecrets.layer(settings), …),
 * });
 */
export const registryService = (options: RegistryServiceOptions = {}) => {
  const cache: RosterCache = new Map();
  return defineService({
    name: "registry",
    version: packageJson.version,
    description: registryContract.description,
    endpoints: [
      communityCommand("RegisterCommunity"),
      communityCommand("UpdateCommunityDetails"),
      communityCommand("PublishCommunityPolicy"),
      stationCommand("OpenStation"),
      stationCommand("UpdateStationDetails"),
      stationCommand("CloseStationTemporarily"),
      stationCommand("ReopenStation"),
      stationCommand("RetireStation"),
      courierCommand("RegisterCourier"),
      courierCommand("GiveConsent"),
      courierCommand("WithdrawConsent"),
      courierCommand("VerifyCourier"),
      courierCommand("RejectCourier"),
      courierCommand("SuspendCourier"),
      courierCommand("ReinstateCourier"),
      courierCommand("LeaveProgramme"),
      courierCommand("UpdateCourierProfile"),
      courierCommand("CorrectPersonalData"),
      courierCommand("EraseCourierPersonalData"),
      courierCommand("JoinVolunteerTeam"),
      courierCommand("LeaveVolunteerTeam"),
      courierCommand("RecordNoShow"),
      serveCommand(endpoints.UploadRosterImportPart, (envelope) =>
        uploadRosterImportPart(envelope),
      ),
      serveCommand(endpoints.StartRosterImport, (envelope) => startRosterImport(envelope, cache)),
      serveQuery(endpoints.GetCommunityPolicyVersions, (_input, context) =>
        Effect.gen(function* () {
          const community = context.community as CommunityId;
          const versions = yield* policyVersionsOf(community);
          // A community registered on the configured policy has a version without its
          // document: readers (a courier's report page) need the rules in force either way.
          const inForce =
            versions.length === 0 ? undefined : yield* policyAt(community, yield* decisionTime);
          return {
            versions: versions.map((version) => ({
              policyVersion: version.policyVersion,
              effectiveFrom: version.effectiveFrom,
              publishedAt: version.publishedAt,
              publishedBy: version.publishedBy,
              ...(version.policy === undefined ? {} : { policy: version.policy }),
            })),
            ...(inForce === undefined ? {} : { inForce }),
          };
        }),
      ),
      serveQuery(endpoints.GetCourierFacts, ({ courierIds }, context) =>
        Effect.map(courierFactsFor(context.community as CommunityId, courierIds), (couriers) => ({
          couriers,
        })),
      ),
      serveQuery(endpoints.FindCourierByMobileNumber, ({ mobileNumber }, context) =>
        Effect.gen(function* () {
          const store = yield* Store;
          const secrets = yield* RegistrySecrets;
          // The same unique key the registration claims, so this answers exactly the
          // courier who holds the number now (an erasure or a new number releases it).
          const owner = yield* store.uniqueKeyOwner({
            community: context.community as CommunityId,
            scope: mobileKeyScope,
            key: secrets.mobileKeyOf(mobileNumber),
          });
          return { courierId: Option.getOrNull(owner) as CourierId | null };
        }),
      ),
      serveQuery(endpoints.GetCommunity, (_input, context) =>
        communityViewFor(context.community as CommunityId),
      ),
      serveQuery(endpoints.GetCourier, ({ actor, courierId }, context) =>
        courierFor(actor, context.community as CommunityId, courierId),
      ),
      serveQuery(
        endpoints.ListCouriers,
        ({ status, platform, stationId, volunteerTeamMember, after, limit }, context) =>
          Effect.gen(function* () {
            const store = yield* Store;
            const secrets = yield* RegistrySecrets;
            const rows = yield* store.readModel(courierRows);
            const page = yield* rows.find({
              where: {
                community: context.community,
                ...(status === undefined ? {} : { status }),
                ...(stationId === undefined ? {} : { stationId }),
                ...(volunteerTeamMember === undefined ? {} : { volunteerTeamMember }),
                ...(platform === undefined ? {} : { [platformField[platform]]: true }),
              },
              orderBy: { field: "registeredAtMillis", direction: "descending" },
              ...(after === undefined ? {} : { after }),
              limit: limit ?? 50,
            });
            return {
              items: page.items.map((item) =>
                courierListItemOf(item.document, secrets.personalData),
              ),
              ...(page.next === undefined ? {} : { next: page.next }),
            };
          }),
      ),
      serveQuery(endpoints.ListVerificationQueue, ({ stationId, after, limit }, context) =>
        Effect.gen(function* () {
          const store = yield* Store;
          const secrets = yield* RegistrySecrets;
          const rows = yield* store.readModel(courierRows);
          const page = yield* rows.find({
            where: {
              community: context.community,
              status: "registered",
              ...(stationId === undefined ? {} : { stationId }),
            },
            orderBy: { field: "registeredAtMillis" },
            ...(after === undefined ? {} : { after }),
            limit: limit ?? 50,
          });
          return {
            items: page.items.map((item) => courierListItemOf(item.document, secrets.personalData)),
            ...(page.next === undefined ? {} : { next: page.next }),
          };
        }),
      ),
      serveQuery(endpoints.GetStation, ({ stationId }, context) =>
        stationFor(context.community as CommunityId, stationId),
      ),
      serveQuery(endpoints.ListStations, ({ status, after, limit }, context) =>
        Effect.gen(function* () {
          const store = yield* Store;
          const community = context.community as CommunityId;
          const rows = yield* store.readModel(stationRows);
          const page = yield* rows.find({
            where: { community, ...(status === undefined ? {} : { status }) },
            ...(after === undefined ? {} : { after }),
            limit: limit ?? 50,
          });
          // No station and no record: a community never registered has no page, so
          // community.not_found rather than an empty list (a configured community whose
          // stations are open lists them).
          if (page.items.length === 0 && after === undefined) yield* loadCommunity(community);
          const now = yield* decisionTime;
          const { policy } = yield* policyAt(community, now);
          return {
            items: page.items.map((item) =>
              stationViewOf(item.document.station, now, policy.general.timeZone),
            ),
            ...(page.next === undefined ? {} : { next: page.next }),
          };
        }),
      ),
      serveQuery(endpoints.GetRosterImport, ({ importId }, context) =>
        Effect.map(
          loadRosterImport(context.community as CommunityId, importId),
          rosterImportViewOf,
        ),
      ),
      serveQuery(endpoints.ListRosterImportRows, ({ importId, outcome, after, limit }, context) =>
        rosterRowsPage(context.community as CommunityId, importId, { outcome, after, limit }),
      ),
    ],
    consumers: [
      consumer({
        name: "no-shows",
        events: [{ aggregate: "activity", type: "ParticipationMarkedNoShow" }],
        handler: recordNoShow,
      }),
      consumer({
        name: "couriers",
        events: [{ aggregate: "courier" }],
        handler: (event) => followCourier(event),
      }),
      consumer({
        name: "stations",
        events: [{ aggregate: "station" }],
        handler: (event) => followStation(event),
      }),
    ],
    timers: [
      timer({
        name: "automatic-erasure",
        everyMs: options.automaticErasureEveryMs ?? MINUTE,
        handler: (context) => eraseDueCouriers(context.log),
      }),
      timer({
        name: "roster-imports",
        everyMs: options.rosterImportEveryMs ?? 1_000,
        // A run may take longer than a few periods on a slow store; the lease must
        // outlast it so that no second instance works on the same rows meanwhile.
        leaseTtlMs: 120_000,
        handler: () => processRosterImports(cache, options.rosterImportPacing),
      }),
    ],
  });
};
