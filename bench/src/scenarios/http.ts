import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import * as gateway from "@courier-station/service-gateway";
import {
  type GatewayHandle,
  type GatewayStartOptions,
  startGatewayIfBuilt,
} from "@courier-station/station";
import { z } from "zod";
import { closedLoop } from "../latency.js";
import { type BenchContext, type BenchRow, measured, type Scenario } from "../scenario.js";
import { mainThreadCpuMs, settle } from "../settle.js";
import { benchCommunity, type Stack, startStack } from "../stack.js";

/*
 * Scenario 4, HTTP: the gateway under autocannon, embedded — the station program's own
 * `startStation` (SQLite, in-process bus) with the gateway started beside it as `npm
 * start` starts it, listening on a local port. Couriers are signed in as couriers are
 * (a code asked for, the code the SMS sender was given, the sign-in), registered,
 * verified and granted points, all over HTTP. Then, per repeat:
 *
 * - read: `GET /couriers/{courierId}/points` with each courier's bearer token, the
 *   couriers taken in turn, by several connections for a fixed time;
 * - write: a new activity planned, published and started by staff, then every courier
 *   checks in to it once by its code (`POST /activities/{activityId}/check-ins`): each
 *   request a new check-in, not an idempotent replay. The check-ins the gateway answered
 *   2xx must then all be on the activity's roster, read back over HTTP.
 *
 * autocannon runs in a worker thread, so the load generator does not take the server's
 * event loop; it is a closed loop (each connection sends its next request when the last
 * one is answered), so its latencies are those of that many outstanding requests.
 */

interface Plan {
  /**
   * Couriers signed in, registered, verified and given points; each checks in once per
   * repeat. Their access tokens live 15 minutes: a run longer than that would be answered
   * 401, which the rows of non-2xx answers show.
   */
  readonly couriers: number;
  /** How long the read runs, per repeat. */
  readonly readSeconds: number;
  /** autocannon's connections, for the read and the write. */
  readonly connections: number;
  /** Seeding requests outstanding at once. */
  readonly seedConcurrency: number;
  /** How long each measure of the station's idle CPU lasts (taken out of the figures per request). */
  readonly idleSeconds: number;
  /** The longest the seeding's aftermath is waited for before measuring. */
  readonly settleSeconds: number;
}

/** The sizes of the HTTP scenario (the smoke test reads them). */
export const httpSizes: Readonly<Record<"full" | "smoke", Plan>> = {
  full: {
    couriers: 300,
    readSeconds: 10,
    connections: 10,
    seedConcurrency: 16,
    idleSeconds: 1,
    settleSeconds: 60,
  },
  smoke: {
    couriers: 8,
    readSeconds: 0.5,
    connections: 4,
    seedConcurrency: 8,
    idleSeconds: 0.5,
    settleSeconds: 1,
  },
};

/** The points each courier is granted before the read, and the balance it must answer. */
const granted = 100;
const stationId = "wanda-bench";
const checkInCode = "2468";

/*
 * Staff sign in through a district's identity provider (the gateway's `externalIdentity`),
 * whose tokens the bench signs itself: a password sign-in costs two scrypt hashes of
 * seconds each on a loaded machine, which the smoke test cannot spend.
 */
const identityProvider = "https://idp.bench.invalid";
const identityKey = new TextEncoder().encode("the identity provider key of the benchmarks only");

