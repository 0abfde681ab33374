import type { LocalizedText } from "@courier-station/core";
import type { GatewayStart } from "./gateway.js";
import type { RunningStation } from "./station.js";

/** What the demonstration's load came to, for the welcome text. */
export interface DemoSummary {
  readonly sent: number;
  readonly applied: number;
  readonly duplicates: number;
  readonly refused: number;
  /** Commands for services not built yet, by service. */
  readonly skipped: ReadonlyMap<string, number>;
  /** Commands the services answered otherwise than the packages. */
  readonly mismatches: number;
  /** What the station that loaded it had to say (development secrets generated, say). */
  readonly notes?: ReadonlyArray<LocalizedText>;
}

const storeText = (station: RunningStation): readonly [string, string] => {
  const store = station.config.store;
  switch (store.kind) {
    case "sqlite":
      return [`SQLite 文件 ${store.path}`, `SQLite file ${store.path}`];
    case "memory":
      return ["内存（停止后清空）", "memory (gone when it stops)"];
    case "mongodb":
      return [`MongoDB 数据库 ${store.database}`, `MongoDB database ${store.database}`];
  }
};

const busText = (station: RunningStation): readonly [string, string] => {
  const bus = station.config.bus;
  if (bus.kind === "in-process") {
    return [
      "进程内总线（仅本进程内的服务可用）",
      "in-process bus (for the services in this process)",
    ];
  }
  const subjects = `${bus.subjectRoot}.<community>.<service>.<Endpoint>`;
  return [
    `NATS ${bus.servers.join(", ")}，请求主题 ${subjects}`,
    `NATS ${bus.servers.join(", ")}, requests on ${subjects}`,
  ];
};

type StartedGateway = Extract<GatewayStart, { readonly kind: "started" }>;

const webTextZh = (gateway: StartedGateway): string =>
  gateway.webRoot === undefined
    ? "\n  网页尚未构建：npm run build -w @courier-station/web 后重新启动"
    : `\n  网页：小哥（手机）${gateway.gateway.url}/ · 工作人员 ${gateway.gateway.url}/staff · 圆梦人 ${gateway.gateway.url}/sponsor`;

const webTextEn = (gateway: StartedGateway): string =>
  gateway.webRoot === undefined
    ? "\n  the web pages are not built: npm run build -w @courier-station/web, then start again"
    : `\n  pages: couriers (phone) ${gateway.gateway.url}/ · staff ${gateway.gateway.url}/staff · sponsors ${gateway.gateway.url}/sponsor`;

/**
 * What the station prints once it runs, in zh-CN and then en: which services run, where
 * its data and bus are, where people reach it (the gateway's address, when it is built),
 * what the demonstration loaded, and what to do next.
 *
 * @example
 * console.log(welcomeText(station, { kind: "not-built" }));
 */
export const welcomeText = (
  station: RunningStation,
  gateway: GatewayStart,
  demo?: DemoSummary,
): string => {
  const services = station.services.length === 0 ? "—" : station.services.join(", ");
  const [storeZh, storeEn] = storeText(station);
  const [busZh, busEn] = busText(station);
  const skipped = demo === undefined ? "" : [...demo.skipped.keys()].join(", ");
  // The loading station's notes first: it is the one that generated the secrets.
  const notes = [...(demo?.notes ?? []), ...station.notes].filter(
    (note, index, all) => all.findIndex((other) => other.en === note.en) === index,
  );
  const zh = [
    "小哥e站已启动",
    `  服务：${services}`,
    ...(station.plugins.length > 0
      ? [`  插件：${station.plugins.map((plugin) => plugin.specifier).join(", ")}`]
      : []),
    `  数据：${storeZh}`,
    `  总线：${busZh}`,
    gateway.kind === "started"
      ? `  网页与 HTTP 接口：${gateway.gateway.url}${webTextZh(gateway)}`
      : gateway.kind === "not-served"
        ? "  本进程只运行所选服务，网页与 HTTP 接口由网关进程提供（--service gateway）"
        : "  HTTP 网关尚未完成：暂无网页地址，服务可经总线访问",
    ...notes.map((note) => `  提示：${note["zh-CN"]}`),
    ...(demo === undefined
      ? []
      : [
          `  金山示范月：经服务发送 ${demo.sent} 条命令，新执行 ${demo.applied} 条，已执行过 ${demo.duplicates} 条，按规则拒绝 ${demo.refused} 条${demo.mismatches > 0 ? `，与直接运行结果不同 ${demo.mismatches} 条` : ""}`,
          ...(skipped === "" ? [] : [`  （${skipped} 服务尚未完成，相关命令未发送）`]),
        ]),
    "下一步：",
    ...(gateway.kind === "started" ? [`  - 用浏览器打开 ${gateway.gateway.url}`] : []),
    ...(demo === undefined ? ["  - 载入金山示范月（可重复执行）：npm start -- --demo"] : []),
    "  - 运行全部测试：npm test",
    "  - 在 NATS 和 MongoDB 上单独运行一个服务：NATS_URL=nats://127.0.0.1:4222 MONGODB_URI=mongodb://127.0.0.1:27017/ npm start -- --service points",
    "  - 停止：Ctrl+C",
  ];
  const en = [
    "Courier Station is running",
    `  services: ${services}`,
    ...(station.plugins.length > 0
      ? [`  plugins: ${station.plugins.map((plugin) => plugin.specifier).join(", ")}`]
      : []),
    `  data: ${storeEn}`,
    `  bus: ${busEn}`,
    gateway.kind === "started"
      ? `  web pages and HTTP API: ${gateway.gateway.url}${webTextEn(gateway)}`
      : gateway.kind === "not-served"
        ? "  this process runs the service it was given; web pages and the HTTP API come from a gateway process (--service gateway)"
        : "  the HTTP gateway is not built yet: no web address; the services answer on the bus",
    ...notes.map((note) => `  note: ${note.en}`),
    ...(demo === undefined
      ? []
      : [
          `  Jinshan demonstration month: ${demo.sent} commands sent through the services, ${demo.applied} applied, ${demo.duplicates} already done, ${demo.refused} refused by the rules${demo.mismatches > 0 ? `, ${demo.mismatches} answered otherwise than the direct run` : ""}`,
          ...(skipped === "" ? [] : [`  (not sent, their services are not built yet: ${skipped})`]),
        ]),
    "Next:",
    ...(gateway.kind === "started" ? [`  - open ${gateway.gateway.url} in a browser`] : []),
    ...(demo === undefined
      ? ["  - load the Jinshan demonstration month (safe to repeat): npm start -- --demo"]
      : []),
    "  - run every test: npm test",
    "  - run one service on NATS and MongoDB: NATS_URL=nats://127.0.0.1:4222 MONGODB_URI=mongodb://127.0.0.1:27017/ npm start -- --service points",
    "  - stop: Ctrl+C",
  ];
  return `${zh.join("\n")}\n\n${en.join("\n")}\n`;
};
