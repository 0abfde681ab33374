import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { ActivityCommand, activityCommandTypes } from "../activities/commands.js";
import { CourierCommand, courierCommandTypes } from "../couriers/commands.js";
import { authorize } from "../kernel/access.js";
import { type Actor, Role } from "../kernel/actors.js";
import { CommunityId } from "../kernel/ids.js";
import { PatrolCommand, patrolCommandTypes } from "../patrols/patrol/commands.js";
import { PatrolRouteCommand, patrolRouteCommandTypes } from "../patrols/routes/commands.js";
import { ReportCommand, reportCommandTypes } from "../reports/commands.js";
import { CommunityCommand, communityCommandTypes } from "../stations/community/commands.js";
import { StationCommand, stationCommandTypes } from "../stations/station/commands.js";
import { SuggestionCommand, suggestionCommandTypes } from "../suggestions/commands.js";
import { commandPermissions } from "./permissions.js";

/** Every command union of core, with the list of its types each folder exports. */
const deciders = [
  ["couriers", CourierCommand, courierCommandTypes],
  ["communities", CommunityCommand, communityCommandTypes],
  ["stations", StationCommand, stationCommandTypes],
  ["activities", ActivityCommand, activityCommandTypes],
  ["patrol routes", PatrolRouteCommand, patrolRouteCommandTypes],
  ["patrols", PatrolCommand, patrolCommandTypes],
  ["reports", ReportCommand, reportCommandTypes],
  ["suggestions", SuggestionCommand, suggestionCommandTypes],
] as const;

const typesOf = (union: { readonly options: ReadonlyArray<unknown> }): string[] =>
  union.options.map(
    (option) => (option as { shape: { type: { value: string } } }).shape.type.value,
  );

const coreCommandTypes = deciders.flatMap(([, union]) => typesOf(union));

const JINSHAN = CommunityId.parse("jinshan-wanda");
const SHANYANG = CommunityId.parse("shanyang-town");

describe("the one permission table (role × command × community)", () => {
  it.each(deciders)(
    "lists every %s command, and the folder's list of types is its union",
    (_name, union, types) => {
      const fromUnion = typesOf(union);
      expect([...types].sort()).toEqual([...fromUnion].sort());
      for (const type of fromUnion) {
        expect(Object.hasOwn(commandPermissions, type), type).toBe(true);
        expect(commandPermissions[type]?.length, type).toBeGreaterThan(0);
      }
    },
  );

  it("gives each command type to one decider only", () => {
    expect(new Set(coreCommandTypes).size).toBe(coreCommandTypes.length);
  });

  it("names only roles of the programme, each once per command", () => {
    for (const [type, roles] of Object.entries(commandPermissions)) {
      for (const role of roles) expect(Role.options, type).toContain(role);
      expect(new Set(roles).size, type).toBe(roles.length);
    }
  });

  it("lets auditors read and never send a command", () => {
    for (const roles of Object.values(commandPermissions)) expect(roles).not.toContain("auditor");
  });

  it("allows every listed role in its own community and refuses it in another, for every core command", () => {
    for (const type of coreCommandTypes) {
      for (const role of commandPermissions[type] ?? []) {
        const actor: Actor = { role, id: `${role}-1`, communities: [JINSHAN] };
        expect(Either.isRight(authorize(actor, JINSHAN, type, commandPermissions)), type).toBe(
          true,
        );
        const elsewhere = authorize(actor, SHANYANG, type, commandPermissions);
        if (role === "system") {
          // The services' own flows act for every community.
          expect(Either.isRight(elsewhere), type).toBe(true);
        } else {
          expect(Either.isLeft(elsewhere) && elsewhere.left.reason, type).toBe("community");
        }
      }
    }
  });

  it("refuses every role the table does not list, for every core command, in both languages", () => {
    for (const type of coreCommandTypes) {
      const allowed = commandPermissions[type] ?? [];
      for (const role of Role.options.filter((candidate) => !allowed.includes(candidate))) {
        const actor: Actor = { role, id: `${role}-1`, communities: [JINSHAN] };
        const result = authorize(actor, JINSHAN, type, commandPermissions);
        if (Either.isRight(result)) throw new Error(`${role} may send ${type}`);
        expect(result.left.code).toBe("access.forbidden");
        expect(result.left.reason).toBe("role");
        expect(result.left.text["zh-CN"]).toContain(type);
        expect(result.left.text.en).toContain(type);
      }
    }
  });
});
