import { Either } from "effect";
import { loadJinshanDemonstration } from "./demonstration.js";
import {
  buildWebAppIfMissing,
  createStaffIfAsked,
  type GatewayStart,
  startGatewayIfBuilt,
} from "./gateway.js";
import { startStation, stationFlags } from "./station.js";
import { type DemoSummary, welcomeText } from "./welcome.js";

/*
 * `npm start` at the root: the whole station in one process — every service, the outbox
 * relay and (once it is built) the HTTP gateway — on the embedded SQLite store in
 * ./data and the in-process bus, or on NATS and MongoDB when NATS_URL and MONGODB_URI
 * are set. `--service <name>` runs one service (with `--relay`, the relay too);
 * `--config <file>` reads a configuration file; `--demo` first loads the Jinshan
 * demonstration month through the services.
 */

const argv = process.argv.slice(2);
const flags = stationFlags(argv);

const refuse = (text: { readonly "zh-CN": string; readonly en: string }): never => {
  process.stderr.write(`${text["zh-CN"]}\n\n${text.en}\n`);
  process.exit(1);
};

/** A failure that is not a configuration problem (a store another process holds, say). */
const failed = (error: unknown): never => {
  const text =
    typeof error === "object" &&
    error !== null &&
    "text" in error &&
    typeof error.text === "object" &&
    error.text !== null &&
    "zh-CN" in error.text &&
    "en" in error.text
      ? (error.text as { readonly "zh-CN": string; readonly en: string })
      : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  return refuse({
    "zh-CN": `小哥e站未能启动：${text?.["zh-CN"] ?? detail}`,
    en: `Courier Station did not start: ${text?.en ?? detail}`,
  });
};

let demo: DemoSummary | undefined;
if (flags.demo) {
  if (argv.some((argument) => argument === "--service" || argument.startsWith("--service="))) {
    refuse({
      "zh-CN": "--demo 需要运行全部服务，不能与 --service 同用",
      en: "--demo needs every service running; it cannot go with --service",
    });
  }
  process.stdout.write(
    "正在经服务载入金山示范月… / Loading the Jinshan demonstration month through the services…\n",
  );
  const loaded = await loadJinshanDemonstration({
    argv,
    onProgress: (sent, total) => process.stdout.write(`  ${sent} / ${total}\n`),
  }).catch(failed);
  if (Either.isLeft(loaded)) refuse(loaded.left.text);
  else demo = loaded.right;
}

const started = await startStation({ argv }).catch(failed);
if (Either.isLeft(started)) refuse(started.left.text);
else {
  const station = started.right;
  // `--create-staff`: a station's first staff account, then stop.
  const staff = await createStaffIfAsked(station, argv, process.env);
  if (staff.kind !== "not-asked") {
    await station.close();
    if (staff.kind === "created") {
      process.stdout.write(
        `已创建工作人员账号 ${staff.login}（${staff.communities.join(", ")}）\nCreated the staff account ${staff.login} (${staff.communities.join(", ")})\n`,
      );
      process.exit(0);
    }
    refuse({
      "zh-CN": `未能创建工作人员账号：${staff.reason}`,
      en: `The staff account was not created: ${staff.reason}`,
    });
  }
  if (station.servesHttp) {
    await buildWebAppIfMissing(process.env, (line) => process.stderr.write(line));
  }
  let gateway: GatewayStart;
  try {
    gateway = station.servesHttp ? await startGatewayIfBuilt(station) : { kind: "not-served" };
  } catch (error) {
    station.log.fatal({ err: error }, "the HTTP gateway did not start");
    await station.close();
    process.exit(1);
  }
  process.stdout.write(`\n${welcomeText(station, gateway, demo)}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    station.log.info({ signal }, "shutting down");
    // A real timer on purpose: it must fire even when the shutdown it watches is stuck.
    const watchdog = setTimeout(() => {
      station.log.error({ timeoutMs: station.config.shutdownTimeoutMs }, "shutdown timed out");
      process.exit(1);
    }, station.config.shutdownTimeoutMs + 1_000);
    watchdog.unref();
    const closing = async () => {
      if (gateway.kind === "started") await gateway.gateway.close();
      await station.close();
    };
    closing().then(
      () => {
        station.log.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        station.log.fatal({ err: error }, "stopped by a failure");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}
