import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import type { Language } from "@courier-station/core";
import { defineReadModel, type StoreApi } from "@courier-station/kit";
import { Effect, Option } from "effect";

/**
 * Where sign-in codes go out: a district plugs in its SMS provider here. The embedded
 * station's sender writes the code to the station's log.
 *
 * @example
 * const aliyunSender: SmsSender = {
 *   sendSignInCode: async ({ mobileNumber, code }) => { await sms.send(mobileNumber, template, { code }); },
 * };
 */
export interface SmsSender {
  readonly sendSignInCode: (message: {
    readonly mobileNumber: string;
    readonly code: string;
    readonly community: string;
    readonly language: Language;
    readonly expiresInSeconds: number;
  }) => Promise<void>;
}

/**
 * The embedded sender: it writes the code to a log line (the station's log), for a
 * station without an SMS provider and for development. Never use it where strangers can
 * read the log.
 */
export const loggingSmsSender = (
  write: (line: {
    readonly msg: string;
    readonly mobileNumberEnd: string;
    readonly code: string;
    readonly community: string;
  }) => void,
): SmsSender => ({
  sendSignInCode: async ({ mobileNumber, code, community }) => {
    write({
      msg: "sign-in code (embedded SMS sender)",
      mobileNumberEnd: mobileNumber.slice(-4),
      code,
      community,
    });
  },
});

/** How sign-in codes behave. */
export interface OneTimeCodeSettings {
  /** The HMAC key for mobile numbers and codes, so the store holds neither. */
  readonly secret: string;
  /** How long a code is valid; default 5 minutes. */
  readonly lifetimeSeconds?: number;
  /** Wrong tries before a code is void; default 5. */
  readonly maxAttempts?: number;
  /** Least time between two codes for one number; default 60 seconds. */
  readonly resendAfterSeconds?: number;
}

/** A code waiting to be used: its HMAC, its expiry and the wrong tries so far. */
export interface PendingCode {
  readonly codeHash: string;
  readonly community: string;
  readonly sentAt: number;
  readonly expiresAt: number;
  readonly attempts: number;
}

/** Codes waiting to be used, by the mobile number's key. */
export const pendingCodes = defineReadModel<PendingCode>({
  name: "gateway_sign_in_codes",
  indexes: { expiresAt: "number" },
});

/** The key of a mobile number: an HMAC, so the gateway's store never holds the number. */
export const mobileKeyOf = (secret: string, mobileNumber: string): string =>
  createHmac("sha256", secret).update(`mobile\u0000${mobileNumber}`).digest("base64url");

const codeHashOf = (secret: string, mobileKey: string, code: string) =>
  createHmac("sha256", secret).update(`code\u0000${mobileKey}\u0000${code}`).digest();

/** What asking for a code did. */
export type CodeRequestResult =
  | { readonly kind: "sent"; readonly expiresInSeconds: number }
  | { readonly kind: "too_soon"; readonly retryAfterSeconds: number };

/**
 * Makes a six-digit code for a mobile number, keeps its HMAC with an expiry (replacing
 * any earlier code), and sends it; a second request within the resend interval is
 * refused.
 */
export const requestSignInCode = async (
  store: StoreApi,
  settings: OneTimeCodeSettings,
  sender: SmsSender,
  request: {
    readonly mobileNumber: string;
    readonly community: string;
    readonly language: Language;
  },
  now: number = Date.now(),
): Promise<CodeRequestResult> => {
  const lifetime = settings.lifetimeSeconds ?? 300;
  const resendAfter = settings.resendAfterSeconds ?? 60;
  const mobileKey = mobileKeyOf(settings.secret, request.mobileNumber);
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const outcome = await Effect.runPromise(
    Effect.gen(function* () {
      const codes = yield* store.readModel(pendingCodes);
      const earlier = yield* codes.get(mobileKey);
      if (Option.isSome(earlier) && now - earlier.value.document.sentAt < resendAfter * 1000) {
        const wait = Math.ceil((earlier.value.document.sentAt + resendAfter * 1000 - now) / 1000);
        return { kind: "too_soon", retryAfterSeconds: Math.max(1, wait) } as const;
      }
      const written = yield* codes
        .upsert(
          mobileKey,
          {
            codeHash: codeHashOf(settings.secret, mobileKey, code).toString("base64url"),
            community: request.community,
            sentAt: now,
            expiresAt: now + lifetime * 1000,
            attempts: 0,
          },
          { expectedRevision: Option.isSome(earlier) ? earlier.value.revision : 0 },
        )
        .pipe(
          Effect.as(true),
          Effect.catchTag("RevisionConflict", () => Effect.succeed(false)),
        );
      return written
        ? ({ kind: "sent", expiresInSeconds: lifetime } as const)
        : ({ kind: "too_soon", retryAfterSeconds: resendAfter } as const);
    }),
  );
  if (outcome.kind === "sent") {
    await sender.sendSignInCode({
      mobileNumber: request.mobileNumber,
      code,
      community: request.community,
      language: request.language,
      expiresInSeconds: lifetime,
    });
  }
  return outcome;
};

/** What checking a code found. */
export type CodeCheck =
  | { readonly kind: "accepted"; readonly mobileKey: string }
  | { readonly kind: "rejected"; readonly attemptsLeft: number }
  | { readonly kind: "none" };

/**
 * Checks a code: a matching, unexpired code for the same community is used up at once
 * (deleted, guarded by its revision, so a replay or a race gets nothing); a wrong one
 * counts an attempt, and the last allowed attempt voids the code.
 */
export const checkSignInCode = async (
  store: StoreApi,
  settings: OneTimeCodeSettings,
  attempt: { readonly mobileNumber: string; readonly community: string; readonly code: string },
  now: number = Date.now(),
): Promise<CodeCheck> => {
  const maxAttempts = settings.maxAttempts ?? 5;
  const mobileKey = mobileKeyOf(settings.secret, attempt.mobileNumber);
  return Effect.runPromise(
    Effect.gen(function* () {
      const codes = yield* store.readModel(pendingCodes);
      const found = yield* codes.get(mobileKey);
      if (Option.isNone(found)) return { kind: "none" } as const;
      const pending = found.value.document;
      const guard = { expectedRevision: found.value.revision };
      if (pending.expiresAt <= now || pending.attempts >= maxAttempts) {
        yield* codes
          .delete(mobileKey, guard)
          .pipe(Effect.catchTag("RevisionConflict", () => Effect.succeed(false)));
        return { kind: "none" } as const;
      }
      const expected = Buffer.from(pending.codeHash, "base64url");
      const given = codeHashOf(settings.secret, mobileKey, attempt.code);
      const matches =
        pending.community === attempt.community &&
        expected.length === given.length &&
        timingSafeEqual(expected, given);
      if (matches) {
        const used = yield* codes
          .delete(mobileKey, guard)
          .pipe(Effect.catchTag("RevisionConflict", () => Effect.succeed(false)));
        return used ? ({ kind: "accepted", mobileKey } as const) : ({ kind: "none" } as const);
      }
      const attempts = pending.attempts + 1;
      if (attempts >= maxAttempts) {
        yield* codes
          .delete(mobileKey, guard)
          .pipe(Effect.catchTag("RevisionConflict", () => Effect.succeed(false)));
        return { kind: "rejected", attemptsLeft: 0 } as const;
      }
      yield* codes
        .upsert(mobileKey, { ...pending, attempts }, guard)
        .pipe(Effect.catchTag("RevisionConflict", () => Effect.succeed(0)));
      return { kind: "rejected", attemptsLeft: maxAttempts - attempts } as const;
    }),
  );
};
