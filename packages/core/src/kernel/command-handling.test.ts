import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type Actor, systemActor } from "./actors.js";
import { type AggregateRecord, handleCommand, newAggregateRecord } from "./command-handling.js";
import { accept, type Decider, refuse } from "./decider.js";
import { derivedId } from "./derived-id.js";
import { type CommandEnvelope, commandEnvelopeOf, EventEnvelope } from "./envelope.js";
import { DomainError } from "./errors.js";
import { CommandId, CommunityId, sequentialIds } from "./ids.js";
import { localized } from "./localized-text.js";
import { MINUTE, manualClock } from "./time.js";

/*
 * A tiny decider of its own, so that these tests are about handleCommand alone: a tally
 * that adds amounts, refuses amounts over its limit, and ignores zero; `Set` moves the
 * total to a value, a no-op when it is there already.
 */
type TallyCommand =
  | { readonly type: "Add"; readonly data: { readonly tallyId: string; readonly amount: number } }
  | { readonly type: "Split"; readonly data: { readonly tallyId: string; readonly parts: number } }
  | { readonly type: "Set"; readonly data: { readonly tallyId: string; readonly total: number } };
type TallyEvent = { readonly type: "Added"; readonly data: { readonly amount: number } };
interface TallyState {
  readonly total: number;
}
class TooMuch extends DomainError("TooMuch", {
  code: "tally.too_much",
  httpStatus: 422,
  text: (props: { readonly amount: number }) =>
    localized(`数额 ${props.amount} 过大`, `The amount ${props.amount} is too large`),
}) {}

const tally: Decider<TallyCommand, TallyState, TallyEvent, TooMuch> = {
  aggregate: "tally",
  idOf: (command) => command.data.tallyId,
  permissions: {
    Add: ["staff", "system"],
    Split: ["staff"],
    Set: ["staff"],
  },
  initialState: () => ({ total: 0 }),
  decide: (command, state) => {
    if (command.type === "Set") {
      if (command.data.total === state.total) return accept();
      return accept({ type: "Added", data: { amount: command.data.total - state.total } });
    }
    if (command.type === "Split") {
      return accept<TallyEvent>(
        ...Array.from({ length: command.data.parts }, () => ({
          type: "Added" as const,
          data: { amount: 1 },
        })),
      );
    }
    if (command.data.amount > 100) return refuse(new TooMuch({ amount: command.data.amount }));
    if (command.data.amount === 0) return accept();
    return accept({ type: "Added", data: { amount: command.data.amount } });
  },
  evolve: (state, event) => ({ total: state.total + event.data.amount }),
};

const JINSHAN = CommunityId.parse("jinshan-wanda");
const SHANYANG = CommunityId.parse("shanyang-town");
const staff: Actor = { role: "staff", id: "s-1", communities: [JINSHAN] };

const setup = () => {
  const clock = manualClock("2026-11-28T02:00:00.000Z");
  const runtime = { clock, ids: sequentialIds("evt"), facts: {} };
  const record = newAggregateRecord(tally, JINSHAN, "t-1");
  const send = (
    current: AggregateRecord<TallyState>,
    command: TallyCommand,
    options: Partial<CommandEnvelope<TallyCommand>> = {},
  ) =>
    handleCommand(
      tally,
      current,
      {
        commandId: CommandId.parse("cmd-1"),
        community: JINSHAN,
        actor: staff,
        command,
        ...options,
      },
      runtime,
    );
  return { clock, record, send };
};

const add = (amount: number): TallyCommand => ({ type: "Add", data: { tallyId: "t-1", amount } });

const applied = <Outcome>(outcome: Either.Either<Outcome, unknown>): Outcome => {
  if (Either.isLeft(outcome)) throw new Error(`expected acceptance: ${String(outcome.left)}`);
  return outcome.right;
};

