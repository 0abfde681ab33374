import { createHash, randomBytes } from "node:crypto";
import { Actor, type Role } from "@courier-station/core";
import { defineReadModel, type StoreApi } from "@courier-station/kit";
import { Effect, Option } from "effect";
import {
  createRemoteJWKSet,
  decodeJwt,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from "jose";
import { LRUCache } from "lru-cache";
import { unauthenticated } from "../http/refusal.js";
import { type GatewayAccount, loadAccount } from "./accounts.js";

/**
 * A district's own identity provider: its JWTs are accepted, verified against its JWKS,
 * with the subject, roles and communities read from the claims named here.
 */
export interface ExternalIdentityProvider {
  /** The `iss` of its tokens: a token with this issuer is verified against its keys. */
  readonly issuer: string;
  /** The `aud` its tokens must carry, if it sets one. */
  readonly audience?: string;
  /** Where its JWKS is published (fetched and cached by jose's `createRemoteJWKSet`). */
  readonly jwksUrl?: string;
  /** Keys given directly instead of a URL (a test, an air-gapped deployment). */
  readonly keys?: JWTVerifyGetKey;
  /** The claim holding the actor id; default `sub`. */
  readonly subjectClaim?: string;
  /** The claim holding the roles (a list, or one string); default `roles`. */
  readonly rolesClaim?: string;
  /** The claim holding the communities (a list, or one string); default `communities`. */
  readonly communitiesClaim?: string;
}

/** How the gateway's own tokens are made. */
export interface TokenSettings {
  /** The HMAC key of access tokens (HS256): at least 32 bytes. */
  readonly secret: Uint8Array;
  /** The tokens' `iss`; default `courier-station`. */
  readonly issuer?: string;
  /** The tokens' `aud`; default `courier-station-api`. */
  readonly audience?: string;
  /** How long an access token lives; default 15 minutes. */
  readonly accessTokenSeconds?: number;
  /** How long a refresh token lives; default 30 days. */
  readonly refreshTokenSeconds?: number;
  readonly external?: ExternalIdentityProvider;
}

/** The tokens of a sign-in. */
export interface IssuedTokens {
  readonly tokenType: "Bearer";
  readonly accessToken: string;
  /** Seconds the access token lives. */
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly subject: string;
  readonly roles: ReadonlyArray<Role>;
  readonly communities: ReadonlyArray<string>;
}

/** A refresh token as stored: a hash of it, never the token. */
export interface RefreshTokenRecord {
  readonly accountId: string;
  readonly expiresAt: number;
  readonly issuedAt: number;
}

/** Refresh tokens by the SHA-256 of the token. */
export const refreshTokens = defineReadModel<RefreshTokenRecord>({
  name: "gateway_refresh_tokens",
  indexes: { accountId: "string", expiresAt: "number" },
});

const tokenHash = (token: string) => createHash("sha256").update(token).digest("base64url");

const defaults = (settings: TokenSettings) => ({
  issuer: settings.issuer ?? "courier-station",
  audience: settings.audience ?? "courier-station-api",
  accessTokenSeconds: settings.accessTokenSeconds ?? 900,
  refreshTokenSeconds: settings.refreshTokenSeconds ?? 30 * 86_400,
});

/** A signed access token for an account: subject, roles and communities, short-lived. */
export const accessTokenFor = (
  settings: TokenSettings,
  account: Pick<GatewayAccount, "subject" | "role" | "communities">,
  now: number = Date.now(),
): Promise<string> => {
  const { issuer, audience, accessTokenSeconds } = defaults(settings);
  const issuedAt = Math.floor(now / 1000);
  return new SignJWT({ roles: [account.role], communities: [...account.communities] })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(account.subject)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + accessTokenSeconds)
    .sign(settings.secret);
};

/**
 * Issues an access token and a refresh token for an account; the refresh token is
 * stored hashed.
 */
