import { Actor, commandEnvelopeOf, Role } from "@courier-station/core";
import { z } from "zod";
import { CommandReply } from "./replies.js";

/**
 * A command endpoint of a service: its input is core's command envelope around one
 * command schema of a package, its reply a {@link CommandReply}. Who may send it is the
 * package's permission table, checked by `handleCommand`.
 */
export interface CommandContract<Input extends z.ZodType = z.ZodType> {
  readonly kind: "command";
  readonly name: string;
  readonly description: string;
  readonly input: Input;
  readonly output: typeof CommandReply;
}

/**
 * Who asks a public query without signing in: no id and no community. Only a query its
 * contract marks `public` takes it; every other query's input refuses it by its schema.
 */
export const AnonymousActor = z.strictObject({ role: z.literal("anonymous") });
/** Who asks a public query without signing in. */
export type AnonymousActor = z.infer<typeof AnonymousActor>;

/** The one anonymous actor: what the gateway sends for a request without a token. */
export const anonymousActor: AnonymousActor = Object.freeze({ role: "anonymous" });

/** Who asks a query: a signed-in actor, or (for a public query only) the anonymous one. */
export type Asker = Actor | AnonymousActor;

/**
 * A query endpoint of a service: its input carries the asking actor and the query's
 * parameters; `roles` say who may ask (the community is checked against the actor's
 * communities too). What of a record the actor may see is the package's view function.
 * A `public` query is readable by anyone, signed in or not, of any community: its input
 * takes the {@link AnonymousActor} too, and its reply holds nothing of a person.
 */
export interface QueryContract<
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
> {
  readonly kind: "query";
  readonly name: string;
  readonly description: string;
  readonly roles: ReadonlyArray<Role>;
  readonly public?: true;
  readonly input: Input;
  readonly output: Output;
}

/** An endpoint of a service's contract. */
export type EndpointContract = CommandContract | QueryContract;

/** A service's bus contract: its name and its endpoints by name. */
export interface ServiceContract<Endpoints extends Record<string, EndpointContract>> {
  readonly service: string;
  readonly description: string;
  readonly endpoints: Endpoints;
}

/**
 * Declares a command endpoint from one command schema of a package (a zod object with a
 * literal `type`); the endpoint is named after the command type.
 *
 * @example
 * const register = commandContract(RegisterCourier, "A courier registers with a station (小哥报到).");
 * register.name; // "RegisterCourier"
 */
export const commandContract = <
  Command extends z.ZodObject<{ type: z.ZodLiteral<string>; data: z.ZodType }>,
>(
  command: Command,
  description: string,
) => {
  const name = command.shape.type.value;
  return {
    kind: "command",
    name,
    description,
    input: commandEnvelopeOf(command),
    output: CommandReply,
  } as const satisfies CommandContract;
};

/** The cursor and page size a list query takes. */
export const pageRequestShape = {
  /** The `next` of the previous page. */
  after: z.string().min(1).max(512).optional(),
  /** Items per page, 1 to 200; default 50. */
  limit: z.number().int().min(1).max(200).optional(),
};

/**
 * Declares a query endpoint: its parameters (the asking `actor` is added), its reply, and
 * the roles that may ask.
 *
 * @example
 * const getCourier = queryContract({
 *   name: "GetCourier",
 *   description: "One courier, as the actor may see them.",
 *   roles: ["courier", "staff", "auditor", "sponsor"],
 *   parameters: { courierId: CourierId },
 *   output: CourierView,
 * });
 */
export const queryContract = <
  const Name extends string,
  Parameters extends z.ZodRawShape,
  Output extends z.ZodType,
>(spec: {
  readonly name: Name;
  readonly description: string;
  readonly roles: ReadonlyArray<Role>;
  readonly parameters: Parameters;
  readonly output: Output;
}) =>
  ({
    kind: "query",
    name: spec.name,
    description: spec.description,
    roles: spec.roles,
    input: z.strictObject({ actor: Actor, ...spec.parameters }),
    output: spec.output,
  }) as const satisfies QueryContract;

/** Every role: who may ask a public query when signed in (and anyone without signing in). */
const everyRole = Role.options;

/**
 * Declares a public query: readable by anyone, signed in (any role, any community) or not
 * (the {@link AnonymousActor}). Its reply must hold nothing of a person: a station's page,
 * aggregate counts. The contract says it, so the edge that serves it without a token holds
 * no list of its own.
 *
 * @example
 * const getStation = publicQueryContract({
 *   name: "GetStation",
 *   description: "One station, as the public sees it.",
 *   parameters: { stationId: StationId },
 *   output: StationView,
 * });
 * getStation.public; // true
 */
export const publicQueryContract = <
  const Name extends string,
  Parameters extends z.ZodRawShape,
  Output extends z.ZodType,
>(spec: {
  readonly name: Name;
  readonly description: string;
  readonly parameters: Parameters;
  readonly output: Output;
}) =>
  ({
    kind: "query",
    name: spec.name,
    description: spec.description,
    roles: everyRole,
    public: true,
    input: z.strictObject({ actor: z.union([Actor, AnonymousActor]), ...spec.parameters }),
    output: spec.output,
  }) as const satisfies QueryContract;

/**
 * Declares a public list query: like {@link publicQueryContract}, with `after` and `limit`
 * added to the parameters and a page of `item` as the reply.
 */
export const publicListQueryContract = <
  const Name extends string,
  Parameters extends z.ZodRawShape,
  Item extends z.ZodType,
>(spec: {
  readonly name: Name;
  readonly description: string;
  readonly parameters: Parameters;
  readonly item: Item;
}) =>
  publicQueryContract({
    name: spec.name,
    description: spec.description,
    parameters: { ...spec.parameters, ...pageRequestShape },
    output: pageOf(spec.item),
  });

/**
 * Declares a list query: like {@link queryContract}, with `after` and `limit` added to
 * the parameters and a page of `item` as the reply.
 *
 * @example
 * const listWishes = listQueryContract({
 *   name: "ListWishWall", description: "Open wishes for sponsors.", roles: ["sponsor", "staff"],
 *   parameters: { stationId: StationId.optional() }, item: WishWallCard,
 * });
 */
export const listQueryContract = <
  const Name extends string,
  Parameters extends z.ZodRawShape,
  Item extends z.ZodType,
>(spec: {
  readonly name: Name;
  readonly description: string;
  readonly roles: ReadonlyArray<Role>;
  readonly parameters: Parameters;
  readonly item: Item;
}) =>
  queryContract({
    name: spec.name,
    description: spec.description,
    roles: spec.roles,
    parameters: { ...spec.parameters, ...pageRequestShape },
    output: pageOf(spec.item),
  });

/**
 * The reply of a list query: a page of items and, when there may be more, the cursor of
 * the next page.
 */
export const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.strictObject({ items: z.array(item), next: z.string().optional() });

/**
 * Declares a service's contract. Endpoint names must be unique and match their keys.
 *
 * @example
 * export const registryContract = defineContract({
 *   service: "registry",
 *   description: "Communities, stations and couriers.",
 *   endpoints: { RegisterCourier: commandContract(RegisterCourier, "…") },
 * });
 */
export const defineContract = <const Endpoints extends Record<string, EndpointContract>>(spec: {
  readonly service: string;
  readonly description: string;
  readonly endpoints: Endpoints;
}): ServiceContract<Endpoints> => {
  for (const [key, endpoint] of Object.entries(spec.endpoints)) {
    if (endpoint.name !== key) {
      throw new TypeError(`defineContract: the endpoint ${key} is named ${endpoint.name}`);
    }
  }
  return spec;
};
