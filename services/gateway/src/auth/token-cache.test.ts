import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { failureShape } from "../http/problem.js";
import { accessTokenFor, type TokenSettings, tokenVerifier } from "./tokens.js";

/*
 * Verified access tokens are kept so a read does not verify the same signature again;
 * what a token may do must not change by it: past its `exp` it is refused whether it was
 * kept or not, only the exact text verified is trusted, and a token is verified again
 * after the cache's bound.
 */

const settings: TokenSettings = {
  secret: new TextEncoder().encode("a gateway key of at least thirty-two bytes!"),
  accessTokenSeconds: 60,
};
const courier = { subject: "courier-li", role: "courier", communities: ["jinshan-wanda"] } as const;
const start = Date.UTC(2026, 11, 4, 8, 0, 0);

/** A clock the test moves. */
const clock = (at: number) => {
  const state = { at };
  return { state, now: () => state.at };
};

const refusal = async (attempt: Promise<unknown>): Promise<number | undefined> => {
  try {
    await attempt;
    return undefined;
  } catch (failure) {
    return failureShape(failure).status;
  }
};

const districtKey = new TextEncoder().encode("a district identity provider key, 32+ bytes");
const districtIssuer = "https://idp.district.invalid";

/** A district identity provider's token for staff; `exp` seconds after `issuedAt` unless absent. */
const districtToken = (issuedAt: number, lifetimeSeconds: number | undefined): Promise<string> => {
  const jwt = new SignJWT({ roles: ["staff", "courier"], communities: ["jinshan-wanda"] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("staff-zhao")
    .setIssuer(districtIssuer)
    .setIssuedAt(Math.floor(issuedAt / 1000));
  if (lifetimeSeconds !== undefined) {
    jwt.setExpirationTime(Math.floor(issuedAt / 1000) + lifetimeSeconds);
  }
  return jwt.sign(districtKey);
};

/** A verifier accepting the district's tokens, counting how often a key was asked for (one per verification). */
const districtVerifier = (now: () => number, cacheMs?: number) => {
  const asked = { count: 0 };
  const verify = tokenVerifier(
    {
      ...settings,
      external: {
        issuer: districtIssuer,
        keys: async () => {
          asked.count += 1;
          return districtKey;
        },
      },
    },
    { now, ...(cacheMs === undefined ? {} : { cacheMs }) },
  );
  return { verify, asked };
};

describe("the cache of verified access tokens", () => {
  it("refuses a kept token once its exp has passed", async () => {
    const time = clock(start);
    const verify = tokenVerifier(settings, { now: time.now });
    const token = await accessTokenFor(settings, courier, start);
    time.state.at = start + 30_000;
    expect(await verify(token)).toEqual({
      role: "courier",
      id: "courier-li",
      communities: ["jinshan-wanda"],
    });
    time.state.at = start + 59_999;
    expect((await verify(token)).id).toBe("courier-li");
    time.state.at = start + 60_000;
    expect(await refusal(verify(token))).toBe(401);
    // Still refused after the refusal took it out, and from another clock reading.
    time.state.at = start + 61_000;
    expect(await refusal(verify(token))).toBe(401);
  });

  it("verifies a token once, then answers from what it kept until the bound", async () => {
    const time = clock(start);
    const { verify, asked } = districtVerifier(time.now, 10_000);
    const token = await districtToken(start, 3_600);
    await verify(token);
    await verify(token);
    await verify(token, "courier");
    expect(asked.count).toBe(1);
    time.state.at = start + 10_000;
    await verify(token);
    expect(asked.count).toBe(2);
  });

  it("keeps the acting role's rule for a kept token", async () => {
    const time = clock(start);
    const { verify } = districtVerifier(time.now);
    const token = await districtToken(start, 3_600);
    expect((await verify(token)).role).toBe("staff");
    expect((await verify(token, "courier")).role).toBe("courier");
    expect(await refusal(verify(token, "admin"))).toBe(401);
  });

  it("refuses a kept district token past its exp, and never keeps one without exp", async () => {
    const time = clock(start);
    const { verify, asked } = districtVerifier(time.now);
    const token = await districtToken(start, 5);
    await verify(token);
    time.state.at = start + 5_000;
    expect(await refusal(verify(token))).toBe(401);

    const forever = await districtToken(start, undefined);
    const before = asked.count;
    await verify(forever);
    await verify(forever);
    expect(asked.count - before).toBe(2);
  });

  it("trusts only the exact text it verified: a token altered after a kept one is refused", async () => {
    const time = clock(start);
    const verify = tokenVerifier(settings, { now: time.now });
    const token = await accessTokenFor(settings, courier, start);
    await verify(token);
    const [header, , signature] = token.split(".");
    const claims = Buffer.from(
      JSON.stringify({
        roles: ["admin"],
        communities: ["jinshan-wanda"],
        sub: "courier-li",
        iss: "courier-station",
        aud: "courier-station-api",
        iat: Math.floor(start / 1000),
        exp: Math.floor(start / 1000) + 60,
      }),
    ).toString("base64url");
    expect(await refusal(verify(`${header}.${claims}.${signature}`))).toBe(401);
    expect(await refusal(verify(`${token}x`))).toBe(401);
    expect((await verify(token)).role).toBe("courier");
  });

  it("verifies every time when the cache is turned off", async () => {
    const { verify, asked } = districtVerifier(() => start, 0);
    const token = await districtToken(start, 3_600);
    await verify(token);
    await verify(token);
    expect(asked.count).toBe(2);
  });
});