const refusedWith = (outcome: Either.Either<unknown, unknown>, code: string) => {
  if (Either.isRight(outcome)) throw new Error("expected a refusal");
  const error = outcome.left as { code: string; text: { "zh-CN": string; en: string } };
  expect(error.code).toBe(code);
  expect(error.text["zh-CN"].length).toBeGreaterThan(0);
  expect(error.text.en.length).toBeGreaterThan(0);
  return outcome.left;
};

describe("handleCommand: authorisation", () => {
  it("runs a command the actor's role may send in their community", () => {
    const { record, send } = setup();
    const outcome = applied(send(record, add(5)));
    expect(outcome.kind).toBe("applied");
    expect(outcome.record.state).toEqual({ total: 5 });
  });

  it("refuses a role the table does not list", () => {
    const { record, send } = setup();
    const courier: Actor = { role: "courier", id: "c-1", communities: [JINSHAN] };
    const error = refusedWith(send(record, add(5), { actor: courier }), "access.forbidden");
    expect(error).toMatchObject({ _tag: "Forbidden", reason: "role", role: "courier" });
  });

  it("refuses a command the decider's table gives no role", () => {
    const { record, send } = setup();
    const runtime = { clock: manualClock("2026-11-28T02:00:00Z"), ids: sequentialIds(), facts: {} };
    const envelope = {
      commandId: CommandId.parse("cmd-1"),
      community: JINSHAN,
      actor: staff,
      command: add(5),
    };
    const nobodyAdds = { ...tally, permissions: { ...tally.permissions, Add: [] } };
    refusedWith(handleCommand(nobodyAdds, record, envelope, runtime), "access.forbidden");
    // A key inherited from Object.prototype is not a permission either.
    refusedWith(
      send(record, { type: "constructor", data: { tallyId: "t-1", amount: 1 } } as never),
      "access.forbidden",
    );
  });

  it("refuses every command of a decider built without a table (in plain JavaScript)", () => {
    const { record } = setup();
    const { permissions: _table, ...withoutTable } = tally;
    const outcome = handleCommand(
      withoutTable as unknown as typeof tally,
      record,
      { commandId: CommandId.parse("cmd-1"), community: JINSHAN, actor: staff, command: add(5) },
      { clock: manualClock("2026-11-28T02:00:00Z"), ids: sequentialIds(), facts: {} },
    );
    refusedWith(outcome, "access.forbidden");
  });

  it("refuses an actor of another community", () => {
    const { record, send } = setup();
    const error = refusedWith(send(record, add(5), { community: SHANYANG }), "access.forbidden");
    expect(error).toMatchObject({ reason: "community", community: SHANYANG });
  });

  it("lets the system act in every community", () => {
    const { record, send } = setup();
    const elsewhere = newAggregateRecord(tally, SHANYANG, "t-1");
    const system = systemActor("points-earning");
    expect(applied(send(record, add(5), { actor: system })).kind).toBe("applied");
    expect(applied(send(elsewhere, add(5), { actor: system, community: SHANYANG })).kind).toBe(
      "applied",
    );
  });
});

