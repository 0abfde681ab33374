import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allEventsSubject,
  deadLetterSubject,
  eventFilter,
  eventSubject,
  parseEventSubject,
  parseRequestSubject,
  readRequestSubject,
  requestSubject,
  requestTarget,
  subjectMatches,
} from "./subjects.js";

const community = fc
  .stringMatching(/^[a-z0-9][a-z0-9-]{0,39}$/)
  .filter((value) => !["evt", "dlq", "srv"].includes(value));
const service = fc.stringMatching(/^[a-z][a-z0-9-]{0,39}$/);
const endpoint = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,79}$/);
const aggregate = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,39}$/);
const eventType = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,79}$/);
const root = fc.stringMatching(/^[a-z][a-z0-9_-]{0,31}$/);

describe("subjects", () => {
  it("builds the subjects of the architecture", () => {
    expect(
      requestSubject({
        community: "jinshan-wanda",
        service: "registry",
        endpoint: "RegisterCourier",
      }),
    ).toBe("cs.jinshan-wanda.registry.RegisterCourier");
    expect(
      eventSubject({ community: "jinshan-wanda", aggregate: "courier", type: "CourierVerified" }),
    ).toBe("cs.evt.jinshan-wanda.courier.CourierVerified");
    expect(eventFilter({ aggregate: "wish" })).toBe("cs.evt.*.wish.*");
    expect(allEventsSubject()).toBe("cs.evt.*.*.*");
    expect(deadLetterSubject("points-earn")).toBe("cs.dlq.points-earn");
  });

  it("reads back every request and event subject it builds", () => {
    fc.assert(
      fc.property(root, community, service, endpoint, (subjectRoot, c, s, e) => {
        const route = { community: c, service: s, endpoint: e };
        expect(parseRequestSubject(requestSubject(route, subjectRoot), subjectRoot)).toEqual(route);
      }),
    );
    fc.assert(
      fc.property(root, community, aggregate, eventType, (subjectRoot, c, a, t) => {
        const route = { community: c, aggregate: a, type: t };
        const subject = eventSubject(route, subjectRoot);
        expect(parseEventSubject(subject, subjectRoot)).toEqual(route);
        expect(subjectMatches(allEventsSubject(subjectRoot), subject)).toBe(true);
        expect(subjectMatches(eventFilter({ aggregate: a }, subjectRoot), subject)).toBe(true);
        // A request subject never lands in the event stream.
        expect(subjectMatches(allEventsSubject(subjectRoot), `${subjectRoot}.evt.${a}.${t}`)).toBe(
          false,
        );
      }),
    );
  });

  it("refuses tokens that would break a subject", () => {
    for (const bad of [
      { community: "a.b", service: "s", endpoint: "E" },
      { community: "*", service: "s", endpoint: "E" },
      { community: "evt", service: "s", endpoint: "E" },
      { community: "c", service: "S", endpoint: "E" },
      { community: "c", service: "s", endpoint: "E>" },
      { community: "c", service: "s", endpoint: "" },
    ]) {
      expect(() => requestSubject(bad)).toThrow(TypeError);
    }
    expect(parseRequestSubject("cs.a.b")).toBeUndefined();
    expect(parseRequestSubject("other.jinshan.registry.Register")).toBeUndefined();
    expect(parseRequestSubject("cs.evt.registry.Register")).toBeUndefined();
    expect(parseEventSubject("cs.evt.c.Courier.X")).toBeUndefined();
  });

  it("matches subjects as NATS does", () => {
    expect(subjectMatches("a.*.c", "a.b.c")).toBe(true);
    expect(subjectMatches("a.*.c", "a.b.d")).toBe(false);
    expect(subjectMatches("a.>", "a.b.c")).toBe(true);
    expect(subjectMatches("a.>", "a")).toBe(false);
    expect(subjectMatches("a.b", "a.b.c")).toBe(false);
    expect(subjectMatches("a.b.c", "a.b")).toBe(false);
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,3}$/), { minLength: 1, maxLength: 6 }),
        (tokens) => {
          const subject = tokens.join(".");
          expect(subjectMatches(subject, subject)).toBe(true);
          expect(subjectMatches(">", subject)).toBe(true);
          expect(subjectMatches(tokens.map(() => "*").join("."), subject)).toBe(true);
        },
      ),
    );
  });

  it("says which part of a malformed request subject is wrong, in both languages", () => {
    const reasons = [
      "cs.Jinshan.registry.RegisterCourier",
      "cs.evt.registry.RegisterCourier",
      "cs.jinshan-wanda.Registry.RegisterCourier",
      "cs.jinshan-wanda.registry.9",
      "cs.jinshan-wanda.registry",
      "other.jinshan-wanda.registry.RegisterCourier",
    ].map((subject) => {
      const read = readRequestSubject(subject);
      if (Either.isRight(read)) throw new Error(`expected ${subject} to be refused`);
      expect(read.left.code).toBe("input.invalid_subject");
      expect(read.left.text["zh-CN"]).toContain(subject);
      return read.left.text.en.replace(/^The request subject \S+ is not valid: /, "");
    });
    expect(reasons).toEqual([
      `the community "Jinshan" is not valid: 1 to 40 lower-case letters, digits or '-'`,
      `"evt" cannot be a community: evt, dlq and srv name the subjects of events, dead letters and services`,
      `the service name "Registry" is not valid: lower-case letters, digits or '-', starting with a letter`,
      `the endpoint name "9" is not valid: letters, digits, '_' or '-', starting with a letter`,
      "a request subject is cs.<community>.<service>.<endpoint>",
      "a request subject is cs.<community>.<service>.<endpoint>",
    ]);
    expect(readRequestSubject("cs.jinshan-wanda.registry.RegisterCourier")).toEqual(
      Either.right({
        community: "jinshan-wanda",
        service: "registry",
        endpoint: "RegisterCourier",
      }),
    );
  });

  it("keeps the refusal of a huge subject small", () => {
    const read = readRequestSubject(`cs.${"X".repeat(100_000)}.registry.RegisterCourier`);
    if (Either.isRight(read)) throw new Error("expected a refusal");
    expect(read.left.text.en.length).toBeLessThan(600);
    expect(read.left.text["zh-CN"].length).toBeLessThan(600);
  });

  it("refuses a route that makes no request subject before anything is sent", () => {
    const refused = requestTarget({ community: "evt", service: "registry", endpoint: "X" });
    expect(Either.isLeft(refused) && refused.left.code).toBe("input.invalid_subject");
    expect(requestTarget("cs.anything")).toEqual(Either.right("cs.anything"));
  });
});
