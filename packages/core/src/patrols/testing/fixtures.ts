import type { CourierFacts } from "../../couriers/facts.js";
import type { Actor } from "../../kernel/actors.js";
import type { GeoPoint } from "../../kernel/geo.js";
import {
  CheckpointId,
  CommunityId,
  CourierId,
  PatrolRouteId,
  StationId,
} from "../../kernel/ids.js";
import { Instant } from "../../kernel/time.js";
import { type CommunityPolicy, jinshanPolicy } from "../../policy/schema.js";
import type { CheckInAtCheckpoint } from "../patrol/commands.js";
import type { PatrolDecisionContext } from "../patrol/decide.js";
import type { PublishPatrolRoute } from "../routes/commands.js";
import type { PatrolRouteFacts } from "../routes/state.js";
import { type Checkpoint, type PatrolId, patrolDayOf, patrolIdOf } from "../values.js";

/** The community of the tests. */
export const COMMUNITY = CommunityId.parse("jinshan-wanda");
/** The route of the tests: along the Shanyang river. */
export const ROUTE = PatrolRouteId.parse("shanyang-river");
/** The station of the tests. */
export const STATION = StationId.parse("wanda");
/** Staff of the community. */
export const STAFF: Actor = { role: "staff", id: "staff-1", communities: [COMMUNITY] };

/** An instant in Shanghai local time: `at("2026-12-05 14:00")`. */
export const at = (local: string): Instant => Instant.parse(`${local.replace(" ", "T")}:00+08:00`);
/** A morning in Shanghai. */
export const MORNING = at("2026-12-05 09:00");

/** A courier id. */
export const courier = (id: string): CourierId => CourierId.parse(id);
/** The actor of a courier. */
export const courierActor = (id: string): Actor => ({
  role: "courier",
  id,
  communities: [COMMUNITY],
});
/** The facts of an active courier, with overrides. */
export const factsOf = (id: string, overrides: Partial<CourierFacts> = {}): CourierFacts => ({
  courierId: courier(id),
  status: "active",
  volunteerTeamMember: false,
  ...overrides,
});

const checkpoint = (
  id: string,
  name: string,
  latitude: number,
  longitude: number,
  radiusMetres: number,
): Checkpoint => ({
  checkpointId: CheckpointId.parse(id),
  name,
  location: { latitude, longitude, datum: "WGS-84" },
  radiusMetres,
});

/** Three checkpoints along the river, a few hundred metres apart. */
export const CHECKPOINTS: ReadonlyArray<Checkpoint> = [
  checkpoint("bridge-3", "3 号桥", 30.7246, 121.3412, 50),
  checkpoint("sluice", "节制闸", 30.7281, 121.3466, 60),
  checkpoint("pier", "亲水平台", 30.731, 121.35, 40),
];

/** The id of a checkpoint of the test route. */
export const checkpointId = (index: number): CheckpointId =>
  CHECKPOINTS[index]?.checkpointId ?? CheckpointId.parse("missing");

/** The command that publishes the test route, with overrides of its data. */
export const publishRoute = (
  overrides: Partial<PublishPatrolRoute["data"]> = {},
): PublishPatrolRoute => ({
  type: "PublishPatrolRoute",
  data: {
    routeId: ROUTE,
    name: "山阳河巡河线",
    kind: "river",
    stationId: STATION,
    checkpoints: [...CHECKPOINTS],
    ...overrides,
  },
});

/** The facts of the test route: active, revision 1, all three checkpoints required. */
export const routeFacts = (overrides: Partial<PatrolRouteFacts> = {}): PatrolRouteFacts => ({
  routeId: ROUTE,
  status: "active",
  revision: 1,
  checkpoints: CHECKPOINTS,
  requiredCheckpoints: CHECKPOINTS.length,
  ...overrides,
});

/** A point some metres north of another (a degree of latitude is about 111,195 m). */
export const northOf = (point: GeoPoint, metres: number): GeoPoint => ({
  ...point,
  latitude: point.latitude + metres / 111_195,
});

/** Where a checkpoint is, or some metres north of it. */
export const near = (index: number, metres = 0): GeoPoint =>
  northOf(CHECKPOINTS[index]?.location ?? { latitude: 0, longitude: 0, datum: "WGS-84" }, metres);

/** The patrol id of a courier on the test route on the local day of `now`. */
export const patrolOf = (id: string, now: Instant): PatrolId =>
  patrolIdOf({ routeId: ROUTE, courierId: courier(id), day: patrolDayOf(now, "Asia/Shanghai") });

/** A check-in command of a courier at a checkpoint, at a position. */
export const checkIn = (
  id: string,
  now: Instant,
  index: number,
  position: GeoPoint = near(index),
): CheckInAtCheckpoint => ({
  type: "CheckInAtCheckpoint",
  data: {
    patrolId: patrolOf(id, now),
    routeId: ROUTE,
    courierId: courier(id),
    checkpointId: checkpointId(index),
    position,
  },
});

/** The context of a courier's check-in at `now`, with overrides. */
export const patrolContext = (
  id: string,
  now: Instant,
  overrides: Partial<PatrolDecisionContext> = {},
  policy: CommunityPolicy = jinshanPolicy(),
): PatrolDecisionContext => ({
  now,
  actor: courierActor(id),
  community: COMMUNITY,
  policy,
  route: routeFacts(),
  courier: factsOf(id),
  ...overrides,
});