describe("handleCommand: idempotency by commandId", () => {
  it("returns `duplicate` for the same command again, changing nothing", () => {
    const { record, send } = setup();
    const first = applied(send(record, add(5)));
    const again = applied(send(first.record, add(5)));
    expect(again.kind).toBe("duplicate");
    expect(again.record).toBe(first.record);
    if (again.kind === "duplicate") expect(again.receipt).toBe(first.receipt);
  });

  it("treats the same body with keys in another order as the same command", () => {
    const { record, send } = setup();
    const first = applied(send(record, add(5)));
    const reordered = { data: { amount: 5, tallyId: "t-1" }, type: "Add" } as TallyCommand;
    expect(applied(send(first.record, reordered)).kind).toBe("duplicate");
  });

  it("refuses the same id with another body, naming the field", () => {
    const { record, send } = setup();
    const first = applied(send(record, add(5)));
    const error = refusedWith(send(first.record, add(6)), "command.id_conflict");
    expect(error).toMatchObject({ commandId: "cmd-1", field: "command.data.amount" });
    expect((error as { text: { en: string } }).text.en).toContain("command.data.amount");
  });

  it("refuses the same id from another actor, naming the actor", () => {
    const { record, send } = setup();
    const first = applied(send(record, add(5)));
    const colleague: Actor = { role: "staff", id: "s-2", communities: [JINSHAN] };
    const error = refusedWith(
      send(first.record, add(5), { actor: colleague }),
      "command.id_conflict",
    );
    expect(error).toMatchObject({ field: "actor" });
  });

  it("refuses the same id with another command type, naming the type", () => {
    const { record, send } = setup();
    const first = applied(send(record, add(5)));
    const error = refusedWith(
      send(first.record, { type: "Split", data: { tallyId: "t-1", parts: 5 } }),
      "command.id_conflict",
    );
    expect((error as { field: string }).field).toMatch(/^command\./);
  });

  it("leaves no receipt and no events for a refused command, so the id can be sent again", () => {
    const { record, send } = setup();
    refusedWith(send(record, add(500)), "tally.too_much");
    const retried = applied(send(record, add(5)));
    expect(retried.kind).toBe("applied");
    expect(retried.record.receipts).toHaveLength(1);
  });

  it("keeps a receipt of a command accepted with no events, with state and version as they were", () => {
    const { clock, record, send } = setup();
    const first = applied(send(record, add(5)));
    clock.advance(MINUTE);
    const noOp = applied(send(first.record, add(0), { commandId: CommandId.parse("cmd-2") }));
    if (noOp.kind !== "applied") throw new Error("expected applied");
    expect(noOp.events).toEqual([]);
    expect(noOp.receipt).toEqual({
      commandId: "cmd-2",
      body: expect.any(String),
      eventIds: [],
      version: 1,
      at: "2026-11-28T02:01:00.000Z",
    });
    expect(noOp.record).toEqual({ ...first.record, receipts: [first.receipt, noOp.receipt] });
  });

  it("answers a no-op sent again `duplicate` after the state changed, instead of undoing the change", () => {
    const { record, send } = setup();
    const set = (total: number) => ({ type: "Set", data: { tallyId: "t-1", total } }) as const;
    const five = applied(send(record, set(5), { commandId: CommandId.parse("cmd-1") }));
    const noOp = applied(send(five.record, set(5), { commandId: CommandId.parse("cmd-2") }));
    if (noOp.kind !== "applied") throw new Error("expected applied");
    expect(noOp.events).toEqual([]);
    // Someone else changes the total; then the no-op is retried.
    const eight = applied(send(noOp.record, add(3), { commandId: CommandId.parse("cmd-3") }));
    expect(eight.record.state).toEqual({ total: 8 });
    const retried = applied(send(eight.record, set(5), { commandId: CommandId.parse("cmd-2") }));
    expect(retried.kind).toBe("duplicate");
    expect(retried.record).toBe(eight.record);
    if (retried.kind === "duplicate") expect(retried.receipt).toEqual(noOp.receipt);
    // The same id with another body is still a conflict.
    const error = refusedWith(
      send(eight.record, set(6), { commandId: CommandId.parse("cmd-2") }),
      "command.id_conflict",
    );
    expect(error).toMatchObject({ commandId: "cmd-2", field: "command.data.total" });
  });
});

