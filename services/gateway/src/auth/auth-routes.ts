import { call, registryContract } from "@courier-station/contracts";
import { CommunityId, MobileNumber, parseInput, systemActor } from "@courier-station/core";
import type { BusApi, StoreApi } from "@courier-station/kit";
import { Either } from "effect";
import type { NextFunction, Request, Response, Router } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { z } from "zod";
import { runOnBus } from "../api/bus-calls.js";
import { languageOf } from "../http/problem.js";
import {
  fieldsOfIssues,
  forbidden,
  HttpRefusal,
  invalidInput,
  tooManyRequests,
  unauthenticated,
} from "../http/refusal.js";
import {
  AccountExists,
  courierAccountFor,
  createPasswordAccount,
  NewPasswordAccount,
  passwordSignIn,
} from "./accounts.js";
import {
  checkSignInCode,
  type OneTimeCodeSettings,
  requestSignInCode,
  type SmsSender,
} from "./one-time-codes.js";
import { issueTokens, refreshSession, revokeRefreshToken, type TokenSettings } from "./tokens.js";

/** Everything sign-in needs. */
export interface SignInSettings {
  readonly tokens: TokenSettings;
  readonly codes: OneTimeCodeSettings;
  readonly smsSender: SmsSender;
  /** Sign-in attempts per client and login (or number) in a window; default 10 per 15 minutes. */
  readonly attemptsPerWindow?: number;
  readonly attemptWindowMs?: number;
}

/** Asks for a sign-in code. */
export const CodeRequest = z.strictObject({ community: CommunityId, mobileNumber: MobileNumber });
/** Signs in with a code. */
export const CodeSignIn = z.strictObject({
  community: CommunityId,
  mobileNumber: MobileNumber,
  code: z.string().regex(/^[0-9]{6}$/, { message: "验证码为 6 位数字 / the code is 6 digits" }),
});
/** Signs in with a password. */
export const PasswordSignIn = z.strictObject({
  login: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});
/** A refresh token to use or revoke. */
export const RefreshRequest = z.strictObject({ refreshToken: z.string().min(20).max(200) });

/** The tokens a sign-in answers with. */
export const TokensSchema = z.strictObject({
  tokenType: z.literal("Bearer"),
  accessToken: z.string(),
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  subject: z.string(),
  roles: z.array(z.string()),
  communities: z.array(z.string()),
});

const parseBody = <Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> => {
  const parsed = parseInput(schema, body ?? {});
  if (Either.isLeft(parsed)) throw invalidInput(fieldsOfIssues(parsed.left.issues));
  return parsed.right;
};

const signInFailed = () =>
  unauthenticated({
    "zh-CN": "登录信息不正确",
    en: "the sign-in details are not correct",
  });

const loginOf = (request: Request): string => {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const login = body.login ?? body.mobileNumber;
  return typeof login === "string" ? login.slice(0, 64).toLowerCase() : "";
};

/**
 * Mounts sign-in under `/v1/auth`: couriers ask for a code (`POST /v1/auth/codes`) and
 * sign in with it (`POST /v1/auth/code-sign-ins`); staff, handlers, auditors and sponsors
 * sign in with a password (`POST /v1/auth/password-sign-ins`); `POST /v1/auth/refreshes`
 * exchanges a refresh token, `POST /v1/auth/sign-outs` revokes one. Attempts are limited
 * per client and login.
 */
