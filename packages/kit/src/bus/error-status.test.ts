import { DomainError, localized } from "@courier-station/core";
import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { busEndpoint, defaultRequestLimits } from "./bus.js";
import { answerRequest, encodeJson, statusOfError } from "./request-handling.js";

class NameTaken extends DomainError("NameTaken", {
  // A code whose wording says nothing of its status: only the class can tell.
  code: "test.name_taken",
  httpStatus: 409,
  text: (props: { readonly name: string }) =>
    localized(`名称 ${props.name} 已被占用`, `The name ${props.name} is taken`),
}) {}

describe("the status of a refusal", () => {
  it("is the status the error's class states, read by shape", () => {
    expect(statusOfError(new NameTaken({ name: "x" }))).toBe(409);
    // A copy from another package version: the same shape, another class.
    expect(statusOfError({ code: "test.name_taken", httpStatus: 409 })).toBe(409);
  });

  it("falls back to the code for an error that states none, or none that is valid", () => {
    expect(statusOfError({ code: "wish.not_found" })).toBe(404);
    expect(statusOfError({ code: "test.name_taken" })).toBe(422);
    expect(statusOfError({ code: "test.name_taken", httpStatus: 200 })).toBe(422);
    expect(statusOfError({ code: "test.name_taken", httpStatus: "409" })).toBe(422);
  });

  it("answers a handler's refusal with its own status", async () => {
    const endpoint = busEndpoint({
      name: "Claim",
      input: z.strictObject({ name: z.string() }),
      handler: (request) => Effect.fail(new NameTaken(request.input)),
    });
    const route = { community: "jinshan-wanda", service: "names", endpoint: "Claim" };
    const origin = {
      service: "names",
      subject: "cs.jinshan-wanda.names.Claim",
      route,
      headers: {},
    };
    const answer = await Effect.runPromise(
      answerRequest(endpoint, encodeJson({ name: "x" }), origin, defaultRequestLimits, undefined),
    );
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ ok: false, error: { code: "test.name_taken" } });
  });
});