/** A district identity provider's token (HS256) for the community's staff, valid an hour. */
const staffToken = (): string => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const issuedAt = Math.floor(Date.now() / 1_000);
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part({
    iss: identityProvider,
    sub: "staff-bench",
    roles: ["staff"],
    communities: [benchCommunity],
    iat: issuedAt,
    exp: issuedAt + 3_600,
  })}`;
  return `${unsigned}.${createHmac("sha256", identityKey).update(unsigned).digest("base64url")}`;
};

/** The station's gateway on a local port, its sign-in codes kept instead of sent. */
interface BenchGateway {
  readonly handle: GatewayHandle;
  readonly codes: ReadonlyMap<string, string>;
}

const startBenchGateway = async (stack: Stack): Promise<BenchGateway> => {
  const codes = new Map<string, string>();
  const started = await startGatewayIfBuilt(
    stack.station,
    async () => ({
      startGateway: (options: GatewayStartOptions) =>
        gateway.startGateway({
          ...options,
          host: "127.0.0.1",
          secret: "the gateway secret of the benchmarks only, 32+ chars",
          externalIdentity: { issuer: identityProvider, keys: async () => identityKey },
          // The SMS port the gateway accepts: the code a courier would receive.
          smsSender: {
            sendSignInCode: async ({ mobileNumber, code }) => {
              codes.set(mobileNumber, code);
            },
          },
          // Every request comes from one address here; the per-client limit (600 a
          // minute) would otherwise refuse all but the first few hundred.
          overrides: { requestsPerMinute: 100_000_000 },
        }),
    }),
    { webRoot: undefined, port: 0 },
  );
  if (started.kind !== "started") throw new Error(`the gateway did not start: ${started.kind}`);
  return { handle: started.gateway, codes };
};

/** A JSON request to the gateway; an answer other than 2xx fails with its status and body. */
const api = async (
  base: string,
  method: "GET" | "POST",
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<unknown> => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return text === "" ? undefined : JSON.parse(text);
};

const at = (path: string): string => `/v1/communities/${benchCommunity}${path}`;

const SignedIn = z.object({ accessToken: z.string(), subject: z.string() });
const Balance = z.object({ balance: z.number() });
const RosterPage = z.object({
  items: z.array(z.object({ courierId: z.string(), attendance: z.string().optional() })),
  next: z.string().optional(),
});

/** The couriers the activity's roster holds as checked in by code, every page read. */
const storedCheckIns = async (base: string, staff: string, activityId: string): Promise<number> => {
  const couriers = new Set<string>();
  let page: string | undefined = at(`/activities/${activityId}/roster?status=attended&limit=200`);
  while (page !== undefined) {
    const { items, next } = RosterPage.parse(await api(base, "GET", page, staff));
    for (const item of items) if (item.attendance === "check-in") couriers.add(item.courierId);
    page = next;
  }
  return couriers.size;
};

/** A courier as the load generator uses them. */
interface BenchCourier {
  readonly courierId: string;
  readonly token: string;
}

/** Staff's token, the station opened; every courier signed in, registered, verified, granted points. */
const seed = async (
  bench: BenchGateway,
  plan: Plan,
  context: BenchContext,
): Promise<{ readonly staff: string; readonly couriers: readonly BenchCourier[] }> => {
  const base = bench.handle.url;
  const staff = staffToken();
  await api(base, "POST", at("/stations"), staff, {
    stationId,
    name: { "zh-CN": "金山万达商圈党群服务站", en: "Jinshan Wanda Community Station" },
    address: { "zh-CN": "上海市金山区龙山路 555 号", en: "555 Longshan Road, Jinshan, Shanghai" },
    location: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
    openingHours: { kind: "weekly", days: { monday: [{ from: "09:00", to: "21:00" }] } },
    amenities: { standard: ["charging", "drinking-water", "microwave"] },
  });
  const couriers: BenchCourier[] = [];
  const began = performance.now();
  await closedLoop(plan.seedConcurrency, plan.couriers, async (index) => {
    const mobileNumber = `139${String(index).padStart(8, "0")}`;
    await api(base, "POST", "/v1/auth/codes", undefined, {
      community: benchCommunity,
      mobileNumber,
    });
    const code = bench.codes.get(mobileNumber);
    if (code === undefined) throw new Error(`no sign-in code was sent to ${mobileNumber}`);
    const signedIn = SignedIn.parse(
      await api(base, "POST", "/v1/auth/code-sign-ins", undefined, {
        community: benchCommunity,
        mobileNumber,
        code,
      }),
    );
    const courierId = signedIn.subject;
    await api(base, "POST", at("/couriers"), signedIn.accessToken, {
      courierId,
      nickname: `骑手${index}`,
      realName: "王小明",
      mobileNumber,
      platforms: ["meituan"],
      employment: "full-time",
      consentPolicyVersion: "2026-01",
      stationId,
    });
    await api(base, "POST", at(`/couriers/${courierId}/verification`), staff, {});
    await api(base, "POST", at("/points-adjustments"), staff, {
      transferId: `bench-http-grant-${index}`,
      courierId,
      direction: "grant",
      amount: granted,
      note: "benchmark grant",
    });
    couriers.push({ courierId, token: signedIn.accessToken });
  });
  context.progress(
    `${plan.couriers.toLocaleString("en")} couriers signed in, registered, verified and granted points in ${((performance.now() - began) / 1_000).toFixed(1)} s`,
  );
  // The read must measure a real answer: a courier's balance is what was granted.
  const [first] = couriers;
  if (first === undefined) throw new Error("no courier was seeded");
  const balance = Balance.parse(
    await api(base, "GET", at(`/couriers/${first.courierId}/points`), first.token),
  ).balance;
  // Registering may earn points of its own (the policy's), a moment later: at least the grant.
  if (balance < granted) throw new Error(`a courier's balance is ${balance}, below ${granted}`);
  return { staff, couriers };
};

