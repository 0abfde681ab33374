import { parseInput } from "@courier-station/core";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { TransferNote } from "./transfer.js";

describe("a transfer's note", () => {
  it.each([
    ["a zero-width space only", "\u200B"],
    ["a Hangul filler only", "\u3164"],
    ["a right-to-left override", "补发积分\u202E"],
    ["a terminal escape", "补发积分\u001B[31m"],
    ["a lone surrogate", "补发\uDE00积分"],
  ])("refuses %s, in both languages", (_case, text) => {
    const result = parseInput(TransferNote, text);
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.issues[0]?.message["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
    expect(result.left.issues[0]?.message.en).toMatch(/[a-z]/);
  });

  it("must say something visible, on one or more lines", () => {
    expect(TransferNote.safeParse(" \n\u2800\n ").success).toBe(false);
    expect(TransferNote.parse("补发：\r\n活动签到漏记")).toBe("补发：\n活动签到漏记");
  });

  it("counts visible characters", () => {
    expect(TransferNote.safeParse("👍🏽".repeat(500)).success).toBe(true);
    expect(TransferNote.safeParse("👍🏽".repeat(501)).success).toBe(false);
  });
});
