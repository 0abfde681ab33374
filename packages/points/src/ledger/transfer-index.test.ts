import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { transferIndexOver } from "./transfer-index.js";

describe("the transfer index", () => {
  it("finds every id added and none removed, through growth and removals", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 6 }), fc.constant("remove")), {
          maxLength: 3_000,
        }),
        (steps) => {
          const ids: string[] = [];
          const index = transferIndexOver(ids);
          const model = new Map<string, number>();
          for (const step of steps) {
            if (step === "remove") {
              const last = ids.length - 1;
              if (last < 0) continue;
              index.removeLast(last);
              model.delete(ids[last] as string);
              ids.pop();
            } else if (!model.has(step)) {
              ids.push(step);
              index.add(ids.length - 1);
              model.set(step, ids.length - 1);
            }
          }
          for (const [id, position] of model) expect(index.positionOf(id)).toBe(position);
          expect(index.positionOf("not-an-id-of-this-test")).toBe(-1);
        },
      ),
      { numRuns: 60 },
    );
  });
});