/** What a run of autocannon gave, as the worker reports it. */
const LoadResult = z.object({
  /** Seconds from the first request to the last answer. */
  seconds: z.number(),
  ok: z.number(),
  non2xx: z.number(),
  errors: z.number(),
  timeouts: z.number(),
  p50: z.number(),
  p99: z.number(),
  statusCodes: z.record(z.string(), z.number()),
  firstFailure: z.string().optional(),
});
type LoadResult = z.infer<typeof LoadResult>;

const WorkerAnswer = z.union([z.object({ result: LoadResult }), z.object({ failure: z.string() })]);

/*
 * The worker's program (CommonJS, run with `eval`): autocannon with one dynamic request
 * whose `setupRequest` takes the next prepared request — a courier's path, token and
 * body — in turn, shared by all connections, so no two requests of a write repeat.
 */
const workerProgram = `
const { parentPort, workerData } = require("node:worker_threads");
const autocannon = require(workerData.autocannon);
const { url, method, paths, tokens, bodies, connections, duration, amount } = workerData;
let next = 0;
let firstFailure;
const setupRequest = (request) => {
  const index = next++ % paths.length;
  const headers = { ...request.headers, authorization: "Bearer " + tokens[index] };
  if (bodies) headers["content-type"] = "application/json";
  return { ...request, method, path: paths[index], headers, body: bodies ? bodies[index] : undefined };
};
const onResponse = (status, body) => {
  if ((status < 200 || status > 299) && firstFailure === undefined) {
    firstFailure = status + " " + String(body).slice(0, 300);
  }
};
const began = performance.now();
autocannon({
  url,
  connections,
  ...(amount ? { amount } : { duration }),
  requests: [{ setupRequest, onResponse }],
}).then(
  (raw) => {
    const seconds = (performance.now() - began) / 1000;
    // In a worker thread autocannon answers as one of its own workers would, with the
    // histograms encoded: aggregated here as its main thread would.
    const result = raw.latency ? raw : autocannon.aggregateResult([raw], { url, connections });
    const statusCodes = {};
    for (const [code, stats] of Object.entries(result.statusCodeStats)) statusCodes[code] = stats.count;
    parentPort.postMessage({ result: {
      seconds,
      ok: result["2xx"],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      p50: result.latency.p50,
      p99: result.latency.p99,
      statusCodes,
      ...(firstFailure === undefined ? {} : { firstFailure }),
    } });
  },
  (error) => parentPort.postMessage({ failure: String(error && error.stack || error) }),
);
`;

const autocannonPath = createRequire(import.meta.url).resolve("autocannon");

