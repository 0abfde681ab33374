import { CommunityId, type LocalizedText, localized, toErrorReport } from "@courier-station/core";
import { Either } from "effect";
import { InvalidSubject } from "./bus-errors.js";
import { type Answer, statusOfErrorCode } from "./request-handling.js";

/**
 * The first token of every Courier Station subject. A deployment may choose another
 * root (for example one per environment on a shared NATS account, or one per test run);
 * everything else about the subjects stays the same.
 */
export const defaultSubjectRoot = "cs";

/**
 * Tokens that a community id may not be, because they name the other subject families
 * under the root: `cs.evt.…` (events) and `cs.dlq.…` (dead letters).
 */
export const reservedCommunityTokens: ReadonlySet<string> = new Set(["evt", "dlq", "srv"]);

const rootPattern = /^[a-z][a-z0-9_-]{0,31}$/;
const serviceNamePattern = /^[a-z][a-z0-9-]{0,39}$/;
const endpointNamePattern = /^[A-Za-z][A-Za-z0-9_-]{0,79}$/;
const aggregatePattern = /^[a-z][A-Za-z0-9]{0,39}$/;
const eventTypePattern = /^[A-Z][A-Za-z0-9]{0,79}$/;
const consumerNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const check = (pattern: RegExp, value: string, what: string): string => {
  if (!pattern.test(value)) {
    throw new TypeError(`Invalid ${what} for a subject: ${JSON.stringify(value)}`);
  }
  return value;
};

const checkCommunity = (community: string): string => {
  if (!CommunityId.safeParse(community).success || reservedCommunityTokens.has(community)) {
    throw new TypeError(`Invalid community for a subject: ${JSON.stringify(community)}`);
  }
  return community;
};

/** Whether a string may be a subject root (`cs`, `cs-staging`, `t0a9`). */
export const isSubjectRoot = (value: string): boolean => rootPattern.test(value);

/** Whether a string may name a service in subjects and on `$SRV` (`points`, `registry`). */
export const isServiceName = (value: string): boolean => serviceNamePattern.test(value);

/** Whether a string may name an endpoint (the command or query: `RegisterCourier`). */
export const isEndpointName = (value: string): boolean => endpointNamePattern.test(value);

/** Whether a string may name a durable consumer (`points-earning`). */
export const isConsumerName = (value: string): boolean => consumerNamePattern.test(value);

/** Where a request goes: the community, the service and the endpoint (command or query). */
export interface RequestRoute {
  readonly community: string;
  readonly service: string;
  readonly endpoint: string;
}

/**
 * The subject of a request: `cs.<community>.<service>.<endpoint>`. The community is in
 * the subject so that NATS permissions can fence a community off
 * (`allow publish cs.jinshan-wanda.>`). Throws a `TypeError` on a token that cannot be
 * part of a subject (a programming error, not user input).
 *
 * @example
 * requestSubject({ community: "jinshan-wanda", service: "registry", endpoint: "RegisterCourier" });
 * // "cs.jinshan-wanda.registry.RegisterCourier"
 */
export const requestSubject = (route: RequestRoute, root: string = defaultSubjectRoot): string =>
  [
    check(rootPattern, root, "subject root"),
    checkCommunity(route.community),
    check(serviceNamePattern, route.service, "service name"),
    check(endpointNamePattern, route.endpoint, "endpoint name"),
  ].join(".");

/**
 * Reads a request subject back into its route, or `undefined` when the subject is not a
 * request subject under this root.
 *
 * @example
 * parseRequestSubject("cs.jinshan-wanda.registry.RegisterCourier");
 * // { community: "jinshan-wanda", service: "registry", endpoint: "RegisterCourier" }
 */
export const parseRequestSubject = (
  subject: string,
  root: string = defaultSubjectRoot,
): RequestRoute | undefined => Either.getOrUndefined(readRequestSubject(subject, root));

/** The longest part of a subject quoted back in a refusal. */
const quotedLength = 80;

const quoted = (token: string): string =>
  JSON.stringify(token.length > quotedLength ? `${token.slice(0, quotedLength)}…` : token);

