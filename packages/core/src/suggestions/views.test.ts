import { describe, expect, it } from "vitest";
import { CourierId } from "../kernel/ids.js";
import { HOUR } from "../kernel/time.js";
import { initialSuggestionState } from "./state.js";
import { summarizeSuggestions } from "./statistics.js";
import {
  courierActor,
  hoursAfterNow,
  onSuggestion,
  POLICY,
  STAFF,
  stepsTo,
  submitSuggestion,
  suggestionAfter,
} from "./testing/fixtures.js";
import { suggestionCourierView, suggestionPublicView, suggestionStaffView } from "./views.js";

const stringsIn = (value: unknown): string[] => {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
};

const withDraftAndSeconds = () =>
  suggestionAfter([
    ...stepsTo.acknowledged(),
    { command: onSuggestion("SecondSuggestion"), actor: courierActor("c-2") },
    { command: onSuggestion("SecondSuggestion"), actor: courierActor("c-3") },
    {
      command: onSuggestion("DraftSuggestionResponse", {
        response: { kind: "decline", reason: "内部草稿" },
      }),
      actor: STAFF,
    },
  ]);

describe("suggestionPublicView", () => {
  it("hides the author unless they chose to be shown", () => {
    const hidden = suggestionPublicView(suggestionAfter(stepsTo.submitted()), POLICY.suggestions);
    expect(hidden).toBeDefined();
    expect(stringsIn(hidden)).not.toContain("c-1");
    const shown = suggestionPublicView(
      suggestionAfter([{ command: submitSuggestion({ showAuthor: true }), actor: courierActor() }]),
      POLICY.suggestions,
    );
    expect(shown?.authorId).toBe("c-1");
  });

  it("shows neither drafts, nor seconders, nor the staff who acted", () => {
    const view = suggestionPublicView(withDraftAndSeconds(), POLICY.suggestions);
    const strings = stringsIn(view);
    expect(strings).not.toContain("内部草稿");
    expect(strings).not.toContain("c-2");
    expect(strings).not.toContain("s-1");
    expect(view).not.toHaveProperty("secondCount");
  });

  it("shows the published response and the follow-through", () => {
    const view = suggestionPublicView(
      suggestionAfter([
        ...stepsTo.adopted(),
        { command: onSuggestion("RecordSuggestionProgress", { note: "已采购" }), actor: STAFF },
      ]),
      POLICY.suggestions,
    );
    expect(view?.response).toMatchObject({ kind: "adopt", text: "12 月底前增设两个充电柜" });
    expect(view?.progress.map((entry) => entry.note)).toEqual(["已采购"]);
    expect(view?.topicName.en).toBe("Station services");
  });

  it("shows nothing for a withdrawn or unknown suggestion", () => {
    expect(
      suggestionPublicView(suggestionAfter(stepsTo.withdrawn()), POLICY.suggestions),
    ).toBeUndefined();
    expect(suggestionPublicView(initialSuggestionState(), POLICY.suggestions)).toBeUndefined();
  });
});

describe("suggestionCourierView", () => {
  it("tells a courier whether it is theirs, whether they seconded and whether they can", () => {
    const state = withDraftAndSeconds();
    expect(suggestionCourierView(state, POLICY.suggestions, CourierId.parse("c-1"))).toMatchObject({
      mine: true,
      secondedByMe: false,
      canSecond: false,
    });
    expect(suggestionCourierView(state, POLICY.suggestions, CourierId.parse("c-2"))).toMatchObject({
      mine: false,
      secondedByMe: true,
      canSecond: false,
    });
    expect(suggestionCourierView(state, POLICY.suggestions, CourierId.parse("c-4"))).toMatchObject({
      mine: false,
      secondedByMe: false,
      canSecond: true,
    });
    expect(
      suggestionCourierView(
        suggestionAfter(stepsTo.answered()),
        POLICY.suggestions,
        CourierId.parse("c-4"),
      )?.canSecond,
    ).toBe(false);
  });
});

describe("suggestionStaffView", () => {
  it("shows the author, the seconding count, the draft and the first response", () => {
    const view = suggestionStaffView(withDraftAndSeconds(), POLICY.suggestions, hoursAfterNow(4));
    expect(view).toMatchObject({
      authorId: "c-1",
      secondCount: 2,
      seconders: ["c-2", "c-3"],
      firstResponseAfterMillis: 3 * HOUR,
      firstResponseOverdue: false,
    });
    expect(view?.draft?.response).toEqual({ kind: "decline", reason: "内部草稿" });
  });

  it("marks a suggestion still without a response after the policy's days as overdue", () => {
    const submitted = suggestionAfter(stepsTo.submitted());
    expect(
      suggestionStaffView(submitted, POLICY.suggestions, hoursAfterNow(24 * 7))
        ?.firstResponseOverdue,
    ).toBe(false);
    expect(
      suggestionStaffView(submitted, POLICY.suggestions, hoursAfterNow(24 * 7 + 1))
        ?.firstResponseOverdue,
    ).toBe(true);
    expect(
      suggestionStaffView(
        suggestionAfter(stepsTo.acknowledged()),
        POLICY.suggestions,
        hoursAfterNow(24 * 30),
      )?.firstResponseOverdue,
    ).toBe(false);
    expect(
      suggestionStaffView(initialSuggestionState(), POLICY.suggestions, hoursAfterNow(1)),
    ).toBeUndefined();
  });
});

describe("summarizeSuggestions", () => {
  it("counts by status and topic, adopted, completed, seconds and times to first response", () => {
    const second = suggestionAfter([
      {
        command: submitSuggestion({ suggestionId: "sg-2", topic: "safety-and-rights" }),
        actor: courierActor("c-5"),
      },
      {
        command: onSuggestion("AnswerSuggestion", { suggestionId: "sg-2", answer: "已反馈" }),
        actor: STAFF,
        now: hoursAfterNow(9),
      },
    ]);
    const summary = summarizeSuggestions(
      [
        withDraftAndSeconds(), // first response after 3 hours
        suggestionAfter(stepsTo.completed()), // after 3 hours
        second, // after 9 hours
        suggestionAfter(stepsTo.withdrawn()),
        suggestionAfter(stepsTo.submitted()),
        initialSuggestionState(),
      ],
      hoursAfterNow(24 * 8),
      POLICY.suggestions,
    );
    expect(summary.total).toBe(5);
    // c-1 made four of them, c-5 one.
    expect(summary.authors).toBe(2);
    expect(summary.byStatus).toMatchObject({
      acknowledged: 1,
      completed: 1,
      answered: 1,
      withdrawn: 1,
      submitted: 1,
    });
    expect(summary.byTopic["safety-and-rights"]?.answered).toBe(1);
    expect(summary.byTopic["station-services"]?.completed).toBe(1);
    expect(summary.adopted).toBe(1);
    expect(summary.completed).toBe(1);
    // One of the five adopted (采纳率).
    expect(summary.adoptionRate).toBe(1 / 5);
    expect(summary.seconds).toBe(2);
    expect(summary.responded).toBe(3);
    expect(summary.averageMillisToFirstResponse).toBe(5 * HOUR);
    expect(summary.medianMillisToFirstResponse).toBe(3 * HOUR);
    expect(summary.overdueFirstResponses).toBe(1);
  });

  it("has no times without responses", () => {
    const summary = summarizeSuggestions([], hoursAfterNow(1), POLICY.suggestions);
    expect(summary.averageMillisToFirstResponse).toBeUndefined();
    expect(summary.medianMillisToFirstResponse).toBeUndefined();
    expect(summary.adoptionRate).toBeUndefined();
  });
});