/** Runs autocannon in a worker thread over the prepared requests, for a time or a count. */
const load = (options: {
  readonly url: string;
  readonly method: "GET" | "POST";
  readonly requests: ReadonlyArray<{
    readonly path: string;
    readonly token: string;
    readonly body?: string;
  }>;
  readonly connections: number;
  readonly limit: { readonly seconds: number } | { readonly amount: number };
}): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(workerProgram, {
      eval: true,
      workerData: {
        autocannon: autocannonPath,
        url: options.url,
        method: options.method,
        paths: options.requests.map((request) => request.path),
        tokens: options.requests.map((request) => request.token),
        bodies: options.requests.some((request) => request.body !== undefined)
          ? options.requests.map((request) => request.body ?? "")
          : undefined,
        connections: options.connections,
        ...("seconds" in options.limit
          ? { duration: options.limit.seconds }
          : { amount: options.limit.amount }),
      },
    });
    worker.once("message", (message: unknown) => {
      const answer = WorkerAnswer.parse(message);
      void worker.terminate();
      if ("failure" in answer) reject(new Error(`autocannon failed: ${answer.failure}`));
      else resolve(answer.result);
    });
    worker.once("error", reject);
  });

/** The status codes other than 2xx and the first refusal, for a note. */
const failuresOf = (result: LoadResult): string =>
  [
    ...Object.entries(result.statusCodes)
      .filter(([code]) => !code.startsWith("2"))
      .map(([code, count]) => `${count} × ${code}`),
    ...(result.errors > 0 ? [`${result.errors} socket errors`] : []),
    ...(result.timeouts > 0 ? [`${result.timeouts} timeouts`] : []),
    ...(result.firstFailure === undefined ? [] : [`first: ${result.firstFailure}`]),
  ].join("; ");

/** Plans, publishes and starts an activity anyone may check in to without signing up. */
const startActivity = async (base: string, staff: string, activityId: string): Promise<void> => {
  const now = Date.now();
  await api(base, "POST", at("/activities"), staff, {
    activityId,
    details: {
      title: "社区小哥见面会",
      kind: "community-event",
      organiser: { kind: "station", stationId },
      stationId,
      place: { description: "服务站一楼" },
      // Starting in five minutes: within the check-in tolerance, so it starts now.
      startsAt: new Date(now + 5 * 60_000).toISOString(),
      endsAt: new Date(now + 2 * 3_600_000).toISOString(),
      signUpRequired: false,
      volunteerHours: 1,
    },
    // Runs whatever the hour of the run: the delivery peak hours do not apply.
    peakHoursOverride: { reason: "benchmark run at any hour" },
  });
  await api(base, "POST", at(`/activities/${activityId}/publication`), staff, {});
  await api(base, "POST", at(`/activities/${activityId}/start`), staff, { checkInCode });
};

/**
 * Waits for the work the seeding started to end — registrations and grants start flows
 * (welcome points, notifications, statistics) that the relay delivers for a while after
 * the last answer — so that it does not run under the first read, and returns what the
 * main thread then spends idle (the relay's polls, timers), in ms of CPU per ms; undefined
 * where `/proc` does not say.
 */
const settleStation = async (plan: Plan, context: BenchContext): Promise<number | undefined> => {
  const { busyness, seconds } = await settle({
    sampleSeconds: plan.idleSeconds,
    maxSeconds: plan.settleSeconds,
  });
  const rate = busyness.cpuShare;
  if (rate !== undefined) {
    context.progress(
      `settled after ${seconds.toFixed(1)} s: the idle station uses ${(rate * 100).toFixed(1)} % of a core`,
    );
  }
  return rate;
};

/** Runs a load and says what CPU of the main thread each answer cost, less the idle rate. */
const withCpu = async (
  idleRate: number | undefined,
  run: () => Promise<LoadResult>,
): Promise<{ readonly result: LoadResult; readonly cpuMsPerRequest?: number }> => {
  const from = mainThreadCpuMs();
  const began = performance.now();
  const result = await run();
  const to = mainThreadCpuMs();
  const answered = result.ok + result.non2xx;
  if (idleRate === undefined || from === undefined || to === undefined || answered === 0) {
    return { result };
  }
  const background = idleRate * (performance.now() - began);
  return { result, cpuMsPerRequest: Math.max(0, to - from - background) / answered };
};

