import { DomainError, localized } from "@courier-station/core";
import { Effect, Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Bus, busEndpoint, defaultRequestLimits } from "./bus.js";
import { InProcessBus } from "./in-process-bus.js";
import {
  answerRequest,
  encodeJson,
  failureReport,
  readReply,
  readRequestInput,
  statusOfErrorCode,
} from "./request-handling.js";

describe("statusOfErrorCode", () => {
  it.each([
    ["input.invalid", 400],
    ["policy.invalid", 400],
    ["input.too_large", 413],
    ["access.forbidden", 403],
    ["access.community_mismatch", 403],
    ["wish.not_found", 404],
    ["bus.no_responders", 404],
    ["command.id_conflict", 409],
    ["store.version_conflict", 409],
    ["bus.service_stopping", 503],
    ["bus.timeout", 504],
    ["internal.error", 500],
    ["wish.already_claimed", 422],
  ])("%s → %i", (code, status) => {
    expect(statusOfErrorCode(code)).toBe(status);
  });
});

describe("readRequestInput", () => {
  const schema = z.strictObject({ n: z.number() });

  it("accepts a valid payload", () => {
    expect(readRequestInput({ input: schema }, encodeJson({ n: 1 }), defaultRequestLimits)).toEqual(
      Either.right({ n: 1 }),
    );
  });

  it("refuses malformed JSON, invalid UTF-8 and oversize payloads with a typed error", () => {
    const malformed = readRequestInput(
      { input: schema },
      new TextEncoder().encode("{"),
      defaultRequestLimits,
    );
    const invalidUtf8 = readRequestInput(
      { input: schema },
      new Uint8Array([0x7b, 0xff, 0x7d]),
      defaultRequestLimits,
    );
    const oversize = readRequestInput(
      { input: schema },
      encodeJson({ n: 1, pad: "x".repeat(100) }),
      { ...defaultRequestLimits, maxPayloadBytes: 50 },
    );
    for (const [result, code] of [
      [malformed, "input.invalid"],
      [invalidUtf8, "input.invalid"],
      [oversize, "input.too_large"],
    ] as const) {
      if (Either.isRight(result)) throw new Error("expected a refusal");
      expect(result.left.code).toBe(code);
      expect(result.left.text["zh-CN"].length).toBeGreaterThan(0);
      expect(result.left.text.en.length).toBeGreaterThan(0);
    }
  });

  it("never throws, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = readRequestInput({ input: schema }, bytes, defaultRequestLimits);
        expect(
          Either.isLeft(result) || typeof (result.right as { n: unknown }).n === "number",
        ).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        readRequestInput({ input: schema }, encodeJson(value), defaultRequestLimits);
      }),
    );
  });
});

describe("readReply", () => {
  const output = z.strictObject({ text: z.string() });

  it("reads an ok reply by the output schema, and refuses one that does not match", () => {
    expect(
      readReply("s", encodeJson({ ok: true, value: { text: "a" } }), undefined, undefined, output),
    ).toEqual(Either.right({ ok: true, value: { text: "a" }, status: 200 }));
    const wrong = readReply(
      "s",
      encodeJson({ ok: true, value: { text: 1 } }),
      undefined,
      undefined,
      output,
    );
    if (Either.isRight(wrong)) throw new Error("expected ReplyInvalid");
    expect(wrong.left.code).toBe("bus.reply_invalid");
    expect(wrong.left.issues[0]?.field).toBe("value.text");
  });

  it("takes the status from the header, or from the code when there is none", () => {
    const error = {
      code: "wish.not_found",
      tag: "WishNotFound",
      message: { "zh-CN": "无", en: "none" },
      details: {},
    };
    expect(readReply("s", encodeJson({ ok: false, error }), "404", "none", undefined)).toEqual(
      Either.right({ ok: false, error, status: 404 }),
    );
    expect(
      readReply("s", encodeJson({ ok: false, error }), undefined, undefined, undefined),
    ).toEqual(Either.right({ ok: false, error, status: 404 }));
  });

  it("turns a headers-only error (a throw inside the services library) into an error reply", () => {
    const reply = readReply("s", new Uint8Array(), "500", "boom", undefined);
    expect(reply).toEqual(
      Either.right({
        ok: false,
        status: 500,
        error: expect.objectContaining({ code: "internal.error" }),
      }),
    );
  });

  it("refuses a body that is not a reply", () => {
    for (const body of [
      new TextEncoder().encode("nope"),
      encodeJson({ ok: "yes" }),
      encodeJson({ ok: true, value: 1, extra: 2 }),
    ]) {
      const result = readReply("s", body, undefined, undefined, undefined);
      expect(Either.isLeft(result) && result.left.code).toBe("bus.reply_invalid");
    }
  });
});

