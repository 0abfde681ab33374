/**
 * `docs/bus-reference.md`, generated from the services' bus contracts
 * (`@courier-station/contracts`), the packages' deciders and event schemas, and the
 * error classes of the packages, the kit and the services.
 */

import * as contractsModule from "@courier-station/contracts";
import {
  CommandReply,
  type EndpointContract,
  type ServiceContract,
} from "@courier-station/contracts";
import * as core from "@courier-station/core";
import { Actor, EventEnvelope, ExpectedVersion } from "@courier-station/core";
import * as kit from "@courier-station/kit";
import { eventSubject, ReplyBody, requestSubject } from "@courier-station/kit";
import * as points from "@courier-station/points";
import * as wishes from "@courier-station/wishes";
import { z } from "zod";
import * as notificationErrors from "../../services/notifications/src/errors.js";
import * as rosterErrors from "../../services/registry/src/roster/errors.js";
import { type JsonSchema, typeBlock } from "./schema-text.js";

const exampleCommunity = "<community>";

/** The order a reader meets the services in; a service not named here comes after them. */
const serviceOrder = [
  "registry",
  "activities",
  "reports",
  "points",
  "wishes",
  "insights",
  "notifications",
];

const isServiceContract = (
  value: unknown,
): value is ServiceContract<Record<string, EndpointContract>> =>
  typeof value === "object" &&
  value !== null &&
  "service" in value &&
  typeof value.service === "string" &&
  "endpoints" in value &&
  typeof value.endpoints === "object";

/**
 * Every service contract `@courier-station/contracts` exports, one per service (the one
 * with the most endpoints, where a part of a contract is exported too), so a service
 * added there is documented without a change here.
 */
const contracts = ((): ReadonlyArray<ServiceContract<Record<string, EndpointContract>>> => {
  const byService = new Map<string, ServiceContract<Record<string, EndpointContract>>>();
  const size = (contract: ServiceContract<Record<string, EndpointContract>>) =>
    Object.keys(contract.endpoints).length;
  for (const value of Object.values(contractsModule as Record<string, unknown>)) {
    if (!isServiceContract(value)) continue;
    const known = byService.get(value.service);
    if (known === undefined || size(value) > size(known)) byService.set(value.service, value);
  }
  const rank = (service: string) =>
    serviceOrder.includes(service) ? serviceOrder.indexOf(service) : serviceOrder.length;
  return [...byService.values()].sort(
    (a, b) => rank(a.service) - rank(b.service) || (a.service < b.service ? -1 : 1),
  );
})();

/** Every aggregate's decider with the zod union of the events it records. */
const aggregates: ReadonlyArray<{
  readonly decider: { readonly aggregate: string };
  readonly events: z.ZodDiscriminatedUnion;
  readonly packageName: string;
}> = [
  { decider: core.communityDecider, events: core.CommunityEvent, packageName: "core" },
  { decider: core.stationDecider, events: core.StationEvent, packageName: "core" },
  { decider: core.courierDecider, events: core.CourierEvent, packageName: "core" },
  { decider: core.activityDecider, events: core.ActivityEvent, packageName: "core" },
  { decider: core.patrolRouteDecider, events: core.PatrolRouteEvent, packageName: "core" },
  { decider: core.patrolDecider, events: core.PatrolEvent, packageName: "core" },
  { decider: core.reportDecider, events: core.ReportEvent, packageName: "core" },
  { decider: core.suggestionDecider, events: core.SuggestionEvent, packageName: "core" },
  {
    decider: points.pointsAccountDecider,
    events: points.PointsAccountEvent,
    packageName: "points",
  },
  { decider: wishes.wishDecider, events: wishes.WishEvent, packageName: "wishes" },
  { decider: wishes.sponsorDecider, events: wishes.SponsorEvent, packageName: "wishes" },
  {
    decider: wishes.catalogueItemDecider,
    events: wishes.CatalogueItemEvent,
    packageName: "wishes",
  },
  {
    decider: wishes.catalogueRedemptionDecider,
    events: wishes.CatalogueRedemptionEvent,
    packageName: "wishes",
  },
];

// A decider the packages export whose events the list above leaves out would be missing
// from the reference: refuse to generate it then.
for (const module of [core, points, wishes]) {
  for (const [name, value] of Object.entries(module as Record<string, unknown>)) {
    if (
      typeof value === "object" &&
      value !== null &&
      "aggregate" in value &&
      "decide" in value &&
      !aggregates.some(({ decider }) => decider === value)
    ) {
      throw new Error(
        `The bus reference lists no events for the decider ${name}: add it to aggregates.`,
      );
    }
  }
}

