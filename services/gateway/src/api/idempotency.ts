import { createHash, randomUUID } from "node:crypto";
import type { Actor } from "@courier-station/core";
import { defineReadModel, type StoreApi } from "@courier-station/kit";
import { Effect, Option } from "effect";
import { HttpRefusal } from "../http/refusal.js";

/** What the gateway keeps of an `Idempotency-Key`: the request it was first used for. */
export interface IdempotencyRecord {
  /** A hash of the method, the path and the body of the first request. */
  readonly fingerprint: string;
  /** The command id the key became. */
  readonly commandId: string;
  /** When it was first used (milliseconds since the epoch). */
  readonly firstUsedAt: number;
}

/** The keys callers sent, by a hash of the caller and the key. */
export const idempotencyRecords = defineReadModel<IdempotencyRecord>({
  name: "gateway_idempotency_keys",
  indexes: { firstUsedAt: "number" },
});

const keyPattern = /^[\x21-\x7e]{1,200}$/;

const digest = (text: string): string => createHash("sha256").update(text).digest("base64url");

/**
 * The command id of a request: with an `Idempotency-Key`, one derived from the caller and
 * the key (so two callers never share one, and a retry sends the same id, which the
 * service answers as a duplicate); the same key with another method, path or body is
 * refused (422 naming the conflict). Without a key, a fresh id.
 *
 * @example
 * const commandId = await commandIdFor(store, actor, request.get("Idempotency-Key"), "POST /v1/…", body);
 */
export const commandIdFor = async (
  store: StoreApi,
  actor: Actor,
  key: string | undefined,
  target: string,
  body: unknown,
  now: number = Date.now(),
): Promise<string> => {
  if (key === undefined) return `h-${randomUUID()}`;
  if (!keyPattern.test(key)) {
    throw new HttpRefusal({
      code: "input.invalid_idempotency_key",
      status: 400,
      text: {
        "zh-CN": "Idempotency-Key 须为 1 至 200 个可见 ASCII 字符",
        en: "Idempotency-Key must be 1 to 200 visible ASCII characters",
      },
      fields: [
        {
          field: "Idempotency-Key",
          code: "invalid_format",
          message: {
            "zh-CN": "须为 1 至 200 个可见 ASCII 字符",
            en: "1 to 200 visible ASCII characters",
          },
        },
      ],
    });
  }
  const scoped = digest(`${actor.role}\u0000${actor.id}\u0000${key}`);
  const record: IdempotencyRecord = {
    fingerprint: digest(`${target}\u0000${JSON.stringify(body ?? null)}`),
    commandId: `k-${scoped.slice(0, 43)}`,
    firstUsedAt: now,
  };
  const stored = await Effect.runPromise(
    Effect.gen(function* () {
      const records = yield* store.readModel(idempotencyRecords);
      const written = yield* records.upsert(scoped, record, { expectedRevision: 0 }).pipe(
        Effect.as(undefined),
        Effect.catchTag("RevisionConflict", () => Effect.succeed("taken")),
      );
      if (written === undefined) return record;
      const earlier = yield* records.get(scoped);
      return Option.match(earlier, { onNone: () => record, onSome: (found) => found.document });
    }),
  );
  if (stored.fingerprint !== record.fingerprint) {
    throw new HttpRefusal({
      code: "idempotency.key_reused",
      status: 422,
      text: {
        "zh-CN": "这个 Idempotency-Key 已用于另一个请求（不同的路径或内容）",
        en: "This Idempotency-Key was already used for another request (another path or body)",
      },
      fields: [
        {
          field: "Idempotency-Key",
          code: "conflict",
          message: {
            "zh-CN": "已用于另一个请求",
            en: "already used for another request",
          },
        },
      ],
    });
  }
  return stored.commandId;
};
