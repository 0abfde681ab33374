import { z } from "zod";

/**
 * The datum of a coordinate. Maps and phones in mainland China mostly report GCJ-02
 * (the "Mars" datum of Amap and Tencent Maps); GPS and OpenStreetMap use WGS-84.
 */
export const GeoDatum = z.enum(["WGS-84", "GCJ-02"]);
/** The datum of a coordinate. */
export type GeoDatum = z.infer<typeof GeoDatum>;

/** A point on the earth with its datum. */
export const GeoPoint = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  datum: GeoDatum.default("WGS-84"),
});
/** A point on the earth with its datum. */
export type GeoPoint = z.infer<typeof GeoPoint>;

const EARTH_RADIUS_METRES = 6_371_008.8;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

// GCJ-02 offsets only apply inside mainland China; outside it the datums coincide.
const outsideChina = (latitude: number, longitude: number) =>
  longitude < 72.004 || longitude > 137.8347 || latitude < 0.8293 || latitude > 55.8271;

const KRASOVSKY_A = 6_378_245.0;
const KRASOVSKY_EE = 0.006_693_421_622_965_943;

const transformLatitude = (x: number, y: number) => {
  let result = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  result += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  result += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  result += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return result;
};

const transformLongitude = (x: number, y: number) => {
  let result = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  result += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  result += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  result += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return result;
};

const gcjOffset = (latitude: number, longitude: number) => {
  const dLat0 = transformLatitude(longitude - 105, latitude - 35);
  const dLon0 = transformLongitude(longitude - 105, latitude - 35);
  const radLat = toRadians(latitude);
  let magic = Math.sin(radLat);
  magic = 1 - KRASOVSKY_EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat =
    (dLat0 * 180) / (((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (dLon0 * 180) / ((KRASOVSKY_A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { dLat, dLon };
};

/**
 * The same point in WGS-84. GCJ-02 is converted by the published approximation
 * (accurate to a metre or two), which is enough for radii of tens of metres.
 *
 * @example
 * toWgs84({ latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" });
 */
export const toWgs84 = (point: GeoPoint): GeoPoint => {
  if (point.datum === "WGS-84" || outsideChina(point.latitude, point.longitude)) {
    return { ...point, datum: "WGS-84" };
  }
  // Invert the forward transform by fixed-point iteration: a few rounds reach centimetres.
  let latitude = point.latitude;
  let longitude = point.longitude;
  for (let round = 0; round < 5; round++) {
    const { dLat, dLon } = gcjOffset(latitude, longitude);
    latitude = point.latitude - dLat;
    longitude = point.longitude - dLon;
  }
  return { latitude, longitude, datum: "WGS-84" };
};

/**
 * The same point in GCJ-02, for showing on Chinese maps.
 */
export const toGcj02 = (point: GeoPoint): GeoPoint => {
  if (point.datum === "GCJ-02") return point;
  if (outsideChina(point.latitude, point.longitude)) return { ...point, datum: "GCJ-02" };
  const { dLat, dLon } = gcjOffset(point.latitude, point.longitude);
  return { latitude: point.latitude + dLat, longitude: point.longitude + dLon, datum: "GCJ-02" };
};

/**
 * The great-circle distance in metres between two points, whatever their datums.
 *
 * @example
 * distanceInMetres(stationEntrance, courierPosition) <= checkpoint.radiusMetres;
 */
export const distanceInMetres = (a: GeoPoint, b: GeoPoint): number => {
  const from = toWgs84(a);
  const to = toWgs84(b);
  const dLat = toRadians(to.latitude - from.latitude);
  const dLon = toRadians(to.longitude - from.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(from.latitude)) * Math.cos(toRadians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
};