class EchoRefused extends DomainError("EchoRefused", {
  code: "test.echo_refused",
  httpStatus: 422,
  text: (props: { readonly reason: string; readonly items: ReadonlyArray<string> }) =>
    localized(`拒绝：${props.reason}`, `Refused: ${props.reason}`),
}) {}

describe("a hostile request gets a small reply", () => {
  const route = { community: "jinshan-wanda", service: "echo", endpoint: "Echo" };
  const origin = { service: "echo", subject: "cs.jinshan-wanda.echo.Echo", route, headers: {} };
  // The largest payload the default limits let through: about 125 KB of `$` keys.
  const hostilePayload = (): Uint8Array => {
    const keys: string[] = [];
    let length = 2;
    for (let index = 0; length < defaultRequestLimits.maxPayloadBytes - 64; index++) {
      const entry = `"$${index}":1`;
      keys.push(entry);
      length += entry.length + 1;
    }
    return new TextEncoder().encode(`{${keys.join(",")}}`);
  };

  it("answers a maximal payload of $ keys on the in-process bus in a few KB, saying how many more issues there were", async () => {
    const payload = hostilePayload();
    expect(payload.byteLength).toBeGreaterThan(120_000);
    expect(payload.byteLength).toBeLessThanOrEqual(defaultRequestLimits.maxPayloadBytes);
    const reply = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const bus = yield* Bus;
          yield* bus.serve({
            name: "echo",
            version: "1.0.0",
            endpoints: [
              busEndpoint({
                name: "Echo",
                input: z.record(z.string(), z.number()),
                handler: () => Effect.succeed("handled"),
              }),
            ],
          });
          return yield* bus.request({
            to: route,
            payload: JSON.parse(new TextDecoder().decode(payload)),
          });
        }),
      ).pipe(Effect.provide(InProcessBus.layer())),
    );
    if (reply.ok) throw new Error("expected a refusal");
    expect(reply.error.code).toBe("input.invalid");
    expect(encodeJson(reply).byteLength).toBeLessThan(8_000);
    expect(reply.error.details.issues).toHaveLength(20);
    expect(reply.error.details.moreIssues).toBeGreaterThan(9_000);
    expect(reply.error.message.en).toContain(
      `(and ${19 + Number(reply.error.details.moreIssues)} more)`,
    );
  });

  it("bounds a refusal whose details and text echo the input", async () => {
    const endpoint = busEndpoint({
      name: "Echo",
      input: z.strictObject({ reason: z.string(), items: z.array(z.string()) }),
      handler: (request) => Effect.fail(new EchoRefused(request.input)),
    });
    const input = { reason: "长".repeat(10_000), items: Array(5_000).fill("0123456789") };
    const answer = await Effect.runPromise(
      answerRequest(endpoint, encodeJson(input), origin, defaultRequestLimits, undefined),
    );
    expect(answer.body.ok).toBe(false);
    expect(encodeJson(answer.body).byteLength).toBeLessThan(40_000);
    expect(JSON.stringify(answer.body)).toContain("more");
  });

  it("bounds a consumer's failure report, whatever the error's message", () => {
    const report = failureReport(new Error("x".repeat(1_000_000)));
    expect(JSON.stringify(report).length).toBeLessThan(5_000);
  });
});