interface Samples {
  readRate: number[];
  readP50: number[];
  readP99: number[];
  readFailed: number[];
  readCpu: number[];
  writeRate: number[];
  writeP50: number[];
  writeP99: number[];
  writeFailed: number[];
  writeCpu: number[];
  answered: number[];
  stored: number[];
  failures: string[];
}

const measure = async (
  bench: BenchGateway,
  plan: Plan,
  context: BenchContext,
): Promise<Samples> => {
  const base = bench.handle.url;
  const { staff, couriers } = await seed(bench, plan, context);
  const samples: Samples = {
    readRate: [],
    readP50: [],
    readP99: [],
    readFailed: [],
    readCpu: [],
    writeRate: [],
    writeP50: [],
    writeP99: [],
    writeFailed: [],
    writeCpu: [],
    answered: [],
    stored: [],
    failures: [],
  };
  const idleRate = await settleStation(plan, context);
  for (let repeat = 0; repeat < context.repeats; repeat++) {
    const { result: read, cpuMsPerRequest: readCpu } = await withCpu(idleRate, () =>
      load({
        url: base,
        method: "GET",
        requests: couriers.map(({ courierId, token }) => ({
          path: at(`/couriers/${courierId}/points`),
          token,
        })),
        connections: plan.connections,
        limit: { seconds: plan.readSeconds },
      }),
    );
    if (readCpu !== undefined) samples.readCpu.push(readCpu);
    samples.readRate.push(read.ok / read.seconds);
    samples.readP50.push(read.p50);
    samples.readP99.push(read.p99);
    samples.readFailed.push(read.non2xx + read.errors + read.timeouts);
    if (failuresOf(read) !== "") samples.failures.push(`read: ${failuresOf(read)}`);
    context.progress(
      `read: ${Math.round(read.ok / read.seconds).toLocaleString("en")} req/s, p50 ${read.p50} ms, p99 ${read.p99} ms, ${read.non2xx + read.errors + read.timeouts} failed, ${readCpu?.toFixed(2) ?? "?"} ms CPU each`,
    );

    const activityId = `bench-http-${repeat + 1}`;
    await startActivity(base, staff, activityId);
    const { result: write, cpuMsPerRequest: writeCpu } = await withCpu(idleRate, () =>
      load({
        url: base,
        method: "POST",
        requests: couriers.map(({ courierId, token }) => ({
          path: at(`/activities/${activityId}/check-ins`),
          token,
          body: JSON.stringify({ courierId, code: checkInCode }),
        })),
        connections: plan.connections,
        limit: { amount: couriers.length },
      }),
    );
    if (writeCpu !== undefined) samples.writeCpu.push(writeCpu);
    const stored = await storedCheckIns(base, staff, activityId);
    samples.writeRate.push(write.ok / write.seconds);
    samples.writeP50.push(write.p50);
    samples.writeP99.push(write.p99);
    samples.writeFailed.push(write.non2xx + write.errors + write.timeouts);
    samples.answered.push(write.ok);
    samples.stored.push(stored);
    if (failuresOf(write) !== "") samples.failures.push(`write: ${failuresOf(write)}`);
    context.progress(
      `write: ${Math.round(write.ok / write.seconds).toLocaleString("en")} check-ins/s, p50 ${write.p50} ms, p99 ${write.p99} ms, ${write.ok} answered 2xx, ${stored} stored, ${write.non2xx + write.errors + write.timeouts} failed, ${writeCpu?.toFixed(2) ?? "?"} ms CPU each`,
    );
    if (stored !== write.ok) {
      throw new Error(
        `${write.ok} check-ins were answered 2xx but the activity holds ${stored} (${failuresOf(write)})`,
      );
    }
  }
  return samples;
};

const label = "embedded";

