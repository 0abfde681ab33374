import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defaultRequestLimits } from "./bus.js";
import { encodeJson, readReply, readRequestInput, statusOfErrorCode } from "./request-handling.js";

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
