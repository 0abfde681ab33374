import { parseArgs } from "node:util";
import type { StoreApi } from "@courier-station/kit";
import { createStaffAccount, type GatewayAccount } from "./accounts.js";

/** What `--create-staff` asks for. */
export interface CreateStaffRequest {
  readonly login: string;
  readonly password: string;
  readonly communities: ReadonlyArray<string>;
}

/**
 * Reads `--create-staff <login> --community <id> [--community <id>…]` from a program's
 * arguments, the password from `CS_STAFF_PASSWORD` (never an argument, which other users
 * of the machine could read in the process list). Undefined when `--create-staff` is not
 * there; a `TypeError` naming what is missing when it is there without the rest.
 *
 * @example
 * // CS_STAFF_PASSWORD='a long passphrase' npm start -- --create-staff wang --community jinshan-wanda
 * const request = createStaffRequestOf(process.argv.slice(2), process.env);
 * if (request !== undefined) await createStaff(store, request);
 */
export const createStaffRequestOf = (
  argv: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>>,
): CreateStaffRequest | undefined => {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      "create-staff": { type: "string" },
      community: { type: "string", multiple: true },
    },
    strict: false,
    allowPositionals: true,
  });
  const login = values["create-staff"];
  if (login === undefined) return undefined;
  if (typeof login !== "string" || login === "") {
    throw new TypeError("--create-staff needs a login: --create-staff <login> --community <id>");
  }
  const communities = (values.community ?? []).filter(
    (item): item is string => typeof item === "string",
  );
  if (communities.length === 0) {
    throw new TypeError("--create-staff needs the staff's community: --community <id>");
  }
  const password = env.CS_STAFF_PASSWORD;
  if (password === undefined || password === "") {
    throw new TypeError(
      "--create-staff reads the password from CS_STAFF_PASSWORD, which is not set",
    );
  }
  return { login, password, communities };
};

/**
 * Creates a station's first staff account (what `--create-staff` does), by
 * {@link createStaffAccount}: the password hashed with scrypt; a login that is taken
 * fails with `AccountExists`.
 */
export const createStaff = (
  store: StoreApi,
  request: CreateStaffRequest,
): Promise<GatewayAccount> => createStaffAccount(store, request);
