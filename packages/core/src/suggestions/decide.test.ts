import { describe, expect, it } from "vitest";
import { systemActor } from "../kernel/actors.js";
import { HOUR } from "../kernel/time.js";
import { decideSuggestion } from "./decide.js";
import { evolveSuggestion } from "./evolve.js";
import { initialSuggestionState, type Suggestion, type SuggestionState } from "./state.js";
import {
  activeCourier,
  contextOf,
  courierActor,
  eventsOf,
  expectRefusal,
  hoursAfterNow,
  NOW,
  onSuggestion,
  policyWith,
  STAFF,
  stepsTo,
  submitSuggestion,
  suggestionAfter,
} from "./testing/fixtures.js";

const asSuggestion = (state: SuggestionState): Suggestion => {
  if (state.status === "none") throw new Error("expected a submitted suggestion");
  return state;
};

const after = (state: SuggestionState, events: ReturnType<typeof eventsOf>): Suggestion =>
  asSuggestion(events.reduce(evolveSuggestion, state));

describe("SubmitSuggestion", () => {
  it("records the suggestion with the acting courier as author, hidden by default", () => {
    const events = eventsOf(
      decideSuggestion(submitSuggestion(), initialSuggestionState(), contextOf(courierActor())),
    );
    expect(events).toEqual([
      {
        type: "SuggestionSubmitted",
        data: {
          suggestionId: "sg-1",
          authorId: "c-1",
          topic: "station-services",
          text: "希望驿站增设电瓶车充电柜",
          showAuthor: false,
          submittedAt: NOW,
        },
      },
    ]);
  });

  it("refuses an id that already exists", () => {
    expectRefusal(
      decideSuggestion(
        submitSuggestion(),
        suggestionAfter(stepsTo.submitted()),
        contextOf(courierActor()),
      ),
      "suggestion.already_submitted",
    );
  });

  it("refuses a courier who is not active, or without facts", () => {
    expectRefusal(
      decideSuggestion(
        submitSuggestion(),
        initialSuggestionState(),
        contextOf(courierActor(), { courier: { ...activeCourier(), status: "registered" } }),
      ),
      "suggestion.courier_not_active",
    );
    expectRefusal(
      decideSuggestion(submitSuggestion(), initialSuggestionState(), {
        ...contextOf(STAFF),
        actor: courierActor(),
      }),
      "suggestion.courier_not_active",
    );
  });

  it("accepts every topic of the policy and refuses others", () => {
    for (const topic of [
      "safety-and-rights",
      "community-governance",
      "platform-and-work",
      "other",
    ]) {
      eventsOf(
        decideSuggestion(
          submitSuggestion({ topic }),
          initialSuggestionState(),
          contextOf(courierActor()),
        ),
      );
    }
    expectRefusal(
      decideSuggestion(
        submitSuggestion({ topic: "weather" }),
        initialSuggestionState(),
        contextOf(courierActor()),
      ),
      "suggestion.unknown_topic",
    );
  });

  it("holds the text to the policy's length", () => {
    const policy = policyWith({ suggestions: { maxTextLength: 20 } });
    eventsOf(
      decideSuggestion(
        submitSuggestion({ text: "长".repeat(20) }),
        initialSuggestionState(),
        contextOf(courierActor(), { policy }),
      ),
    );
    expectRefusal(
      decideSuggestion(
        submitSuggestion({ text: "长".repeat(21) }),
        initialSuggestionState(),
        contextOf(courierActor(), { policy }),
      ),
      "suggestion.text_too_long",
    );
  });
});

describe("SecondSuggestion", () => {
  it("lets another active courier second an open suggestion once", () => {
    const state = suggestionAfter(stepsTo.acknowledged());
    const events = eventsOf(
      decideSuggestion(onSuggestion("SecondSuggestion"), state, contextOf(courierActor("c-2"))),
    );
    expect(events).toEqual([
      {
        type: "SuggestionSeconded",
        data: { suggestionId: "sg-1", courierId: "c-2", secondedAt: NOW },
      },
    ]);
    const seconded = after(state, events);
    expect(seconded.seconders).toEqual(["c-2"]);
    expectRefusal(
      decideSuggestion(onSuggestion("SecondSuggestion"), seconded, contextOf(courierActor("c-2"))),
      "suggestion.already_seconded",
    );
  });

  it("refuses the author seconding their own suggestion", () => {
    expectRefusal(
      decideSuggestion(
        onSuggestion("SecondSuggestion"),
        suggestionAfter(stepsTo.submitted()),
        contextOf(courierActor("c-1")),
      ),
      "suggestion.own_suggestion",
    );
  });

  it("refuses a courier who is not active", () => {
    expectRefusal(
      decideSuggestion(
        onSuggestion("SecondSuggestion"),
        suggestionAfter(stepsTo.submitted()),
        contextOf(courierActor("c-2"), { courier: { ...activeCourier("c-2"), status: "left" } }),
      ),
      "suggestion.courier_not_active",
    );
  });

  it("refuses seconding once the suggestion has been answered", () => {
    expectRefusal(
      decideSuggestion(
        onSuggestion("SecondSuggestion"),
        suggestionAfter(stepsTo.adopted()),
        contextOf(courierActor("c-2")),
      ),
      "suggestion.transition_not_allowed",
    );
  });

  it("refuses a suggestion that does not exist", () => {
    expectRefusal(
      decideSuggestion(
        onSuggestion("SecondSuggestion"),
        initialSuggestionState(),
        contextOf(courierActor("c-2")),
      ),
      "suggestion.not_found",
    );
  });
});

