import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { accept, refuse, replay } from "./decider.js";
import { streamName } from "./envelope.js";

type CountEvent = { readonly type: "Counted"; readonly data: { readonly by: number } };

const counter = {
  initialState: () => ({ count: 0, seen: [] as ReadonlyArray<number> }),
  evolve: (state: { count: number; seen: ReadonlyArray<number> }, event: CountEvent) => ({
    count: state.count + event.data.by,
    seen: [...state.seen, event.data.by],
  }),
};

describe("accept and refuse", () => {
  it("accept gives the events in order, refuse the failure", () => {
    const first: CountEvent = { type: "Counted", data: { by: 1 } };
    const second: CountEvent = { type: "Counted", data: { by: 2 } };
    expect(accept(first, second)).toEqual(Either.right([first, second]));
    expect(accept()).toEqual(Either.right([]));
    expect(refuse("no")).toEqual(Either.left("no"));
  });
});

describe("replay", () => {
  it("folds events from the initial state, in order", () => {
    const events: CountEvent[] = [1, 2, 3].map((by) => ({ type: "Counted", data: { by } }));
    expect(replay(counter, events)).toEqual({ count: 6, seen: [1, 2, 3] });
    expect(replay(counter, [])).toEqual({ count: 0, seen: [] });
  });
});

describe("streamName", () => {
  it("joins the aggregate and the id", () => {
    expect(streamName("courier", "c-1")).toBe("courier-c-1");
  });
});