export const issueTokens = async (
  store: StoreApi,
  settings: TokenSettings,
  account: GatewayAccount,
  now: number = Date.now(),
): Promise<IssuedTokens> => {
  const { accessTokenSeconds, refreshTokenSeconds } = defaults(settings);
  const refreshToken = randomBytes(32).toString("base64url");
  await Effect.runPromise(
    Effect.flatMap(store.readModel(refreshTokens), (tokens) =>
      tokens.upsert(tokenHash(refreshToken), {
        accountId: account.accountId,
        issuedAt: now,
        expiresAt: now + refreshTokenSeconds * 1000,
      }),
    ),
  );
  return {
    tokenType: "Bearer",
    accessToken: await accessTokenFor(settings, account, now),
    expiresIn: accessTokenSeconds,
    refreshToken,
    subject: account.subject,
    roles: [account.role],
    communities: account.communities,
  };
};

/**
 * Exchanges a refresh token for new tokens: the old one is used up (deleted, guarded by
 * its revision, so a token replayed or raced is refused), and a disabled account gets
 * nothing. Undefined when the token is unknown, used, revoked or expired.
 */
export const refreshSession = async (
  store: StoreApi,
  settings: TokenSettings,
  refreshToken: string,
  now: number = Date.now(),
): Promise<IssuedTokens | undefined> => {
  const record = await Effect.runPromise(
    Effect.gen(function* () {
      const tokens = yield* store.readModel(refreshTokens);
      const found = yield* tokens.get(tokenHash(refreshToken));
      if (Option.isNone(found)) return undefined;
      const deleted = yield* tokens
        .delete(tokenHash(refreshToken), { expectedRevision: found.value.revision })
        .pipe(Effect.catchTag("RevisionConflict", () => Effect.succeed(false)));
      return deleted ? found.value.document : undefined;
    }),
  );
  if (record === undefined || record.expiresAt <= now) return undefined;
  const account = await loadAccount(store, record.accountId);
  if (account === undefined || account.disabled) return undefined;
  return issueTokens(store, settings, account, now);
};

/** Revokes one refresh token (sign-out); true when it was there. */
export const revokeRefreshToken = (store: StoreApi, refreshToken: string): Promise<boolean> =>
  Effect.runPromise(
    Effect.flatMap(store.readModel(refreshTokens), (tokens) =>
      tokens.delete(tokenHash(refreshToken)),
    ),
  );

/**
 * Revokes every refresh token of an account (a courier suspended or erased, a password
 * changed): their sessions end when their access tokens expire. Returns how many.
 */
export const revokeAccountSessions = (store: StoreApi, accountId: string): Promise<number> =>
  Effect.runPromise(
    Effect.gen(function* () {
      const tokens = yield* store.readModel(refreshTokens);
      let revoked = 0;
      for (;;) {
        const page = yield* tokens.find({ where: { accountId }, limit: 200 });
        for (const item of page.items) {
          if (yield* tokens.delete(item.id)) revoked += 1;
        }
        if (page.items.length === 0 || page.next === undefined) return revoked;
      }
    }),
  );

const listClaim = (payload: JWTPayload, claim: string): ReadonlyArray<string> => {
  const value = payload[claim];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
};

const invalidToken = () =>
  unauthenticated({
    "zh-CN": "访问令牌无效或已过期",
    en: "the access token is invalid or expired",
  });

/** How a verifier keeps the tokens it has verified (the defaults suit a station). */
export interface VerifierOptions {
  /** The clock, in ms since the epoch; default `Date.now`. Tokens' `exp` and `nbf` are checked against it. */
  readonly now?: () => number;
  /** The most verified tokens kept; default 10,000. 0 keeps none (every token verified every time). */
  readonly cacheSize?: number;
  /**
   * The longest a verified token is trusted without verifying it again, in ms, even
   * before its `exp`; default 60 s. It bounds how long a district's key taken out of its
   * JWKS still lets a token through that was verified with it.
   */
  readonly cacheMs?: number;
}