describe("handleCommand: the version the sender saw (If-Match)", () => {
  const at = (version: number, id = "t-1") => ({ expected: { aggregate: "tally", id, version } });

  it("runs a command sent with the version the aggregate is at", () => {
    const { record, send } = setup();
    const first = applied(send(record, add(5)));
    const second = applied(
      send(first.record, add(2), { commandId: CommandId.parse("cmd-2"), ...at(1) }),
    );
    expect(second.kind).toBe("applied");
    expect(second.record.state).toEqual({ total: 7 });
    expect(second.record.version).toBe(2);
  });

  it("refuses a command sent with a version the aggregate has moved on from, naming both, and changes nothing", () => {
    const { record, send } = setup();
    const first = applied(send(record, add(5)));
    const outcome = send(first.record, add(2), { commandId: CommandId.parse("cmd-2"), ...at(0) });
    const error = refusedWith(outcome, "command.version_precondition_failed");
    expect(error).toMatchObject({ _tag: "VersionPreconditionFailed", httpStatus: 412 });
    expect((error as { text: { en: string } }).text.en).toContain("tally t-1 v1");
    expect(first.record.state).toEqual({ total: 5 });
  });

  it("refuses a version of another instance of the aggregate", () => {
    const { record, send } = setup();
    refusedWith(send(record, add(2), at(0, "t-2")), "command.version_precondition_failed");
  });

  it("answers a retry of an applied command as a duplicate, though the aggregate moved past the version it names", () => {
    const { record, send } = setup();
    const first = applied(send(record, add(5), at(0)));
    const retry = applied(send(first.record, add(5), at(0)));
    expect(retry.kind).toBe("duplicate");
  });

  it("parses the expected version at the edge and refuses a malformed one", () => {
    const schema = commandEnvelopeOf(z.object({ type: z.literal("Add"), data: z.unknown() }));
    const envelope = {
      commandId: "cmd-1",
      community: "jinshan-wanda",
      actor: staff,
      command: add(1),
    };
    expect(schema.safeParse({ ...envelope, ...at(3) }).success).toBe(true);
    expect(
      schema.safeParse({ ...envelope, expected: { aggregate: "tally", id: "t-1", version: -1 } })
        .success,
    ).toBe(false);
    expect(
      schema.safeParse({ ...envelope, expected: { aggregate: "Tally-x", id: "t-1", version: 1 } })
        .success,
    ).toBe(false);
  });
});

describe("handleCommand: envelopes", () => {
  it("gives each event a fresh id, the next versions and the command's metadata", () => {
    const { clock, record, send } = setup();
    const first = applied(send(record, add(5)));
    clock.advance(5 * MINUTE);
    const second = applied(
      send(
        first.record,
        { type: "Split", data: { tallyId: "t-1", parts: 3 } },
        {
          commandId: CommandId.parse("cmd-2"),
        },
      ),
    );
    if (second.kind !== "applied") throw new Error("expected applied");
    const events = [...(first.kind === "applied" ? first.events : []), ...second.events];
    expect(events.map((event) => event.id)).toEqual([
      "evt-000001",
      "evt-000002",
      "evt-000003",
      "evt-000004",
    ]);
    expect(events.map((event) => event.version)).toEqual([1, 2, 3, 4]);
    for (const event of second.events) {
      expect(event).toMatchObject({
        aggregate: "tally",
        stream: "tally-t-1",
        community: JINSHAN,
        actor: staff,
        time: "2026-11-28T02:05:00.000Z",
        causationId: "cmd-2",
        correlationId: "cmd-2",
      });
      expect(EventEnvelope.parse(event)).toEqual(event);
    }
    expect(second.record.version).toBe(4);
    expect(second.receipt).toEqual({
      commandId: "cmd-2",
      body: expect.any(String),
      eventIds: ["evt-000002", "evt-000003", "evt-000004"],
      version: 4,
      at: "2026-11-28T02:05:00.000Z",
    });
  });

  it("keeps the causation and correlation ids a flow gives", () => {
    const { record, send } = setup();
    const outcome = applied(
      send(record, add(5), { causationId: "evt-earlier", correlationId: "flow-7" }),
    );
    if (outcome.kind !== "applied") throw new Error("expected applied");
    expect(outcome.events[0]).toMatchObject({
      causationId: "evt-earlier",
      correlationId: "flow-7",
    });
  });

  it("does not change the record it was given", () => {
    const { record, send } = setup();
    const before = JSON.stringify(record);
    applied(send(record, add(5)));
    expect(JSON.stringify(record)).toBe(before);
  });

  it("parses command envelopes strictly at the edge", () => {
    const schema = commandEnvelopeOf(z.strictObject({ type: z.literal("Add"), data: z.unknown() }));
    const envelope = {
      commandId: "cmd-1",
      community: "jinshan-wanda",
      actor: staff,
      command: { type: "Add", data: {} },
    };
    expect(schema.safeParse(envelope).success).toBe(true);
    expect(schema.safeParse({ ...envelope, extra: 1 }).success).toBe(false);
    expect(schema.safeParse({ ...envelope, commandId: "a.b" }).success).toBe(false);
    expect(schema.safeParse({ ...envelope, community: "Jinshan" }).success).toBe(false);
  });
});