describe("WithdrawSuggestion", () => {
  it("lets the author withdraw before an answer, dropping any draft", () => {
    const state = suggestionAfter([
      ...stepsTo.acknowledged(),
      {
        command: onSuggestion("DraftSuggestionResponse", {
          response: { kind: "decline", reason: "暂无场地" },
        }),
        actor: STAFF,
      },
    ]);
    const events = eventsOf(
      decideSuggestion(
        onSuggestion("WithdrawSuggestion", { reason: "已自行解决" }),
        state,
        contextOf(courierActor()),
      ),
    );
    const withdrawn = after(state, events);
    expect(withdrawn.status).toBe("withdrawn");
    expect(withdrawn.withdrawal?.reason).toBe("已自行解决");
    expect(withdrawn.draft).toBeUndefined();
  });

  it("refuses anyone but the author", () => {
    expectRefusal(
      decideSuggestion(
        onSuggestion("WithdrawSuggestion"),
        suggestionAfter(stepsTo.submitted()),
        contextOf(courierActor("c-2")),
      ),
      "suggestion.not_author",
    );
  });

  it("refuses once answered", () => {
    expectRefusal(
      decideSuggestion(
        onSuggestion("WithdrawSuggestion"),
        suggestionAfter(stepsTo.answered()),
        contextOf(courierActor()),
      ),
      "suggestion.transition_not_allowed",
    );
  });
});

describe("AcknowledgeSuggestion", () => {
  it("is the first response and records the time since submission", () => {
    const state = suggestionAfter(stepsTo.submitted());
    const events = eventsOf(
      decideSuggestion(
        onSuggestion("AcknowledgeSuggestion", { note: "已收到，会在周例会讨论" }),
        state,
        contextOf(STAFF, { now: hoursAfterNow(5) }),
      ),
    );
    expect(events[0]).toMatchObject({
      type: "SuggestionAcknowledged",
      data: { authorId: "c-1", by: "s-1", firstResponseAfterMillis: 5 * HOUR },
    });
    const acknowledged = after(state, events);
    expect(acknowledged.firstResponseAt).toBe(hoursAfterNow(5));
    expect(acknowledged.firstResponseAfterMillis).toBe(5 * HOUR);
  });

  it("refuses a suggestion already acknowledged", () => {
    expectRefusal(
      decideSuggestion(
        onSuggestion("AcknowledgeSuggestion"),
        suggestionAfter(stepsTo.acknowledged()),
        contextOf(STAFF),
      ),
      "suggestion.transition_not_allowed",
    );
  });

  it("holds the note to the policy's response length", () => {
    const policy = policyWith({ suggestions: { maxResponseLength: 20 } });
    expectRefusal(
      decideSuggestion(
        onSuggestion("AcknowledgeSuggestion", { note: "好".repeat(21) }),
        suggestionAfter(stepsTo.submitted()),
        contextOf(STAFF, { policy }),
      ),
      "suggestion.text_too_long",
    );
  });
});