/** The main thread's CPU per request, where the system says it: what a core would serve. */
const cpuRow = (cpu: readonly number[], side: "read" | "write"): BenchRow[] => {
  if (cpu.length === 0) return [];
  const perRequest = measured(cpu);
  return [
    {
      scenario: "http",
      measure: `${side}: CPU of the station's thread per request, ${label}`,
      value: perRequest,
      unit: "ms",
      note: `the main thread's CPU time (gateway, services, store, relay; not the load generator) over the answers, less its idle rate: a core of this machine given to it alone would answer about ${Math.round(1_000 / Math.max(perRequest.median, 0.001)).toLocaleString("en")} a second, whatever else shares the cores — an estimate, not a measured rate`,
    },
  ];
};

const rowsOf = (plan: Plan, samples: Samples): BenchRow[] => {
  const readRate = measured(samples.readRate);
  const readP99 = measured(samples.readP99);
  const setting = `autocannon, ${plan.connections} connections (closed loop), from a worker thread of the same process`;
  const failed = samples.failures.length === 0 ? "" : `; ${samples.failures.join(" | ")}`;
  return [
    {
      scenario: "http",
      measure: `read (a courier's balance) req/s, ${label}`,
      value: readRate,
      unit: "req/s",
      goal: "≥ 2,000",
      met: readRate.median >= 2_000,
      note: `GET /couriers/{courierId}/points with each courier's token, ${plan.couriers.toLocaleString("en")} couriers in turn, ${plan.readSeconds} s; ${setting}; only 2xx answers counted`,
    },
    {
      scenario: "http",
      measure: `read p50, ${label}`,
      value: measured(samples.readP50),
      unit: "ms",
    },
    {
      scenario: "http",
      measure: `read p99, ${label}`,
      value: readP99,
      unit: "ms",
      goal: "< 20",
      met: readP99.median < 20,
      note: `latencies of ${plan.connections} outstanding requests (closed loop)`,
    },
    {
      scenario: "http",
      measure: `read non-2xx and errors, ${label}`,
      value: measured(samples.readFailed),
      unit: "requests",
      note: `answers other than 2xx, socket errors and timeouts${failed}`,
    },
    ...cpuRow(samples.readCpu, "read"),
    {
      scenario: "http",
      measure: `write (check-in by code) check-ins/s, ${label}`,
      value: measured(samples.writeRate),
      unit: "check-ins/s",
      note: `POST /activities/{activityId}/check-ins, ${plan.couriers.toLocaleString("en")} couriers each checking in once to a new activity per repeat (every request a new check-in on the one activity); ${setting}; only 2xx answers counted`,
    },
    {
      scenario: "http",
      measure: `write p50, ${label}`,
      value: measured(samples.writeP50),
      unit: "ms",
    },
    {
      scenario: "http",
      measure: `write p99, ${label}`,
      value: measured(samples.writeP99),
      unit: "ms",
    },
    {
      scenario: "http",
      measure: `write non-2xx and errors, ${label}`,
      value: measured(samples.writeFailed),
      unit: "requests",
      note: `answers other than 2xx, socket errors and timeouts${failed}`,
    },
    ...cpuRow(samples.writeCpu, "write"),
    {
      scenario: "http",
      measure: `check-ins answered 2xx per repeat, ${label}`,
      value: measured(samples.answered),
      unit: "check-ins",
    },
    {
      scenario: "http",
      measure: `check-ins stored per repeat (read back over HTTP), ${label}`,
      value: measured(samples.stored),
      unit: "check-ins",
      goal: "= answered 2xx",
      met: samples.stored.every((stored, index) => stored === samples.answered[index]),
      note: "after each write, the couriers the activity's roster (GET /activities/{activityId}/roster, every page) holds as checked in by code",
    },
  ];
};

/** Scenario 4: HTTP through the gateway under autocannon, a read and a write, embedded. */
export const httpScenario: Scenario = {
  name: "http",
  title:
    "HTTP through the gateway under autocannon, embedded: a courier's balance (read) and check-in by code (write)",
  needs: [],
  async run(context) {
    const plan = httpSizes[context.size];
    const stack = await startStack("embedded", {});
    try {
      const bench = await startBenchGateway(stack);
      try {
        return rowsOf(plan, await measure(bench, plan, context));
      } finally {
        await bench.handle.close();
      }
    } finally {
      await stack.close();
    }
  },
};
