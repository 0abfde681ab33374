import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Instant, parsePolicy } from "@courier-station/core";
import * as Station from "@courier-station/station";

/*
 * The Suzhou Industrial Park adopts Courier Station. Its policy, its station's configuration
 * and its first days (the commands its people send, as data) are files in `district/`. This
 * program checks the policy, runs those days through the station program (the embedded
 * SQLite store in a fresh folder, the in-process bus), prints what the services answered and
 * the figures they keep, then lists every mistake of a draft policy in both languages.
 */
const folder = join(import.meta.dirname, "../district");
const read = (file: string) => readFileSync(join(folder, file), "utf8");
const show = (label: string, value: unknown) => console.log(`${label}: ${JSON.stringify(value)}`);
const check = (file: string) => {
  const policy = parsePolicy(read(file));
  for (const { field, message } of policy._tag === "Left" ? policy.left.problems : []) {
    console.log(`${file}: ${field}\n    en: ${message.en}\n    中文: ${message["zh-CN"]}`);
  }
  return policy._tag === "Right" ? policy.right : undefined;
};
const { general, reports, points, wishes } = check("policy.yaml") ?? process.exit(1);
const categories = reports.categories.map((category) => `${category.id} → ${category.handler}`);
show("policy / 政策", { general, categories, points, wishValueCapFen: wishes.valueCapFen });

const held = Station.heldClock();
held.holdAt(Date.parse("2026-12-01T08:00:00+08:00"));
const argv = ["--config", join(folder, "station.yaml")];
const env = { DATA_DIR: mkdtempSync(join(tmpdir(), "sip-station-")) };
const options = { argv, env, cwd: folder, clock: held.clock, timers: false };
const started = await Station.startStation(options);
if (started._tag === "Left") throw new Error(started.left.text.en);
const station = Station.stationConnection(started.right, held);
for (const request of JSON.parse(read("first-days.json")) as Station.StationRequest[]) {
  const reply = await station.send(request);
  console.log(`${request.at} ${request.endpoint}: ${reply.ok ? reply.outcome : reply.code}`);
  await station.settle();
}
const ask = async (service: string, endpoint: string, parameters: object) => {
  const actor = { role: "staff", id: "staff-chen", communities: ["suzhou-sip"] };
  const query = { service, endpoint, community: "suzhou-sip", payload: { actor, ...parameters } };
  const answer = await station.ask({ ...query, at: Instant.parse("2026-12-03T12:00:00+08:00") });
  if (!answer.ok) throw new Error(answer.code);
  return answer.value as Record<string, Record<string, unknown>>;
};
const hub = await ask("registry", "GetStation", { stationId: "moon-bay" });
const lin = await ask("points", "GetPointsBalance", { courierId: "c-lin" });
const period = { kind: "month", year: 2026, month: 12 };
const december = await ask("insights", "GetFigures", { period });
show("Lin's points / 林的积分", lin.balance);
show("Moon Bay's amenities / 月亮湾驿站设施", hub.amenities);
show("December reports / 十二月报告", december.programme?.reports);
show("December points earned / 十二月所得积分", december.points?.earnedByReason);
await started.right.close();
check("policy-with-mistakes.yaml");
