import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BSON } from "mongodb";
import { grant, startOursOnMongo } from "./peers/ours.js";
import { startWireCounter } from "./wire-counter.js";

/*
 * Where the wire commands of an award go (`npx tsx --conditions=@courier-station/source
 * src/award-commands.ts [awards]` in bench/): FerretDB started as the tests start it, a
 * relay in front of it that decodes each request and tallies it by command, collection
 * and filter with the time until its reply, and our station on it (as the peer
 * comparisons run it) awarding points one after another after a warm-up. Printed per
 * award: what the station sent while the awards ran (the commands, and the relay,
 * consumers and timers beside them), and what it sent in the three seconds after.
 */

const tally = new Map<string, number>();
const spent = new Map<string, number>();
const started = new Map<number, { key: string; at: bigint }>();
let phase = "idle";
const count = (key: string) =>
  tally.set(`${phase} ${key}`, (tally.get(`${phase} ${key}`) ?? 0) + 1);

const decode = (message: Buffer): string => {
  const opCode = message.readInt32LE(12);
  if (opCode !== 2013) return `op${opCode}`;
  let offset = 20;
  while (offset < message.length) {
    const kind = message[offset];
    offset += 1;
    const size = message.readInt32LE(offset);
    if (kind === 0) {
      const body = BSON.deserialize(message.subarray(offset, offset + size));
      const name = Object.keys(body)[0] ?? "?";
      const target = body[name];
      let detail = typeof target === "string" ? target : "";
      if (name === "find" || name === "update" || name === "delete") {
        const filter = name === "find" ? body.filter : undefined;
        if (filter !== undefined) detail += ` ${Object.keys(filter).join(",")}`;
      }
      return `${name} ${detail}`;
    }
    offset += size;
  }
  return "?";
};

/** A relay in front of FerretDB that tallies each request and the time until its reply. */
const startTally = (uri: string) =>
  startWireCounter(uri, {
    request: (message) => {
      const key = decode(message);
      count(key);
      started.set(message.readInt32LE(4), {
        key: `${phase} ${key}`,
        at: process.hrtime.bigint(),
      });
    },
    reply: (message) => {
      // The reply names the request it answers (responseTo, the header's third field).
      const request = started.get(message.readInt32LE(8));
      if (request === undefined) return;
      started.delete(message.readInt32LE(8));
      const ms = Number(process.hrtime.bigint() - request.at) / 1e6;
      spent.set(request.key, (spent.get(request.key) ?? 0) + ms);
    },
  });

/** The CPU time (ms, user and system) of this process's child FerretDB, from /proc (Linux). */
const ferretCpuMs = (): number => {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) !== process.pid || !stat.includes("(ferretdb")) continue;
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      // A process that ended meanwhile.
    }
  }
  return Number.NaN;
};

/** Prints a phase's commands, most frequent first, per `unit` (an award, or a relay pause when idle). */
const print = (label: string, divisor: number, unit = "award") => {
  const rows = [...tally.entries()]
    .filter(([key]) => key.startsWith(`${label} `))
    .sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  console.log(`\n== ${label}: ${total} commands, ${(total / divisor).toFixed(2)} per ${unit}`);
  let ms = 0;
  for (const [key, n] of rows) {
    const time = spent.get(key) ?? 0;
    ms += time;
    console.log(
      `${(n / divisor).toFixed(2).padStart(7)} ${(time / n).toFixed(1).padStart(6)} ms  ${key.slice(label.length + 1)}`,
    );
  }
  console.log(`server time until the replies: ${(ms / divisor).toFixed(1)} ms per ${unit}`);
};

const main = async () => {
  const script = join(dirname(fileURLToPath(import.meta.url)), "../../scripts/test-servers.mjs");
  const servers = (await import(pathToFileURL(script).href)) as {
    startFerretDb: () => Promise<{ uri: string; stop: () => Promise<void> }>;
  };
  const ferret = await servers.startFerretDb();
  const relay = await startTally(ferret.uri);
  const ours = await startOursOnMongo({ mongodbUri: relay.uri });
  try {
    for (let index = 0; index < 10; index++)
      await grant(ours.stack, `warm-${index}`, `c-${index % 5}`, 1);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    phase = "quiet";
    const quietFrom = ferretCpuMs();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idlePerSecond = (ferretCpuMs() - quietFrom) / 2;
    const awards = Number(process.argv[2] ?? 40);
    phase = "award";
    const cpuBefore = ferretCpuMs();
    const processBefore = process.cpuUsage();
    const started = Date.now();
    for (let index = 0; index < awards; index++) {
      await grant(ours.stack, `award-${index}`, `c-${index % 5}`, 10);
    }
    const elapsed = Date.now() - started;
    phase = "after";
    await new Promise((resolve) => setTimeout(resolve, 3000));
    phase = "done";
    const processCpu = process.cpuUsage(processBefore);
    const cpu = ferretCpuMs() - cpuBefore;
    console.log(
      `FerretDB idle: ${idlePerSecond.toFixed(0)} ms of CPU a second; over the awards and 3 s after, less that: ${((cpu - (idlePerSecond * (elapsed + 3000)) / 1000) / awards).toFixed(1)} ms an award`,
    );
    console.log(
      `CPU per award, the awards and 3 s after: FerretDB ${(cpu / awards).toFixed(1)} ms, the station ${((processCpu.user + processCpu.system) / 1000 / awards).toFixed(1)} ms`,
    );
    console.log(`${awards} awards in ${elapsed} ms: ${((awards * 1000) / elapsed).toFixed(1)}/s`);
    // Two seconds idle: ten of the relay's pauses (200 ms) between rounds.
    print("quiet", 10, "200 ms idle");
    print("award", awards);
    print("after", awards);
  } finally {
    await ours.close();
    await relay.close();
    await ferret.stop();
  }
};

await main();
process.exit(0);