describe("answering, adopting and declining", () => {
  it("adopts with the plan; the event carries what points needs and the first response", () => {
    const state = suggestionAfter(stepsTo.submitted());
    const events = eventsOf(
      decideSuggestion(
        onSuggestion("AdoptSuggestion", { plan: "增设充电柜" }),
        state,
        contextOf(STAFF, { now: hoursAfterNow(30) }),
      ),
    );
    // The contract points relies on.
    expect(events[0]).toMatchObject({
      type: "SuggestionAdopted",
      data: {
        suggestionId: "sg-1",
        authorId: "c-1",
        topic: "station-services",
        plan: "增设充电柜",
        adoptedAt: hoursAfterNow(30),
        firstResponseAfterMillis: 30 * HOUR,
      },
    });
    expect(after(state, events).response).toMatchObject({ kind: "adopt", text: "增设充电柜" });
  });

  it("does not count a later response as the first one", () => {
    const state = suggestionAfter(stepsTo.acknowledged());
    const events = eventsOf(
      decideSuggestion(
        onSuggestion("DeclineSuggestion", { reason: "不在社区职权内" }),
        state,
        contextOf(STAFF, { now: hoursAfterNow(10) }),
      ),
    );
    expect(events[0]?.data).not.toHaveProperty("firstResponseAfterMillis");
    const declined = after(state, events);
    expect(declined.status).toBe("declined");
    expect(declined.firstResponseAfterMillis).toBe(3 * HOUR);
  });

  it("answers", () => {
    const state = suggestionAfter(stepsTo.submitted());
    const events = eventsOf(
      decideSuggestion(
        onSuggestion("AnswerSuggestion", { answer: "平台规则已反馈给站点" }),
        state,
        contextOf(STAFF),
      ),
    );
    expect(after(state, events).status).toBe("answered");
  });

  it("refuses a second response", () => {
    for (const command of [
      onSuggestion("AnswerSuggestion", { answer: "x" }),
      onSuggestion("AdoptSuggestion", { plan: "x" }),
      onSuggestion("DeclineSuggestion", { reason: "x" }),
    ]) {
      expectRefusal(
        decideSuggestion(command, suggestionAfter(stepsTo.declined()), contextOf(STAFF)),
        "suggestion.transition_not_allowed",
      );
    }
  });

  it("refuses a response longer than the policy allows", () => {
    const policy = policyWith({ suggestions: { maxResponseLength: 20 } });
    expectRefusal(
      decideSuggestion(
        onSuggestion("AdoptSuggestion", { plan: "计".repeat(21) }),
        suggestionAfter(stepsTo.submitted()),
        contextOf(STAFF, { policy }),
      ),
      "suggestion.text_too_long",
    );
  });
});

describe("drafts", () => {
  it("keeps a draft for staff, replaces it when drafted again, and publishes the last one", () => {
    const drafted = suggestionAfter([
      ...stepsTo.submitted(),
      {
        command: onSuggestion("DraftSuggestionResponse", {
          response: { kind: "answer", answer: "初稿" },
        }),
        actor: STAFF,
      },
      {
        command: onSuggestion("DraftSuggestionResponse", {
          response: { kind: "adopt", plan: "定稿：增设充电柜" },
        }),
        actor: STAFF,
      },
    ]);
    const draft = asSuggestion(drafted);
    expect(draft.status).toBe("submitted");
    expect(draft.draft?.response).toEqual({ kind: "adopt", plan: "定稿：增设充电柜" });
    expect(draft.firstResponseAt).toBeUndefined();
    const events = eventsOf(
      decideSuggestion(
        onSuggestion("PublishSuggestionResponse"),
        drafted,
        contextOf(STAFF, { now: hoursAfterNow(8) }),
      ),
    );
    expect(events[0]).toMatchObject({
      type: "SuggestionAdopted",
      data: { plan: "定稿：增设充电柜", authorId: "c-1", firstResponseAfterMillis: 8 * HOUR },
    });
    const published = after(drafted, events);
    expect(published.status).toBe("adopted");
    expect(published.draft).toBeUndefined();
  });

  it("refuses to publish or discard without a draft", () => {
    const state = suggestionAfter(stepsTo.submitted());
    expectRefusal(
      decideSuggestion(onSuggestion("PublishSuggestionResponse"), state, contextOf(STAFF)),
      "suggestion.no_draft",
    );
    expectRefusal(
      decideSuggestion(onSuggestion("DiscardSuggestionResponseDraft"), state, contextOf(STAFF)),
      "suggestion.no_draft",
    );
  });

  it("discards a draft", () => {
    const drafted = suggestionAfter([
      ...stepsTo.submitted(),
      {
        command: onSuggestion("DraftSuggestionResponse", {
          response: { kind: "decline", reason: "x" },
        }),
        actor: STAFF,
      },
    ]);
    const events = eventsOf(
      decideSuggestion(onSuggestion("DiscardSuggestionResponseDraft"), drafted, contextOf(STAFF)),
    );
    expect(after(drafted, events).draft).toBeUndefined();
  });

  it("refuses a draft once answered", () => {
    expectRefusal(
      decideSuggestion(
        onSuggestion("DraftSuggestionResponse", { response: { kind: "answer", answer: "x" } }),
        suggestionAfter(stepsTo.answered()),
        contextOf(STAFF),
      ),
      "suggestion.transition_not_allowed",
    );
  });
});

