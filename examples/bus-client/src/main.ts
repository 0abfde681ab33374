import { connect, type Msg } from "@nats-io/transport-node";

/*
 * A district's existing case system talking to a running Courier Station over NATS with
 * nothing but the NATS client: no package of Courier Station's. It follows the report
 * events of its community, registers a courier and has staff verify them, files a sentinel
 * report (民情前哨) for the courier, moves it through its handler, prints each status change
 * as the event arrives, and reads the courier's points once the station has earned them.
 *
 * The contract it relies on is the bus's: requests to `<root>.<community>.<service>.<Endpoint>`
 * with a JSON body, replies `{ ok: true, value }` or `{ ok: false, error }` (and, for a
 * refusal, the micro-service headers `Nats-Service-Error-Code` and `Nats-Service-Error`);
 * events on `<root>.evt.<community>.<aggregate>.<EventType>`.
 */

const servers = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
const root = process.env.CS_SUBJECT_ROOT ?? "cs";
const community = process.env.CS_COMMUNITY ?? "harbour-east";
/** Ids are fixed, so running it again against the same station changes nothing. */
const courierId = "c-harbour-1";
const reportId = "r-harbour-lamp-1";

const staff = { role: "staff", id: "staff-desk-1", communities: [community] };
const courier = { role: "courier", id: courierId, communities: [community] };
const handler = { role: "handler", id: "urban-management", communities: [community] };

/** A reply as the services send it. */
interface Reply {
  readonly ok: boolean;
  readonly value?: Record<string, unknown>;
  readonly error?: {
    readonly code: string;
    readonly message: { readonly en: string; readonly "zh-CN": string };
  };
}

/** What each report event makes of the report's status. */
const statusAfter: Readonly<Record<string, string>> = {
  ReportSubmitted: "submitted",
  ReportAccepted: "accepted",
  ReportRejected: "rejected",
  ReportMarkedDuplicate: "rejected",
  ReportWorkStarted: "in_progress",
  ReportResolved: "resolved",
  ReportClosed: "closed",
  ReportReopened: "reopened",
};

const connection = await connect({ servers, name: "harbour-east-case-system" });
const decoder = new TextDecoder();

/** Lines printed from events, and who waits for one. */
const seen: string[] = [];
const waiters: Array<{ readonly match: RegExp; readonly resolve: () => void }> = [];
const note = (line: string): void => {
  seen.push(line);
  console.log(line);
  for (const waiter of waiters) if (waiter.match.test(line)) waiter.resolve();
};
/** Waits until a printed event line matches, at most `ms`; true when one did. */
const waitFor = (match: RegExp, ms = 15_000): Promise<boolean> =>
  seen.some((line) => match.test(line))
    ? Promise.resolve(true)
    : new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), ms);
        waiters.push({
          match,
          resolve: () => {
            clearTimeout(timer);
            resolve(true);
          },
        });
      });

/** Follows one subject's events, printing each as `describe` words it. */
const follow = (subject: string, describe: (event: Event) => string | undefined): void => {
  const subscription = connection.subscribe(subject);
  (async () => {
    for await (const message of subscription) {
      const line = describe(JSON.parse(decoder.decode(message.data)) as Event);
      if (line !== undefined) note(`event ${message.subject}: ${line}`);
    }
  })();
};

/** The part of an event envelope this system reads. */
interface Event {
  readonly type: string;
  readonly stream: string;
  readonly data: {
    readonly reportId?: string;
    readonly transfer?: {
      readonly amount: number;
      readonly reason: string;
      readonly creditAccount: string;
    };
  };
}

follow(`${root}.evt.${community}.report.>`, (event) => {
  const status = statusAfter[event.type];
  return status === undefined ? undefined : `${event.data.reportId} is now ${status}`;
});
follow(`${root}.evt.${community}.pointsAccount.TransferCreated`, ({ data: { transfer } }) =>
  transfer === undefined
    ? undefined
    : `${transfer.creditAccount} +${transfer.amount} (${transfer.reason})`,
);

/** Sends a request and reads its reply; prints a refusal with its code and headers. */
const request = async (service: string, endpoint: string, body: unknown): Promise<Reply> => {
  const subject = `${root}.${community}.${service}.${endpoint}`;
  const message: Msg = await connection.request(subject, JSON.stringify(body), { timeout: 10_000 });
  const reply = JSON.parse(decoder.decode(message.data)) as Reply;
  if (!reply.ok) {
    const header = message.headers?.get("Nats-Service-Error-Code");
    console.log(
      `${subject}: refused ${reply.error?.code} (Nats-Service-Error-Code ${header})\n  en: ${reply.error?.message.en}\n  中文: ${reply.error?.message["zh-CN"]}`,
    );
  }
  return reply;
};

let applied = 0;
/** Sends a command in its envelope; the command id makes a second run a duplicate. */
const command = async (
  service: string,
  actor: object,
  commandId: string,
  body: { readonly type: string; readonly data: object },
): Promise<Reply> => {
  const reply = await request(service, body.type, { commandId, community, actor, command: body });
  if (reply.ok) {
    console.log(
      `${service}.${body.type}: ${reply.value?.outcome} (version ${reply.value?.version})`,
    );
    if (reply.value?.outcome === "applied" && service === "reports") applied += 1;
  }
  return reply;
};

await command("registry", courier, "harbour-register-1", {
  type: "RegisterCourier",
  data: {
    courierId,
    nickname: "Ahmed",
    realName: "Ahmed Li",
    mobileNumber: "13800138000",
    platforms: ["eleme"],
    employment: "full-time",
    workArea: { description: "Harbour East, piers 1–4" },
    consentPolicyVersion: "2026-01",
    partyMember: false,
  },
});
await command("registry", staff, "harbour-verify-1", {
  type: "VerifyCourier",
  data: { courierId },
});
await command("reports", courier, "harbour-report-1", {
  type: "SubmitReport",
  data: {
    reportId,
    category: "road-damage",
    description: "The streetlight at the pier 3 crossing has been out for three nights",
    location: {
      point: { latitude: 30.7402, longitude: 121.3511, datum: "GCJ-02" },
      address: "Pier 3 crossing, Harbour East",
    },
    observedAt: "2026-11-30T19:30:00+08:00",
  },
});
// The same command id with another body: the station names the field that differs.
await command("reports", courier, "harbour-report-1", {
  type: "SubmitReport",
  data: {
    reportId,
    category: "noise",
    description: "The streetlight at the pier 3 crossing has been out for three nights",
    location: {
      point: { latitude: 30.7402, longitude: 121.3511, datum: "GCJ-02" },
      address: "Pier 3 crossing, Harbour East",
    },
    observedAt: "2026-11-30T19:30:00+08:00",
  },
});
await command("reports", staff, "harbour-accept-1", {
  type: "AcceptReport",
  data: { reportId, note: "Confirmed on the street camera" },
});
await command("reports", handler, "harbour-start-1", {
  type: "StartReportWork",
  data: { reportId },
});
await command("reports", handler, "harbour-resolve-1", {
  type: "ResolveReport",
  data: { reportId, note: "Lamp replaced" },
});

// Each applied change arrives as an event (the outbox relay publishes them); the points
// the station earns for the courier follow the verification and the accepted report.
if (applied > 0) {
  await waitFor(new RegExp(`${reportId} is now resolved`));
  await waitFor(/\+\d+ \(report\)/);
}

const balance = await request("points", "GetPointsBalance", { actor: staff, courierId });
console.log(`points of ${courierId} / 积分: ${JSON.stringify(balance.value)}`);
await connection.drain();
