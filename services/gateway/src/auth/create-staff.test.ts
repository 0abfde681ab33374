import { makeMemoryStore } from "@courier-station/kit";
import { describe, expect, it } from "vitest";
import { passwordSignIn } from "./accounts.js";
import { createStaff, createStaffRequestOf } from "./create-staff.js";

describe("--create-staff", () => {
  it("creates the first staff account from the arguments and CS_STAFF_PASSWORD, which then signs in", async () => {
    const request = createStaffRequestOf(
      ["--create-staff", "wang", "--community", "jinshan-wanda"],
      {
        CS_STAFF_PASSWORD: "a long first passphrase",
      },
    );
    expect(request).toEqual({
      login: "wang",
      password: "a long first passphrase",
      communities: ["jinshan-wanda"],
    });
    const store = makeMemoryStore();
    if (request === undefined) throw new Error("no request");
    const account = await createStaff(store, request);
    expect(account).toMatchObject({
      role: "staff",
      subject: "wang",
      communities: ["jinshan-wanda"],
    });
    expect(await passwordSignIn(store, "wang", "a long first passphrase")).toBeDefined();
    expect(await passwordSignIn(store, "wang", "a wrong passphrase!")).toBeUndefined();
  }, 30_000);

  it("is absent without --create-staff, and names what is missing", () => {
    expect(createStaffRequestOf(["--service", "points"], {})).toBeUndefined();
    expect(() =>
      createStaffRequestOf(["--create-staff", "wang"], { CS_STAFF_PASSWORD: "x" }),
    ).toThrow(/--community/);
    expect(() => createStaffRequestOf(["--create-staff", "wang", "--community", "a"], {})).toThrow(
      /CS_STAFF_PASSWORD/,
    );
  });
});
