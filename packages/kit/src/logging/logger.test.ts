import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { makeLogger, maskUrlCredentials, redact, redactedValue } from "./logger.js";

const capture = () => {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) {
        if (line.trim() !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, destination };
};

describe("logging", () => {
  it("writes JSON lines with the level, the time, the context and the message", () => {
    const { lines, destination } = capture();
    const logger = makeLogger({ level: "info", context: { service: "registry" }, destination });
    logger
      .child({ community: "jinshan-wanda", commandId: "cmd-1", correlationId: "cmd-1" })
      .info({ courierId: "c-1" }, "courier registered");
    logger.debug("not at this level");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      service: "registry",
      community: "jinshan-wanda",
      commandId: "cmd-1",
      correlationId: "cmd-1",
      courierId: "c-1",
      msg: "courier registered",
    });
    expect(typeof lines[0]?.time).toBe("string");
  });

  it("never writes personal data or secrets, at any depth or in bindings", () => {
    const { lines, destination } = capture();
    const logger = makeLogger({ destination });
    logger.child({ token: "t-secret" }).warn(
      {
        command: {
          type: "RegisterCourier",
          data: {
            courierId: "c-1",
            personal: { realName: "王强", mobile: "13800138000" },
            contacts: [{ Mobile: "13900139000", phoneNumber: "021-1234" }],
          },
        },
        connection: "nats://station:hunter2@nats.local:4222",
      },
      "refused",
    );
    const text = JSON.stringify(lines);
    for (const secret of [
      "王强",
      "13800138000",
      "13900139000",
      "021-1234",
      "t-secret",
      "hunter2",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("c-1");
    expect(text).toContain("nats://station:***@nats.local:4222");
  });

  it("redacts a plain value the same way", () => {
    expect(redact({ a: { personal: { realName: "x" } }, b: [{ password: "p" }], c: 1 })).toEqual({
      a: { personal: redactedValue },
      b: [{ password: redactedValue }],
      c: 1,
    });
    expect(maskUrlCredentials("mongodb://u:p@h:27017/db and nats://h:4222")).toBe(
      "mongodb://u:***@h:27017/db and nats://h:4222",
    );
  });

  it("keeps an error's type, message and stack", () => {
    const { lines, destination } = capture();
    makeLogger({ destination }).error({ err: new TypeError("boom") }, "failed");
    expect(lines[0]?.err).toMatchObject({ type: "TypeError", message: "boom" });
    expect(String((lines[0]?.err as { stack?: string } | undefined)?.stack)).toContain(
      "TypeError: boom",
    );
  });
});
