import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivedId, derivedIdPattern, isDerivedId } from "./derived-id.js";
import { identifierPattern } from "./ids.js";

const part = fc.stringMatching(identifierPattern);

describe("derivedId", () => {
  it("is `d-` and the first 40 hex digits of the SHA-256 of its parts", () => {
    // FIPS 180-2's test vector: SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 …
    expect(derivedId("abc")).toBe("d-ba7816bf8f01cfea414140de5dae2223b00361a3");
  });

  it("is the same for the same parts and a valid identifier in the derived form", () => {
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
        const id = derivedId(...parts);
        expect(id).toBe(derivedId(...parts));
        expect(id).toMatch(identifierPattern);
        expect(id).toMatch(derivedIdPattern);
        expect(isDerivedId(id)).toBe(true);
      }),
    );
  });

  it("tells parts apart however their dashes fall", () => {
    // Joined with `-`, these pairs would be the same text.
    expect(derivedId("a-b", "c")).not.toBe(derivedId("a", "b-c"));
    expect(derivedId("hold-1", "expired")).not.toBe(derivedId("hold", "1-expired"));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.array(part, { minLength: 1, maxLength: 3 }), {
          minLength: 2,
          maxLength: 30,
          selector: (parts) => parts.join("\u0000"),
        }),
        (partLists) => {
          const ids = partLists.map((parts) => derivedId(...parts));
          expect(new Set(ids).size).toBe(ids.length);
        },
      ),
    );
  });

  it("is not mistaken for an id of the caller's own choosing", () => {
    expect(isDerivedId("c-1")).toBe(false);
    expect(isDerivedId("d-1")).toBe(true);
    expect(isDerivedId("D-ba7816bf")).toBe(false);
  });
});
