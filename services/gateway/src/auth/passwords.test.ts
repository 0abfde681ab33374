import { describe, expect, it } from "vitest";
import { hashingCost, hashPassword, testHashingCostVariable, verifyPassword } from "./passwords.js";

describe("password hashing", () => {
  it("uses OWASP's scrypt cost unless a test run lowers it within 2^10..2^17", () => {
    expect(hashingCost({})).toEqual({ N: 131_072, r: 8, p: 1 });
    expect(hashingCost({ [testHashingCostVariable]: "12" }).N).toBe(4_096);
    // Nothing outside the range, and nothing that is not a whole exponent, changes it.
    for (const asked of ["9", "18", "30", "12.5", "-1", "", "abc"]) {
      expect(hashingCost({ [testHashingCostVariable]: asked }).N, asked).toBe(131_072);
    }
  });

  it("keeps the cost with each hash, so a hash verifies at the cost it was made with", async () => {
    const stored = await hashPassword("correct horse battery");
    const [scheme, n, r, p] = stored.split("$");
    expect([scheme, Number(n), Number(r), Number(p)]).toEqual(["scrypt", hashingCost().N, 8, 1]);
    expect(stored).not.toContain("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(await verifyPassword("correct horse battery", stored.replace("scrypt", "md5"))).toBe(
      false,
    );
  });
});
