import { Effect, Either } from "effect";
import { describe, expect, it } from "vitest";
import { DomainError, isDomainError, isErrorStatus, toErrorReport } from "./errors.js";
import { localized } from "./localized-text.js";

class CourierNotActive extends DomainError("CourierNotActive", {
  code: "courier.not_active",
  httpStatus: 422,
  text: (props: { readonly courierId: string }) =>
    localized(`小哥 ${props.courierId} 尚未激活`, `Courier ${props.courierId} is not active`),
}) {}

class Closed extends DomainError("Closed", {
  code: "station.closed",
  httpStatus: 422,
  text: () => localized("驿站已关闭", "The station is closed"),
}) {}

describe("DomainError", () => {
  const error = new CourierNotActive({ courierId: "c-1" });

  it("carries its tag, stable code, props and text in both languages", () => {
    expect(error._tag).toBe("CourierNotActive");
    expect(error.code).toBe("courier.not_active");
    expect(error.courierId).toBe("c-1");
    expect(error.text).toEqual({ "zh-CN": "小哥 c-1 尚未激活", en: "Courier c-1 is not active" });
    expect(CourierNotActive.tag).toBe("CourierNotActive");
    expect(CourierNotActive.code).toBe("courier.not_active");
  });

  it("states its HTTP-like status on the class and on every instance", () => {
    expect(CourierNotActive.httpStatus).toBe(422);
    expect(error.httpStatus).toBe(422);
    expect(isErrorStatus(error.httpStatus)).toBe(true);
    expect(isErrorStatus(418)).toBe(false);
  });

  it("is an Error whose message is the English text", () => {
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("Courier c-1 is not active");
    expect(String(error)).toContain("Courier c-1 is not active");
  });

  it("needs no props when its text takes none", () => {
    expect(new Closed().text.en).toBe("The station is closed");
  });

  it("is handled by tag with Effect.catchTag, leaving other errors alone", () => {
    const program = (failure: CourierNotActive | Closed) =>
      Effect.fail(failure).pipe(
        Effect.catchTag("CourierNotActive", (caught) =>
          Effect.succeed(`handled ${caught.courierId}`),
        ),
        Effect.either,
        Effect.runSync,
      );
    expect(program(error)).toEqual(Either.right("handled c-1"));
    expect(program(new Closed())).toEqual(Either.left(new Closed()));
  });

  it("can be yielded in Effect.gen as a failure", () => {
    const result = Effect.runSync(
      Effect.either(
        Effect.gen(function* () {
          yield* new Closed();
          return "unreachable";
        }),
      ),
    );
    expect(Either.isLeft(result) && result.left.code).toBe("station.closed");
  });
});

describe("isDomainError", () => {
  it("recognises a domain error, and the same shape from another copy of the package", () => {
    expect(isDomainError(new Closed())).toBe(true);
    const fromElsewhere = {
      _tag: "Closed",
      code: "station.closed",
      text: { "zh-CN": "驿站已关闭", en: "The station is closed" },
    };
    expect(isDomainError(fromElsewhere)).toBe(true);
  });

  it.each([
    ["null", null],
    ["a string", "station.closed"],
    ["a plain Error", new Error("boom")],
    ["a text in one language", { _tag: "X", code: "x", text: { en: "x" } }],
    ["a missing code", { _tag: "X", text: { "zh-CN": "x", en: "x" } }],
    ["a null text", { _tag: "X", code: "x", text: null }],
  ])("refuses %s", (_name, value) => {
    expect(isDomainError(value)).toBe(false);
  });
});

describe("toErrorReport", () => {
  it("gives code, tag, message in both languages and the error's own fields", () => {
    const report = toErrorReport(new CourierNotActive({ courierId: "c-1" }));
    expect(report).toEqual({
      code: "courier.not_active",
      tag: "CourierNotActive",
      message: { "zh-CN": "小哥 c-1 尚未激活", en: "Courier c-1 is not active" },
      details: { courierId: "c-1" },
    });
    // It crosses a wire as JSON without loss.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("has empty details for an error without props", () => {
    expect(toErrorReport(new Closed()).details).toEqual({});
  });
});
