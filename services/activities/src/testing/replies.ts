import type { CommandReply } from "@courier-station/contracts";
import type { Reply } from "@courier-station/kit";
import { expect } from "vitest";

/** Asserts a reply is a success and returns its value. */
export const answered = <Value = unknown>(reply: Reply<unknown>): Value => {
  if (!reply.ok) {
    throw new Error(
      `expected a success, got ${reply.status} ${reply.error.code}: ${reply.error.message.en}`,
    );
  }
  return reply.value as Value;
};

/** Asserts a command was applied now and returns its reply. */
export const applied = (reply: Reply<unknown>): CommandReply => {
  const value = answered<CommandReply>(reply);
  expect(value.outcome).toBe("applied");
  return value;
};

/**
 * Asserts a refusal: its code and status, and its message in both languages. Returns the
 * error report.
 */
export const refused = (reply: Reply<unknown>, code: string, status: number) => {
  if (reply.ok) throw new Error(`expected ${code}, got a success: ${JSON.stringify(reply.value)}`);
  expect(reply.error.code).toBe(code);
  expect(reply.status).toBe(status);
  expect(reply.error.message["zh-CN"].length).toBeGreaterThan(0);
  expect(reply.error.message.en.length).toBeGreaterThan(0);
  expect(reply.error.message["zh-CN"]).not.toBe(reply.error.message.en);
  return reply.error;
};