export const mountAuthRoutes = (
  router: Router,
  store: StoreApi,
  settings: SignInSettings,
  bus: BusApi,
): void => {
  const attemptLimiter = rateLimit({
    windowMs: settings.attemptWindowMs ?? 15 * 60_000,
    limit: settings.attemptsPerWindow ?? 10,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (request) => `${ipKeyGenerator(request.ip ?? "")}|${loginOf(request)}`,
    handler: (_request: Request, _response: Response, next: NextFunction, options) =>
      next(tooManyRequests(Math.ceil(options.windowMs / 1000))),
  });

  router.post("/codes", attemptLimiter, async (request, response) => {
    const body = parseBody(CodeRequest, request.body);
    const result = await requestSignInCode(store, settings.codes, settings.smsSender, {
      mobileNumber: body.mobileNumber,
      community: body.community,
      language: languageOf(request),
    });
    if (result.kind === "too_soon") throw tooManyRequests(result.retryAfterSeconds);
    response.status(202).json({ expiresIn: result.expiresInSeconds });
  });

  router.post("/code-sign-ins", attemptLimiter, async (request, response) => {
    const body = parseBody(CodeSignIn, request.body);
    const check = await checkSignInCode(store, settings.codes, body);
    if (check.kind !== "accepted") throw signInFailed();
    // A courier whom staff registered before their first sign-in gets their own record:
    // the registry says who holds the number. Without an answer there is no sign-in (a
    // new id would split the courier in two).
    const { courierId } = await runOnBus(
      bus,
      call(registryContract, "FindCourierByMobileNumber", body.community, {
        actor: systemActor("gateway-sign-in"),
        mobileNumber: body.mobileNumber,
      }),
    );
    const account = await courierAccountFor(store, check.mobileKey, body.community, {
      registeredCourierId: courierId ?? undefined,
    });
    if (account.disabled) throw signInFailed();
    response.status(200).json(await issueTokens(store, settings.tokens, account));
  });

  router.post("/password-sign-ins", attemptLimiter, async (request, response) => {
    const body = parseBody(PasswordSignIn, request.body);
    const account = await passwordSignIn(store, body.login, body.password);
    if (account === undefined) throw signInFailed();
    response.status(200).json(await issueTokens(store, settings.tokens, account));
  });

  router.post("/refreshes", attemptLimiter, async (request, response) => {
    const body = parseBody(RefreshRequest, request.body);
    const tokens = await refreshSession(store, settings.tokens, body.refreshToken);
    if (tokens === undefined) {
      throw unauthenticated({
        "zh-CN": "刷新令牌无效、已使用或已撤销",
        en: "the refresh token is invalid, used or revoked",
      });
    }
    response.status(200).json(tokens);
  });

  router.post("/sign-outs", async (request, response) => {
    const body = parseBody(RefreshRequest, request.body);
    await revokeRefreshToken(store, body.refreshToken);
    response.status(204).end();
  });
};

/**
 * Mounts `POST /v1/communities/{community}/accounts`: staff of the community create the
 * password accounts of its staff, handlers, auditors and sponsors (for their own
 * community only).
 */
export const mountAccountRoutes = (router: Router, store: StoreApi): void => {
  router.post("/accounts", async (request, response) => {
    const actor = response.locals.actor as { role: string; communities: ReadonlyArray<string> };
    const community = String((request.params as Record<string, string>).community ?? "");
    if (actor.role !== "staff") {
      throw forbidden({
        "zh-CN": "只有工作人员可以创建账号",
        en: "Only staff create accounts",
      });
    }
    const body = parseBody(NewPasswordAccount, {
      communities: [community],
      ...(request.body as object),
    });
    if (body.communities.some((item) => item !== community)) {
      throw forbidden({
        "zh-CN": "只能为本社区创建账号",
        en: "Accounts are created for this community only",
      });
    }
    try {
      const account = await createPasswordAccount(store, body);
      response
        .status(201)
        .location(
          `/v1/communities/${encodeURIComponent(community)}/accounts/${encodeURIComponent(account.login)}`,
        )
        .json({
          login: account.login,
          role: account.role,
          subject: account.subject,
          communities: account.communities,
        });
    } catch (error) {
      if (error instanceof AccountExists) {
        throw new HttpRefusal({
          code: "account.login_taken",
          status: 409,
          text: { "zh-CN": "登录名已被占用", en: "The login is taken" },
          fields: [
            { field: "login", code: "taken", message: { "zh-CN": "已被占用", en: "taken" } },
          ],
        });
      }
      throw error;
    }
  });
};