/** Where error classes are declared, with the name a reader knows each place by. */
const errorSources: ReadonlyArray<{ readonly place: string; readonly module: object }> = [
  { place: "core", module: core },
  { place: "points", module: points },
  { place: "wishes", module: wishes },
  { place: "kit", module: kit },
  { place: "registry", module: rosterErrors },
  { place: "notifications", module: notificationErrors },
];

const jsonSchemaOf = (schema: z.ZodType, io: "input" | "output"): JsonSchema =>
  z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;

const typeScriptBlock = (schema: z.ZodType, io: "input" | "output"): string =>
  ["```ts", typeBlock(jsonSchemaOf(schema, io)), "```"].join("\n");

const anchorOf = (text: string): string =>
  text
    .toLowerCase()
    .replaceAll(/[^a-z0-9 -]/g, "")
    .replaceAll(" ", "-");

// The command schema inside a command endpoint's envelope (`commandEnvelopeOf(Command)`).
const commandOf = (endpoint: EndpointContract): z.ZodType => {
  const shape = (endpoint.input as z.ZodObject).shape as Record<string, z.ZodType>;
  const command = shape.command;
  if (command === undefined) {
    throw new Error(`The command endpoint ${endpoint.name} has no command in its envelope`);
  }
  return command;
};

// A query's parameters: its input without the asking actor.
const parametersOf = (endpoint: EndpointContract): z.ZodType =>
  (endpoint.input as z.ZodObject).omit({ actor: true });

// Who may ask a query: its roles, or anyone (without signing in) when its contract marks it public.
const askedBy = (endpoint: Extract<EndpointContract, { kind: "query" }>): string =>
  endpoint.public === true ? "anyone, without signing in (public)" : endpoint.roles.join(", ");

const endpointSection = (service: string, endpoint: EndpointContract): string => {
  const subject = requestSubject({ community: "community", service, endpoint: endpoint.name });
  const lines = [
    `### \`${endpoint.name}\``,
    "",
    `\`${subject.replace(".community.", `.${exampleCommunity}.`)}\` · ${endpoint.kind}${
      endpoint.kind === "query" ? ` · asked by: ${askedBy(endpoint)}` : ""
    }`,
    "",
    endpoint.description,
    "",
  ];
  if (endpoint.kind === "command") {
    lines.push(
      "Request: the [command envelope](#commands) around",
      "",
      typeScriptBlock(commandOf(endpoint), "input"),
      "",
      "Reply: [`CommandReply`](#commands).",
    );
  } else {
    lines.push(
      "Request: `{ actor, …parameters }` with the parameters",
      "",
      typeScriptBlock(parametersOf(endpoint), "input"),
      "",
      "Reply:",
      "",
      typeScriptBlock(endpoint.output, "input"),
    );
  }
  return lines.join("\n");
};

const serviceSection = (contract: ServiceContract<Record<string, EndpointContract>>): string => {
  const endpoints = Object.values(contract.endpoints);
  return [
    `## Service \`${contract.service}\``,
    "",
    contract.description,
    "",
    `Subjects \`cs.${exampleCommunity}.${contract.service}.<Endpoint>\`; on \`$SRV\` as \`${contract.service}\`.`,
    "",
    "| endpoint | kind | who may send it |",
    "| --- | --- | --- |",
    ...endpoints.map(
      (endpoint) =>
        `| [\`${endpoint.name}\`](#${anchorOf(endpoint.name)}) | ${endpoint.kind} | ${
          endpoint.kind === "query" ? askedBy(endpoint) : "the package's permission table"
        } |`,
    ),
    "",
    ...endpoints.flatMap((endpoint) => [endpointSection(contract.service, endpoint), ""]),
  ].join("\n");
};

const eventsSection = (): string =>
  aggregates
    .map(({ decider, events, packageName }) => {
      const types = events.options.map((option) => {
        const shape = (option as z.ZodObject).shape as Record<string, z.ZodType>;
        const type = (shape.type as z.ZodLiteral<string>).value;
        const data = shape.data ?? z.unknown();
        return [
          `#### \`${type}\``,
          "",
          `\`${eventSubject({ community: "community", aggregate: decider.aggregate, type }).replace(".community.", `.${exampleCommunity}.`)}\``,
          "",
          typeScriptBlock(data, "input"),
        ].join("\n");
      });
      return [
        `### Aggregate \`${decider.aggregate}\``,
        "",
        `Recorded by \`@courier-station/${packageName}\`; ${types.length} event types.`,
        "",
        ...types.flatMap((type) => [type, ""]),
      ].join("\n");
    })
    .join("\n");

