import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { authorize } from "./access.js";
import { type Actor, actsIn, systemActor } from "./actors.js";
import { CommunityId } from "./ids.js";

const JINSHAN = CommunityId.parse("jinshan-wanda");
const SHANYANG = CommunityId.parse("shanyang-town");
const table = { VerifyCourier: ["staff"], RecordNoShow: ["system"] } as const;
const staff: Actor = { role: "staff", id: "s-1", communities: [JINSHAN] };

describe("authorize", () => {
  it("allows a listed role in the actor's community", () => {
    expect(authorize(staff, JINSHAN, "VerifyCourier", table)).toEqual(Either.right(undefined));
  });

  it("refuses another community with reason `community`, and an unlisted role with `role`", () => {
    const elsewhere = authorize(staff, SHANYANG, "VerifyCourier", table);
    expect(Either.isLeft(elsewhere) && elsewhere.left.reason).toBe("community");
    const wrongRole = authorize(staff, JINSHAN, "RecordNoShow", table);
    expect(Either.isLeft(wrongRole) && wrongRole.left.reason).toBe("role");
    if (Either.isLeft(wrongRole)) {
      expect(wrongRole.left.text["zh-CN"]).toContain("RecordNoShow");
      expect(wrongRole.left.text.en).toContain("RecordNoShow");
    }
  });

  it("refuses unknown commands and inherited property names", () => {
    for (const type of ["Unknown", "toString", "__proto__", "hasOwnProperty"]) {
      const result = authorize(systemActor("x"), JINSHAN, type, table);
      expect(Either.isLeft(result) && result.left.code).toBe("access.forbidden");
    }
  });
});

describe("actsIn", () => {
  it("puts the system in every community and others in their own", () => {
    expect(actsIn(systemActor("timer"), SHANYANG)).toBe(true);
    expect(actsIn(staff, JINSHAN)).toBe(true);
    expect(actsIn(staff, SHANYANG)).toBe(false);
  });
});
