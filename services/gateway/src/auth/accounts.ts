import { randomUUID } from "node:crypto";
import { type CommunityId, Role } from "@courier-station/core";
import { defineReadModel, type StoreApi } from "@courier-station/kit";
import { Effect, Option } from "effect";
import { z } from "zod";
import {
  hashPassword,
  maximumPasswordLength,
  minimumPasswordLength,
  verifyPassword,
} from "./passwords.js";

/**
 * A gateway account: who signs in and as whom they act. A password account (staff,
 * handlers, auditors, sponsors) is found by its login; a courier's by the key of their
 * mobile number (an HMAC, never the number). `subject` is the actor id the services see
 * (a courier's is their courier id).
 */
export interface GatewayAccount {
  readonly accountId: string;
  readonly kind: "password" | "mobile";
  /** The login (password accounts) or the mobile number's key (couriers). */
  readonly login: string;
  readonly role: Role;
  readonly subject: string;
  readonly communities: ReadonlyArray<string>;
  readonly passwordHash?: string;
  readonly disabled: boolean;
  readonly createdAt: number;
}

/** Gateway accounts by account id (`password:<login>`, `mobile:<key>`). */
export const gatewayAccounts = defineReadModel<GatewayAccount>({
  name: "gateway_accounts",
  indexes: { role: "string", subject: "string", kind: "string" },
});

/** A login: 3 to 64 letters, digits, `.`, `_`, `-` or `@`. */
export const Login = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/, {
  message: "登录名须为 3 至 64 位字母、数字或“._@-” / a login is 3 to 64 letters, digits or '._@-'",
});

/** A password as accepted for a new account. */
export const NewPassword = z
  .string()
  .min(minimumPasswordLength, {
    message: `密码至少 ${minimumPasswordLength} 个字符 / a password has at least ${minimumPasswordLength} characters`,
  })
  .max(maximumPasswordLength);

/** The roles a password account may have (couriers sign in by mobile number, `system` never). */
export const PasswordRole = Role.exclude(["courier", "system"]);

/** A new password account. */
export const NewPasswordAccount = z.strictObject({
  login: Login,
  password: NewPassword,
  role: PasswordRole,
  /** The actor id services see; default the login. */
  subject: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_:-]{0,127}$/)
    .optional(),
  communities: z.array(z.string().min(1).max(64)).min(1).max(64),
});
/** A new password account. */
export type NewPasswordAccount = z.infer<typeof NewPasswordAccount>;

const passwordAccountId = (login: string) => `password:${login.toLowerCase()}`;

/** Why an account could not be created. */
export class AccountExists extends Error {
  constructor(readonly login: string) {
    super(`An account with the login ${login} exists already`);
    this.name = "AccountExists";
  }
}

/**
 * Creates a password account (the password hashed with scrypt). Fails with
 * {@link AccountExists} when the login is taken (the write is guarded, so two at once
 * create one).
 */
export const createPasswordAccount = async (
  store: StoreApi,
  account: NewPasswordAccount,
  now: number = Date.now(),
): Promise<GatewayAccount> => {
  const parsed = NewPasswordAccount.parse(account);
  const document: GatewayAccount = {
    accountId: passwordAccountId(parsed.login),
    kind: "password",
    login: parsed.login.toLowerCase(),
    role: parsed.role,
    subject: parsed.subject ?? parsed.login.toLowerCase().replace(/[^A-Za-z0-9_:-]/g, "-"),
    communities: parsed.communities,
    passwordHash: await hashPassword(parsed.password),
    disabled: false,
    createdAt: now,
  };
  const created = await Effect.runPromise(
    Effect.gen(function* () {
      const accounts = yield* store.readModel(gatewayAccounts);
      return yield* accounts.upsert(document.accountId, document, { expectedRevision: 0 }).pipe(
        Effect.as(true),
        Effect.catchTag("RevisionConflict", () => Effect.succeed(false)),
      );
    }),
  );
  if (!created) throw new AccountExists(parsed.login);
  return document;
};

/**
 * Creates the first staff account of a station: what `--create-staff` runs. Staff of
 * the given communities, signing in with the login and password.
 *
 * @example
 * await createStaffAccount(store, { login: "wang", password: "a long passphrase", communities: ["jinshan-wanda"] });
 */
export const createStaffAccount = (
  store: StoreApi,
  account: {
    readonly login: string;
    readonly password: string;
    readonly communities: ReadonlyArray<string>;
  },
): Promise<GatewayAccount> =>
  createPasswordAccount(store, {
    ...account,
    communities: [...account.communities],
    role: "staff",
  });