describe("handleCommand: properties", () => {
  it("any command sent again with its id changes nothing, a no-op too; the state counts each id once", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.integer({ min: 1, max: 8 }),
            amount: fc.integer({ min: 0, max: 120 }),
          }),
          { maxLength: 40 },
        ),
        (sends) => {
          const { record: initial, send } = setup();
          let record = initial;
          const firstAccepted = new Map<number, number>();
          for (const { id, amount } of sends) {
            const commandId = CommandId.parse(`cmd-${id}`);
            const outcome = send(record, add(amount), { commandId });
            if (Either.isLeft(outcome)) {
              const code = (outcome.left as { code: string }).code;
              // A conflict only for an id already accepted with another amount.
              if (code === "command.id_conflict") {
                expect(firstAccepted.has(id) && firstAccepted.get(id) !== amount).toBe(true);
              } else {
                expect(code).toBe("tally.too_much");
              }
              continue;
            }
            if (outcome.right.kind === "duplicate") {
              expect(firstAccepted.get(id)).toBe(amount);
              expect(outcome.right.record).toBe(record);
              continue;
            }
            // Every accepted id is remembered, a no-op (amount 0) too.
            firstAccepted.set(id, amount);
            expect(outcome.right.receipt.commandId).toBe(commandId);
            record = outcome.right.record;
            const again = send(record, add(amount), { commandId });
            expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
          }
          const amounts = [...firstAccepted.values()];
          expect(record.state.total).toBe(amounts.reduce((sum, amount) => sum + amount, 0));
          expect(record.version).toBe(amounts.filter((amount) => amount > 0).length);
          expect(record.receipts.map((receipt) => receipt.commandId).sort()).toEqual(
            [...firstAccepted.keys()].map((id) => `cmd-${id}`).sort(),
          );
        },
      ),
    );
  });
});

describe("handleCommand: the decision context", () => {
  it("tells the decider the command id it decides under", () => {
    const seen: Array<string | undefined> = [];
    const watching: Decider<TallyCommand, TallyState, TallyEvent, TooMuch> = {
      ...tally,
      decide: (command, state, context) => {
        seen.push(context.commandId);
        return tally.decide(command, state, context);
      },
    };
    const runtime = {
      clock: manualClock("2026-11-28T02:00:00Z"),
      ids: sequentialIds(),
      facts: {},
    };
    applied(
      handleCommand(
        watching,
        newAggregateRecord(watching, JINSHAN, "t-1"),
        { commandId: CommandId.parse("cmd-7"), community: JINSHAN, actor: staff, command: add(1) },
        runtime,
      ),
    );
    expect(seen).toEqual(["cmd-7"]);
  });
});

describe("handleCommand: derived command ids", () => {
  it("keeps command ids in the derived namespace for the system's flows", () => {
    const { record, send } = setup();
    // The id a flow derives for its own command on this aggregate, taken first by a caller,
    // would make the flow's command a conflict.
    const flowCommandId = CommandId.parse(derivedId("station-visits", "visit", "evt-1"));
    const error = refusedWith(
      send(record, add(5), { commandId: flowCommandId }),
      "access.forbidden",
    );
    expect(error).toMatchObject({ reason: "command_id", role: "staff" });
    expect((error as { text: { en: string } }).text.en).toContain("'d-'");
    const byFlow = applied(
      send(record, add(5), { commandId: flowCommandId, actor: systemActor("station-visits") }),
    );
    expect(byFlow.kind).toBe("applied");
  });
});