describe("follow-through", () => {
  it("records progress on an adopted suggestion until it is completed", () => {
    const state = suggestionAfter([
      ...stepsTo.adopted(),
      {
        command: onSuggestion("RecordSuggestionProgress", { note: "已采购" }),
        actor: STAFF,
        now: hoursAfterNow(60),
      },
    ]);
    expect(asSuggestion(state).progress.map((entry) => entry.note)).toEqual(["已采购"]);
    const events = eventsOf(
      decideSuggestion(
        onSuggestion("CompleteSuggestion", { note: "已安装投用" }),
        state,
        contextOf(STAFF, { now: hoursAfterNow(90) }),
      ),
    );
    expect(events[0]).toMatchObject({ type: "SuggestionCompleted", data: { authorId: "c-1" } });
    expect(after(state, events).status).toBe("completed");
  });

  it("refuses progress on a suggestion that was not adopted", () => {
    expectRefusal(
      decideSuggestion(
        onSuggestion("RecordSuggestionProgress", { note: "x" }),
        suggestionAfter(stepsTo.answered()),
        contextOf(STAFF),
      ),
      "suggestion.transition_not_allowed",
    );
  });

  it("refuses to complete twice", () => {
    expectRefusal(
      decideSuggestion(
        onSuggestion("CompleteSuggestion", { note: "x" }),
        suggestionAfter(stepsTo.completed()),
        contextOf(STAFF),
      ),
      "suggestion.transition_not_allowed",
    );
  });

  it("refuses a progress note longer than the policy allows", () => {
    const policy = policyWith({ suggestions: { maxResponseLength: 20 } });
    expectRefusal(
      decideSuggestion(
        onSuggestion("RecordSuggestionProgress", { note: "进".repeat(21) }),
        suggestionAfter(stepsTo.adopted()),
        contextOf(STAFF, { policy }),
      ),
      "suggestion.text_too_long",
    );
  });
});

describe("FlagSuggestionResponseOverdue", () => {
  const SYSTEM = systemActor("reports-timer");
  const afterDue = hoursAfterNow(7 * 24 + 1);

  it("flags a suggestion still waiting for its first response after the policy's days, once", () => {
    const submitted = suggestionAfter(stepsTo.submitted());
    const events = eventsOf(
      decideSuggestion(
        onSuggestion("FlagSuggestionResponseOverdue"),
        submitted,
        contextOf(SYSTEM, { now: afterDue }),
      ),
    );
    expect(events).toEqual([
      {
        type: "SuggestionResponseBecameOverdue",
        data: {
          suggestionId: "sg-1",
          topic: "station-services",
          submittedAt: NOW,
          dueAt: hoursAfterNow(7 * 24),
          flaggedAt: afterDue,
        },
      },
    ]);
    const flagged = events.reduce(evolveSuggestion, submitted);
    expect(flagged.status !== "none" && flagged.responseOverdueFlaggedAt).toBe(afterDue);
    expect(flagged.status !== "none" && flagged.updatedAt).toBe(NOW);
    const again = decideSuggestion(
      onSuggestion("FlagSuggestionResponseOverdue"),
      flagged,
      contextOf(SYSTEM, { now: hoursAfterNow(30 * 24) }),
    );
    expectRefusal(again, "suggestion.response_not_overdue");
  });

  it("refuses a suggestion within its response time, responded to, or withdrawn", () => {
    for (const [steps, now] of [
      [stepsTo.submitted(), hoursAfterNow(7 * 24 - 1)],
      [stepsTo.acknowledged(), afterDue],
      [stepsTo.answered(), afterDue],
      [stepsTo.withdrawn(), afterDue],
    ] as const) {
      expectRefusal(
        decideSuggestion(
          onSuggestion("FlagSuggestionResponseOverdue"),
          suggestionAfter(steps),
          contextOf(SYSTEM, { now }),
        ),
        "suggestion.response_not_overdue",
      );
    }
  });

  it("counts the days of the policy in force when it decides", () => {
    const submitted = suggestionAfter(stepsTo.submitted());
    const quick = policyWith({ suggestions: { firstResponseDays: 2 } });
    const events = eventsOf(
      decideSuggestion(
        onSuggestion("FlagSuggestionResponseOverdue"),
        submitted,
        contextOf(SYSTEM, { now: hoursAfterNow(49), policy: quick }),
      ),
    );
    expect(events[0]?.data).toMatchObject({ dueAt: hoursAfterNow(48) });
  });
});