/**
 * The tokens of a subject in the request positions (`<root>.<community>.<service>.<endpoint>`)
 * without checking them: what a NATS subscription on `<root>.*.<service>.<endpoint>`
 * matches. `undefined` when the subject has not four tokens under this root.
 *
 * @example
 * requestSubjectTokens("cs.evt.registry.RegisterCourier");
 * // { community: "evt", service: "registry", endpoint: "RegisterCourier" }
 */
export const requestSubjectTokens = (
  subject: string,
  root: string = defaultSubjectRoot,
): RequestRoute | undefined => {
  const tokens = subject.split(".");
  if (tokens.length !== 4 || tokens[0] !== root) return undefined;
  const [, community = "", service = "", endpoint = ""] = tokens;
  return { community, service, endpoint };
};

const routeOrProblem = (
  subject: string,
  root: string,
): Either.Either<RequestRoute, LocalizedText> => {
  const tokens = requestSubjectTokens(subject, root);
  if (tokens === undefined) {
    return Either.left(
      localized(
        `请求主题须为 ${root}.<社区>.<服务>.<接口>`,
        `a request subject is ${root}.<community>.<service>.<endpoint>`,
      ),
    );
  }
  const { community, service, endpoint } = tokens;
  if (reservedCommunityTokens.has(community)) {
    return Either.left(
      localized(
        `${quoted(community)} 不能作为社区：evt、dlq、srv 是事件、死信和服务主题的保留字`,
        `${quoted(community)} cannot be a community: evt, dlq and srv name the subjects of events, dead letters and services`,
      ),
    );
  }
  if (!CommunityId.safeParse(community).success) {
    return Either.left(
      localized(
        `社区 ${quoted(community)} 无效：须为 1 至 40 位小写字母、数字或“-”`,
        `the community ${quoted(community)} is not valid: 1 to 40 lower-case letters, digits or '-'`,
      ),
    );
  }
  if (!serviceNamePattern.test(service)) {
    return Either.left(
      localized(
        `服务名 ${quoted(service)} 无效：须为小写字母开头的小写字母、数字或“-”`,
        `the service name ${quoted(service)} is not valid: lower-case letters, digits or '-', starting with a letter`,
      ),
    );
  }
  if (!endpointNamePattern.test(endpoint)) {
    return Either.left(
      localized(
        `接口名 ${quoted(endpoint)} 无效：须为字母开头的字母、数字、“_”或“-”`,
        `the endpoint name ${quoted(endpoint)} is not valid: letters, digits, '_' or '-', starting with a letter`,
      ),
    );
  }
  return Either.right(tokens);
};

/**
 * Reads a request subject into its route, or refuses it with an {@link InvalidSubject}
 * saying which part is wrong and why (the subject quoted shortened, so the refusal
 * stays small). A service answers this refusal to a request that reached it on a
 * malformed subject, rather than leaving the caller to time out.
 *
 * @example
 * readRequestSubject("cs.Jinshan.registry.RegisterCourier");
 * // Left(InvalidSubject: the community "Jinshan" is not valid: 1 to 40 lower-case letters, …)
 */
export const readRequestSubject = (
  subject: string,
  root: string = defaultSubjectRoot,
): Either.Either<RequestRoute, InvalidSubject> =>
  Either.mapLeft(
    routeOrProblem(subject, root),
    (reason) =>
      new InvalidSubject({
        subject:
          subject.length > quotedLength * 2 ? `${subject.slice(0, quotedLength * 2)}…` : subject,
        reason,
      }),
  );

/**
 * The subject a client sends a request to: a subject as given, or the route's,
 * refused with {@link InvalidSubject} when the route cannot make a request subject
 * (the client answers that refusal itself: no service could).
 *
 * @example
 * requestTarget({ community: "jinshan-wanda", service: "registry", endpoint: "RegisterCourier" });
 * // Right("cs.jinshan-wanda.registry.RegisterCourier")
 */
export const requestTarget = (
  to: string | RequestRoute,
  root: string = defaultSubjectRoot,
): Either.Either<string, InvalidSubject> => {
  if (typeof to === "string") return Either.right(to);
  const subject = [root, to.community, to.service, to.endpoint].join(".");
  return Either.map(readRequestSubject(subject, root), () => subject);
};

/** The reply that refuses a malformed subject, as a service (or the client) answers it. */
export const subjectRefusal = (error: InvalidSubject): Answer => ({
  status: statusOfErrorCode(error.code),
  body: { ok: false, error: toErrorReport(error) },
});

