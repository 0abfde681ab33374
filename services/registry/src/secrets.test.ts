import { CommunityId, CourierId, MobileNumber, RealName } from "@courier-station/core";
import { loadConfig } from "@courier-station/kit";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RegistrySecrets, RegistrySettings, registrySettingsVariables } from "./secrets.js";

const Settings = z.strictObject({ registry: RegistrySettings });
const load = (env: Record<string, string>) =>
  loadConfig({ env, settings: Settings, settingsVariables: registrySettingsVariables });

const owner = { community: CommunityId.parse("jinshan-wanda"), courierId: CourierId.parse("c-1") };
const data = {
  realName: RealName.parse("王小明"),
  mobileNumber: MobileNumber.parse("13800138000"),
};

describe("the registry's secrets", () => {
  it("come from the environment: the seal key with its id, previous keys and the mobile-key secret", () => {
    const config = load({
      CS_SEAL_KEY: "the new seal secret of November",
      CS_SEAL_KEY_ID: "2026-11",
      CS_SEAL_PREVIOUS_KEYS: "default=the seal secret used so far, 2026-05=an=older=secret=",
      CS_MOBILE_KEY_SECRET: "the mobile-number key secret",
    });
    if (Either.isLeft(config)) return expect.fail(config.left.text.en);
    const settings = config.right.settings.registry;
    expect(settings.sealKey).toEqual({ id: "2026-11", secret: "the new seal secret of November" });
    expect(settings.previousSealKeys).toEqual([
      { id: "default", secret: "the seal secret used so far" },
      { id: "2026-05", secret: "an=older=secret=" },
    ]);
    // A value sealed under a previous key still opens; new values use the current one.
    const before = RegistrySecrets.fromSettings(
      RegistrySettings.parse({
        sealKey: { secret: "the seal secret used so far" },
        mobileKeySecret: "the mobile-number key secret",
      }),
    );
    const now = RegistrySecrets.fromSettings(settings);
    const sealed = before.personalData.seal(data, owner);
    expect(Either.getOrThrow(now.personalData.open(sealed, owner)).realName).toBe("王小明");
    expect(now.personalData.seal(data, owner).sealed.startsWith("v2:2026-11:")).toBe(true);
    // Rotating the seal never changes a number's key.
    expect(now.mobileKeyOf(data.mobileNumber)).toBe(before.mobileKeyOf(data.mobileNumber));
  });

  it("refuses short, numeric, shared and repeated secrets, every problem at once, naming the variable", () => {
    const config = load({
      CS_SEAL_KEY: "too short",
      CS_SEAL_PREVIOUS_KEYS: "default=short",
      CS_MOBILE_KEY_SECRET: "12345678901234567890",
    });
    if (Either.isRight(config)) return expect.fail("the secrets should be refused");
    const problems = config.left.problems.map((problem) => problem.variable ?? problem.field);
    expect(problems).toEqual(
      expect.arrayContaining(["CS_SEAL_KEY", "CS_MOBILE_KEY_SECRET", "CS_SEAL_PREVIOUS_KEYS"]),
    );
    expect(config.left.text["zh-CN"]).toContain("至少 16 字节");
    expect(config.left.text.en).toContain("must be text");

    const same = RegistrySettings.safeParse({
      sealKey: { id: "a", secret: "one secret for everything" },
      previousSealKeys: [{ id: "a", secret: "another secret of enough bytes" }],
      mobileKeySecret: "one secret for everything",
    });
    expect(same.success).toBe(false);
    expect(same.error?.issues.map((issue) => issue.path.join("."))).toEqual([
      "previousSealKeys",
      "mobileKeySecret",
    ]);
  });

  it("refuses to start without them", () => {
    const config = load({});
    expect(Either.isLeft(config)).toBe(true);
  });
});