/** A token verified once: its claims, which claims name what, and until when it may be trusted. */
interface VerifiedToken {
  readonly payload: JWTPayload;
  readonly names: {
    readonly subject: string;
    readonly roles: string;
    readonly communities: string;
  };
  /** Until when (ms since the epoch) this verification stands: before `exp` and the cache's bound. */
  readonly trustedUntil: number;
  /** The actor its claims make without an acting role, once read (it is the same each time). */
  actor?: Actor;
}

/**
 * A verifier of bearer tokens: the gateway's own (HS256) and, when configured, the
 * district identity provider's (by its issuer, against its JWKS). It returns the actor a
 * valid token stands for, with the role chosen by `X-Acting-Role` when the token has
 * several; anything else is a 401.
 *
 * A token whose signature and claims were verified is kept, keyed by its exact text, so
 * the next request with it is not verified again: until its `exp` (a token without
 * `exp` is never kept) and at most `cacheMs`. Access tokens are not revocable: signing
 * out, a suspension or an erasure revoke refresh tokens, and an access token lives until
 * its `exp`, cached or not; a token past its `exp` is refused whether it was kept or not.
 */
export const tokenVerifier = (settings: TokenSettings, options: VerifierOptions = {}) => {
  const { issuer, audience } = defaults(settings);
  const external = settings.external;
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? 60_000;
  const cacheSize = options.cacheSize ?? 10_000;
  const verified =
    cacheSize > 0 && cacheMs > 0
      ? new LRUCache<string, VerifiedToken>({ max: cacheSize })
      : undefined;
  const externalKeys =
    external === undefined
      ? undefined
      : (external.keys ??
        (external.jwksUrl === undefined
          ? undefined
          : createRemoteJWKSet(new URL(external.jwksUrl))));

  const verify = async (token: string, at: number): Promise<VerifiedToken> => {
    let claimedIssuer: string | undefined;
    try {
      claimedIssuer = decodeJwt(token).iss;
    } catch {
      throw invalidToken();
    }
    const currentDate = new Date(at);
    let payload: JWTPayload;
    let names = { subject: "sub", roles: "roles", communities: "communities" };
    try {
      if (
        external !== undefined &&
        externalKeys !== undefined &&
        claimedIssuer === external.issuer
      ) {
        ({ payload } = await jwtVerify(token, externalKeys, {
          issuer: external.issuer,
          currentDate,
          ...(external.audience === undefined ? {} : { audience: external.audience }),
        }));
        names = {
          subject: external.subjectClaim ?? "sub",
          roles: external.rolesClaim ?? "roles",
          communities: external.communitiesClaim ?? "communities",
        };
      } else {
        ({ payload } = await jwtVerify(token, settings.secret, {
          issuer,
          audience,
          algorithms: ["HS256"],
          currentDate,
        }));
      }
    } catch {
      throw invalidToken();
    }
    // jose refuses a token once `exp` <= now (in whole seconds): trusted until that second.
    const trustedUntil =
      typeof payload.exp === "number" ? Math.min(payload.exp * 1000, at + cacheMs) : at;
    return { payload, names, trustedUntil };
  };

  return async (token: string, actingRole?: string): Promise<Actor> => {
    const at = now();
    let entry = verified?.get(token);
    if (entry !== undefined && at >= entry.trustedUntil) {
      verified?.delete(token);
      entry = undefined;
    }
    if (entry === undefined) {
      entry = await verify(token, at);
      if (verified !== undefined && at < entry.trustedUntil) verified.set(token, entry);
    }
    // The token's own actor (no acting role asked for) is a function of its claims alone:
    // parsed once per verified token instead of by the Actor schema on every request.
    if (actingRole === undefined && entry.actor !== undefined) return entry.actor;
    const { payload, names } = entry;
    const roles = listClaim(payload, names.roles);
    const role =
      actingRole === undefined ? roles[0] : roles.find((candidate) => candidate === actingRole);
    const subject = payload[names.subject];
    const parsed = Actor.safeParse({
      role,
      id: subject,
      communities: listClaim(payload, names.communities),
    });
    if (!parsed.success || parsed.data.role === "system") throw invalidToken();
    if (actingRole === undefined) entry.actor = parsed.data;
    return parsed.data;
  };
};