/** What an event subject is made of. */
export interface EventRoute {
  readonly community: string;
  readonly aggregate: string;
  readonly type: string;
}

/**
 * The subject of an event: `cs.evt.<community>.<aggregate>.<event type>`.
 *
 * @example
 * eventSubject({ community: "jinshan-wanda", aggregate: "courier", type: "CourierVerified" });
 * // "cs.evt.jinshan-wanda.courier.CourierVerified"
 */
export const eventSubject = (route: EventRoute, root: string = defaultSubjectRoot): string =>
  [
    check(rootPattern, root, "subject root"),
    "evt",
    checkCommunity(route.community),
    check(aggregatePattern, route.aggregate, "aggregate name"),
    check(eventTypePattern, route.type, "event type"),
  ].join(".");

/**
 * Reads an event subject back into its parts, or `undefined` when it is not one.
 *
 * @example
 * parseEventSubject("cs.evt.jinshan-wanda.courier.CourierVerified");
 * // { community: "jinshan-wanda", aggregate: "courier", type: "CourierVerified" }
 */
export const parseEventSubject = (
  subject: string,
  root: string = defaultSubjectRoot,
): EventRoute | undefined => {
  const tokens = subject.split(".");
  if (tokens.length !== 5 || tokens[0] !== root || tokens[1] !== "evt") return undefined;
  const [, , community = "", aggregate = "", type = ""] = tokens;
  if (!CommunityId.safeParse(community).success || reservedCommunityTokens.has(community)) {
    return undefined;
  }
  if (!aggregatePattern.test(aggregate) || !eventTypePattern.test(type)) return undefined;
  return { community, aggregate, type };
};

/**
 * A subject filter for events, for durable subscriptions: leave a part out to match
 * every value of it.
 *
 * @example
 * eventFilter({ aggregate: "activity", type: "ParticipationConfirmed" });
 * // "cs.evt.*.activity.ParticipationConfirmed"
 * eventFilter({ community: "jinshan-wanda" }); // "cs.evt.jinshan-wanda.*.*"
 */
export const eventFilter = (
  parts: Partial<EventRoute> = {},
  root: string = defaultSubjectRoot,
): string =>
  [
    check(rootPattern, root, "subject root"),
    "evt",
    parts.community === undefined ? "*" : checkCommunity(parts.community),
    parts.aggregate === undefined
      ? "*"
      : check(aggregatePattern, parts.aggregate, "aggregate name"),
    parts.type === undefined ? "*" : check(eventTypePattern, parts.type, "event type"),
  ].join(".");

/**
 * Every event subject under a root, exactly five tokens: what the event stream holds.
 * Five tokens (not `cs.evt.>`) so that a request subject can never land in the stream.
 */
export const allEventsSubject = (root: string = defaultSubjectRoot): string =>
  `${check(rootPattern, root, "subject root")}.evt.*.*.*`;

/**
 * The subject a consumer's dead letters go to: `cs.dlq.<consumer>`.
 *
 * @example
 * deadLetterSubject("points-earning"); // "cs.dlq.points-earning"
 */
export const deadLetterSubject = (consumer: string, root: string = defaultSubjectRoot): string =>
  `${check(rootPattern, root, "subject root")}.dlq.${check(consumerNamePattern, consumer, "consumer name")}`;

/** Every dead-letter subject under a root: what the dead-letter stream holds. */
export const allDeadLettersSubject = (root: string = defaultSubjectRoot): string =>
  `${check(rootPattern, root, "subject root")}.dlq.*`;

/**
 * Whether a subject matches a NATS subject filter (`*` one token, `>` the rest).
 *
 * @example
 * subjectMatches("cs.evt.*.courier.>", "cs.evt.jinshan-wanda.courier.CourierVerified"); // true
 */
export const subjectMatches = (filter: string, subject: string): boolean => {
  const filterTokens = filter.split(".");
  const subjectTokens = subject.split(".");
  for (let index = 0; index < filterTokens.length; index++) {
    const token = filterTokens[index];
    if (token === ">") return subjectTokens.length > index;
    if (index >= subjectTokens.length) return false;
    if (token !== "*" && token !== subjectTokens[index]) return false;
  }
  return filterTokens.length === subjectTokens.length;
};
