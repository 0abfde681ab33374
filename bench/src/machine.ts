import { execFileSync } from "node:child_process";
import { createConnection } from "node:net";
import { cpus, totalmem } from "node:os";
import { MongoClient } from "mongodb";
import type { BenchServers } from "./scenario.js";

/** The machine and servers a run measured, for `bench/results.json`. */
export interface Machine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  readonly node: string;
  readonly platform: string;
  readonly natsServer?: string;
  readonly ferretDb?: string;
}

/** The version a NATS server announces in its first `INFO` line. */
const natsVersionAt = (url: string): Promise<string | undefined> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url.replace(/^nats:/, "http:"));
    const socket = createConnection({ host: hostname, port: Number(port || 4222) });
    let received = "";
    const done = (version: string | undefined) => {
      socket.destroy();
      resolve(version);
    };
    socket.setTimeout(3_000, () => done(undefined));
    socket.on("error", () => done(undefined));
    socket.on("data", (chunk) => {
      received += chunk.toString();
      const line = received.split("\r\n")[0] ?? "";
      if (!line.startsWith("INFO ")) return;
      try {
        const info = JSON.parse(line.slice(5)) as { readonly version?: string };
        done(info.version);
      } catch {
        done(undefined);
      }
    });
  });

/** The FerretDB version a MongoDB wire server reports (`buildInfo`), or MongoDB's own. */
const mongoVersionAt = async (uri: string): Promise<string | undefined> => {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3_000 });
  try {
    await client.connect();
    const info = await client.db("admin").command({ buildInfo: 1 });
    const ferret = info.ferretdbVersion ?? info.ferretdb?.version;
    return typeof ferret === "string" ? `FerretDB ${ferret}` : `MongoDB ${String(info.version)}`;
  } catch {
    return undefined;
  } finally {
    await client.close();
  }
};

const cpuModel = (): string => {
  const model = cpus()[0]?.model;
  if (model !== undefined && model.trim() !== "") return model.trim();
  try {
    return execFileSync("uname", ["-m"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
};

/** Describes this machine and the servers given. */
export async function describeMachine(servers: BenchServers): Promise<Machine> {
  const natsServer =
    servers.natsUrl === undefined ? undefined : await natsVersionAt(servers.natsUrl);
  const ferretDb =
    servers.mongodbUri === undefined ? undefined : await mongoVersionAt(servers.mongodbUri);
  return {
    cores: cpus().length,
    cpuModel: cpuModel(),
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    ...(natsServer === undefined ? {} : { natsServer }),
    ...(ferretDb === undefined ? {} : { ferretDb }),
  };
}