const errorsSection = (): string => {
  const rows = errorSources.flatMap(({ place, module }) =>
    Object.entries(module).flatMap(([name, value]) => {
      if (typeof value !== "function") return [];
      const error = value as { readonly code?: unknown; readonly httpStatus?: unknown };
      if (typeof error.code !== "string") return [];
      const status = typeof error.httpStatus === "number" ? String(error.httpStatus) : "";
      return [{ code: error.code, name, place, status }];
    }),
  );
  // The first place a code is met is where it is declared: a later module may re-export it.
  const byCode = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!byCode.has(row.code)) byCode.set(row.code, row);
  const unique = [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  return [
    "| code | error | declared in | status |",
    "| --- | --- | --- | --- |",
    ...unique.map((row) => `| \`${row.code}\` | \`${row.name}\` | ${row.place} | ${row.status} |`),
  ].join("\n");
};

/**
 * The bus reference as Markdown, before formatting: the subjects, every endpoint of
 * every service with its request and reply schemas, every event type with its payload,
 * and every error code.
 */
export const busReference = (): string =>
  [
    "<!-- Generated by `npm run docs:generate` from services/contracts, the packages' event schemas and their error classes. Do not edit: change the code instead. -->",
    "",
    "# Bus reference · 消息总线参考",
    "",
    "Everything the station's services answer and publish on NATS, generated from the zod",
    "schemas the services themselves parse with, so it cannot drift from them. A district's",
    "own system needs nothing but a NATS client to use it: see",
    "[`examples/bus-client`](../examples/bus-client/README.md), and",
    "[Adopting it](adopting.md#2-the-bus) for the three ways in.",
    "",
    "本文由各服务实际使用的 zod 模式生成，列出所有请求主题、请求与应答格式、事件类型及其数据、错误代码。",
    "",
    "## Subjects",
    "",
    "| what | subject |",
    "| --- | --- |",
    `| a request to a service | \`${requestSubject({ community: "community", service: "service", endpoint: "Endpoint" }).replace("community.service.Endpoint", `${exampleCommunity}.<service>.<Endpoint>`)}\` |`,
    `| an event (JetStream) | \`${eventSubject({ community: "community", aggregate: "aggregate", type: "EventType" }).replace("community.aggregate.EventType", `${exampleCommunity}.<aggregate>.<EventType>`)}\` |`,
    "| service discovery | `$SRV.PING`, `$SRV.INFO`, `$SRV.STATS` (and `.<service>`) |",
    "",
    "The community is in every subject, so NATS permissions can fence a community off",
    "(see [Operating it](operating.md#nats)). The root `cs` can be changed per deployment.",
    "Payloads are UTF-8 JSON.",
    "",
    "## Replies",
    "",
    "Every request is answered with one of",
    "",
    typeScriptBlock(ReplyBody, "input"),
    "",
    "A refusal also sets the `Nats-Service-Error` and `Nats-Service-Error-Code` headers (the",
    "code is the HTTP status the gateway would answer with). The input is parsed by the",
    "endpoint's schema before anything runs; a bad input is refused with",
    "`input.invalid` and every problem in `details`, and nothing is stored.",
    "",
    "## Commands",
    "",
    "A command endpoint takes core's command envelope around the command:",
    "",
    "```ts",
    "{",
    "  commandId: string; // chosen by the sender: sent again, the first outcome is returned",
    "  community: string; // the community of the subject",
    "  actor: Actor;",
    "  command: { type: <Endpoint>; data: … }; // below, for each endpoint",
    "  correlationId?: string;",
    "  causationId?: string;",
    "  expected?: ExpectedVersion; // refused with command.version_precondition_failed when the aggregate moved on",
    "}",
    "```",
    "",
    "with",
    "",
    "`Actor`:",
    "",
    typeScriptBlock(Actor, "input"),
    "",
    "`ExpectedVersion`:",
    "",
    typeScriptBlock(ExpectedVersion, "input"),
    "",
    "and replies `CommandReply` (`duplicate`: the same `commandId` and body were applied",
    "before; the same id with another body is refused with `command.id_conflict`):",
    "",
    typeScriptBlock(CommandReply, "input"),
    "",
    "Who may send which command in which community is the permission table of the",
    "package that owns the aggregate; a query states the roles that may ask, or that it is",
    'public: anyone may ask it, signed in or not, the anonymous asker as `{ role: "anonymous" }`.',
    "",
    ...contracts.flatMap((contract) => [serviceSection(contract), ""]),
    "## Events",
    "",
    "Events go to the JetStream stream at least once, with `Nats-Msg-Id` set to the event's",
    "id, so duplicates are dropped; a consumer acknowledges explicitly and is idempotent.",
    "Every event travels in this envelope, `data` being the event's payload below:",
    "",
    typeScriptBlock(EventEnvelope, "input"),
    "",
    eventsSection(),
    "## Error codes",
    "",
    "The `code` of a refusal, the class that declares it and the status it is answered",
    "with (the `Nats-Service-Error-Code` header; the gateway's HTTP status). Messages come",
    "in zh-CN and en in the reply.",
    "",
    errorsSection(),
    "",
  ].join("\n");
