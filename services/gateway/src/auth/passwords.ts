import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

// scrypt's cost as OWASP recommends it for scrypt (N=2^17, r=8, p=1), in Node's built-in
// implementation; the parameters are kept with each hash so they can be raised later.
const recommendedCostExponent = 17;
const maxmem = 256 * 1024 * 1024;
const keyLength = 32;

/** The variable that lowers scrypt's cost for test runs (see {@link hashingCost}). */
export const testHashingCostVariable = "CS_TEST_PASSWORD_COST";

/**
 * The cost new hashes are made with: OWASP's N=2^17, unless the test runs lower it with
 * `CS_TEST_PASSWORD_COST` (an exponent from 10 to 17) — test suites sign in hundreds of
 * times, each a deliberate half second of work. Anything else in the variable is ignored,
 * and it can never raise nor lower the cost outside that range; hashes keep their own
 * parameters, so those made at a lower cost still verify, and only at that cost.
 *
 * @example
 * hashingCost({}); // { N: 131072, r: 8, p: 1 }
 */
export const hashingCost = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): { readonly N: number; readonly r: number; readonly p: number } => {
  const asked = Number(env[testHashingCostVariable]);
  const exponent =
    Number.isInteger(asked) && asked >= 10 && asked <= recommendedCostExponent
      ? asked
      : recommendedCostExponent;
  return { N: 2 ** exponent, r: 8, p: 1 };
};

const derive = (password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, keyLength, options, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });

/** The shortest password accepted. */
export const minimumPasswordLength = 10;
/** The longest password accepted (scrypt's work grows with it). */
export const maximumPasswordLength = 200;

/**
 * Hashes a password with scrypt and a fresh salt: `scrypt$N$r$p$salt$hash` (base64url).
 * The password itself is never stored.
 *
 * @example
 * const stored = await hashPassword("correct horse battery");
 * await verifyPassword("correct horse battery", stored); // true
 */
export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16);
  const cost = hashingCost();
  const key = await derive(password, salt, { ...cost, maxmem });
  return [
    "scrypt",
    cost.N,
    cost.r,
    cost.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
};

/**
 * Whether a password matches a stored hash, compared in constant time; a malformed hash
 * never matches.
 */
export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || salt === undefined || hash === undefined) return false;
  if (password.length > maximumPasswordLength) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await derive(password, Buffer.from(salt, "base64url"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
};
