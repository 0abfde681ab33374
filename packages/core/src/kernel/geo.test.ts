import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceInMetres, GeoPoint, toGcj02, toWgs84 } from "./geo.js";

const wgs = (latitude: number, longitude: number): GeoPoint => ({
  latitude,
  longitude,
  datum: "WGS-84",
});

describe("distanceInMetres", () => {
  it("gives a known distance: Shanghai People's Square to Jinshan Wanda, about 55.7 km", () => {
    const peoplesSquare = wgs(31.2304, 121.4737);
    const jinshanWanda = wgs(30.7416, 121.3464);
    // 55,690.35 m: the haversine on the 6,371,008.8 m mean sphere, computed separately
    // (Python's math module); the WGS-84 ellipsoid's geodesic differs by under 0.5 %.
    expect(distanceInMetres(peoplesSquare, jinshanWanda)).toBeCloseTo(55_690.35, 1);
  });

  it("gives one degree of latitude as 2πR / 360 of the mean sphere", () => {
    expect(distanceInMetres(wgs(30, 121), wgs(31, 121))).toBeCloseTo(
      (2 * Math.PI * 6_371_008.8) / 360,
      3,
    );
  });

  it("is zero for the same point, symmetric, and zero across datums for the same place", () => {
    const point = wgs(30.7416, 121.3464);
    expect(distanceInMetres(point, point)).toBe(0);
    const other = wgs(30.75, 121.35);
    expect(distanceInMetres(point, other)).toBeCloseTo(distanceInMetres(other, point), 6);
    expect(distanceInMetres(point, toGcj02(point))).toBeLessThan(0.5);
  });

  it("sees the GCJ-02 offset of a few hundred metres when datums are mixed up", () => {
    const point = wgs(30.7416, 121.3464);
    const shifted = toGcj02(point);
    const misread = { ...shifted, datum: "WGS-84" as const };
    const offset = distanceInMetres(point, misread);
    expect(offset).toBeGreaterThan(100);
    expect(offset).toBeLessThan(1_000);
  });
});

describe("GCJ-02 and WGS-84", () => {
  it("round-trips WGS-84 → GCJ-02 → WGS-84 within a metre anywhere in mainland China", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 18, max: 53, noNaN: true }),
        fc.double({ min: 74, max: 134, noNaN: true }),
        (latitude, longitude) => {
          const start = wgs(latitude, longitude);
          const back = toWgs84(toGcj02(start));
          expect(back.datum).toBe("WGS-84");
          expect(distanceInMetres(start, back)).toBeLessThan(1);
        },
      ),
    );
  });

  it("round-trips GCJ-02 → WGS-84 → GCJ-02 within a metre", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 18, max: 53, noNaN: true }),
        fc.double({ min: 74, max: 134, noNaN: true }),
        (latitude, longitude) => {
          const start: GeoPoint = { latitude, longitude, datum: "GCJ-02" };
          const back = toGcj02(toWgs84(start));
          expect(back.datum).toBe("GCJ-02");
          const metres = distanceInMetres(
            { ...start, datum: "WGS-84" },
            { ...back, datum: "WGS-84" },
          );
          expect(metres).toBeLessThan(1);
        },
      ),
    );
  });

  it("leaves points outside China where they are", () => {
    const london = wgs(51.5074, -0.1278);
    expect(toGcj02(london)).toEqual({ ...london, datum: "GCJ-02" });
    expect(toWgs84({ ...london, datum: "GCJ-02" })).toEqual(london);
  });

  it("returns a point already in the asked datum unchanged", () => {
    const point = wgs(30.7416, 121.3464);
    expect(toWgs84(point)).toEqual(point);
    const gcj: GeoPoint = { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" };
    expect(toGcj02(gcj)).toBe(gcj);
  });
});

describe("GeoPoint", () => {
  it("defaults to WGS-84 and refuses impossible coordinates", () => {
    expect(GeoPoint.parse({ latitude: 30.7, longitude: 121.3 }).datum).toBe("WGS-84");
    expect(GeoPoint.safeParse({ latitude: 91, longitude: 0 }).success).toBe(false);
    expect(GeoPoint.safeParse({ latitude: 0, longitude: 181 }).success).toBe(false);
    expect(GeoPoint.safeParse({ latitude: 0, longitude: 0, datum: "BD-09" }).success).toBe(false);
  });
});