/** Reads an account by id. */
export const loadAccount = (
  store: StoreApi,
  accountId: string,
): Promise<GatewayAccount | undefined> =>
  Effect.runPromise(
    Effect.gen(function* () {
      const accounts = yield* store.readModel(gatewayAccounts);
      const found = yield* accounts.get(accountId);
      return Option.getOrUndefined(Option.map(found, (stored) => stored.document));
    }),
  );

// A hash to compare against when the login is unknown, so that an unknown login takes as
// long as a wrong password.
let decoyHash: Promise<string> | undefined;

/** The password account a login and password sign in to, if they match. */
export const passwordSignIn = async (
  store: StoreApi,
  login: string,
  password: string,
): Promise<GatewayAccount | undefined> => {
  const account = await loadAccount(store, passwordAccountId(login));
  if (account?.passwordHash === undefined) {
    decoyHash ??= hashPassword(randomUUID());
    await verifyPassword(password, await decoyHash);
    return undefined;
  }
  const matches = await verifyPassword(password, account.passwordHash);
  return matches && !account.disabled ? account : undefined;
};

/**
 * The courier account of a mobile number's key, created on the first sign-in and joined
 * to the community they signed in to. Its courier id is `registeredCourierId` — the
 * courier the registry holds under that number, when staff registered them before their
 * first sign-in — else a new id (the one they then register with). An account that only
 * this community knows is moved to the registered id when it differs, since the number
 * the courier just proved is the one the record holds.
 *
 * @example
 * const account = await courierAccountFor(store, mobileKey, "jinshan-wanda", { registeredCourierId: "c-7" });
 * account.subject; // "c-7"
 */
export const courierAccountFor = async (
  store: StoreApi,
  mobileKey: string,
  community: CommunityId,
  options: { readonly now?: number; readonly registeredCourierId?: string | undefined } = {},
): Promise<GatewayAccount> => {
  const now = options.now ?? Date.now();
  const registered = options.registeredCourierId;
  return Effect.runPromise(
    Effect.gen(function* () {
      const accounts = yield* store.readModel(gatewayAccounts);
      const accountId = `mobile:${mobileKey}`;
      for (let attempt = 0; attempt < 5; attempt++) {
        const found = yield* accounts.get(accountId);
        if (Option.isNone(found)) {
          const created: GatewayAccount = {
            accountId,
            kind: "mobile",
            login: mobileKey,
            role: "courier",
            subject: registered ?? `c-${randomUUID().replace(/-/g, "").slice(0, 20)}`,
            communities: [community],
            disabled: false,
            createdAt: now,
          };
          const written = yield* accounts.upsert(accountId, created, { expectedRevision: 0 }).pipe(
            Effect.as(true),
            Effect.catchTag("RevisionConflict", () => Effect.succeed(false)),
          );
          if (written) return created;
          continue;
        }
        const account = found.value.document;
        const onlyHere = account.communities.length === 1 && account.communities[0] === community;
        if (registered !== undefined && onlyHere && account.subject !== registered) {
          const moved = { ...account, subject: registered };
          const written = yield* accounts
            .upsert(accountId, moved, { expectedRevision: found.value.revision })
            .pipe(
              Effect.as(true),
              Effect.catchTag("RevisionConflict", () => Effect.succeed(false)),
            );
          if (written) return moved;
          continue;
        }
        if (account.communities.includes(community)) return account;
        const joined = { ...account, communities: [...account.communities, community] };
        const written = yield* accounts
          .upsert(accountId, joined, { expectedRevision: found.value.revision })
          .pipe(
            Effect.as(true),
            Effect.catchTag("RevisionConflict", () => Effect.succeed(false)),
          );
        if (written) return joined;
      }
      return yield* Effect.dieMessage("the courier account kept changing");
    }),
  );
};

/** Disables an account (a courier suspended or erased, a staff member gone): no new tokens. */
export const disableAccount = (store: StoreApi, accountId: string): Promise<boolean> =>
  Effect.runPromise(
    Effect.gen(function* () {
      const accounts = yield* store.readModel(gatewayAccounts);
      const found = yield* accounts.get(accountId);
      if (Option.isNone(found)) return false;
      yield* accounts.upsert(accountId, { ...found.value.document, disabled: true });
      return true;
    }),
  );
