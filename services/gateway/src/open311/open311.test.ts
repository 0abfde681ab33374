import { XMLParser } from "fast-xml-parser";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  at,
  courierSignIn,
  type GatewayStation,
  signIn,
  startGatewayStation,
} from "../testing/gateway-station.js";

/*
 * Open311 GeoReport v2 as its clients use it: discovery, services and a definition, a
 * request POSTed form-encoded with an api_key (a courier's access token) that lands in
 * the staff's queue as an ordinary report, the requests read back by id and by filters,
 * in JSON and XML, and errors in the specification's format.
 */

let gateway: GatewayStation;
let courier: { accessToken: string; subject: string };
const xml = new XMLParser();

beforeAll(async () => {
  gateway = await startGatewayStation();
  courier = await courierSignIn(gateway, "13300133001");
  await request(gateway.app)
    .post(at("/couriers"))
    .set("Authorization", `Bearer ${courier.accessToken}`)
    .send({
      courierId: courier.subject,
      nickname: "小吴",
      realName: "吴小六",
      mobileNumber: "13300133001",
      platforms: ["sf"],
      employment: "full-time",
      consentPolicyVersion: "2026-01",
    })
    .expect(201);
  const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
  await request(gateway.app)
    .post(at(`/couriers/${courier.subject}/verification`))
    .set("Authorization", staff)
    .send({})
    .expect(204);
});
afterAll(async () => gateway.close());

const base = "/open311/v2";

describe("Open311 GeoReport v2", () => {
  it("answers discovery in JSON and XML", async () => {
    const json = await request(gateway.app).get(`${base}/discovery.json`).expect(200);
    expect(json.body.endpoints[0]).toMatchObject({
      specification: "http://wiki.open311.org/GeoReport_v2",
      formats: ["text/xml", "application/json"],
    });
    const text = await request(gateway.app).get(`${base}/discovery.xml`).expect(200);
    expect(text.headers["content-type"]).toMatch(/text\/xml/);
    expect(xml.parse(text.text).discovery.endpoints.specification).toBe(
      "http://wiki.open311.org/GeoReport_v2",
    );
  });

  it("lists the report categories as services, in JSON and XML", async () => {
    const json = await request(gateway.app)
      .get(`${base}/services.json?jurisdiction_id=jinshan.example.cn`)
      .expect(200);
    expect(json.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          service_code: "river-patrol",
          type: "realtime",
          metadata: expect.any(Boolean),
        }),
      ]),
    );
    const text = await request(gateway.app)
      .get(`${base}/services.xml?jurisdiction_id=jinshan.example.cn`)
      .set("Accept-Language", "en")
      .expect(200);
    const services = xml.parse(text.text).services.service;
    expect(
      (Array.isArray(services) ? services : [services]).map(
        (service: { service_code: string }) => service.service_code,
      ),
    ).toContain("river-patrol");
  });

  it("answers a category's definition", async () => {
    const definition = await request(gateway.app)
      .get(`${base}/services/river-patrol.json?jurisdiction_id=jinshan.example.cn`)
      .expect(200);
    expect(definition.body.service_code).toBe("river-patrol");
    expect(Array.isArray(definition.body.attributes)).toBe(true);
    const text = await request(gateway.app)
      .get(`${base}/services/river-patrol.xml?jurisdiction_id=jinshan.example.cn`)
      .expect(200);
    expect(xml.parse(text.text).service_definition.service_code).toBe("river-patrol");
  });

  it("files a form-encoded request as an ordinary report in the staff's queue, and reads it back", async () => {
    const posted = await request(gateway.app).post(`${base}/requests.json`).type("form").send({
      api_key: courier.accessToken,
      jurisdiction_id: "jinshan.example.cn",
      service_code: "river-patrol",
      lat: "30.7416",
      long: "121.3464",
      address_string: "龙胜路桥下",
      description: "河面漂浮大量垃圾",
      email: "someone@example.cn",
      first_name: "Wu",
      phone: "13300133001",
    });
    expect(posted.status, posted.text).toBe(200);
    const id = posted.body[0].service_request_id as string;
    expect(id).toMatch(/^o311-/);
    expect(posted.text).not.toContain("someone@example.cn");

    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    const queue = await request(gateway.app)
      .get(at("/reports?status=submitted"))
      .set("Authorization", staff)
      .expect(200);
    expect(queue.body.items.map((item: { reportId: string }) => item.reportId)).toContain(id);

    const one = await request(gateway.app)
      .get(`${base}/requests/${id}.json?jurisdiction_id=jinshan.example.cn`)
      .expect(200);
    expect(one.body).toEqual([
      expect.objectContaining({
        service_request_id: id,
        status: "open",
        service_code: "river-patrol",
      }),
    ]);
    const byFilter = await request(gateway.app)
      .get(
        `${base}/requests.xml?jurisdiction_id=jinshan.example.cn&service_code=river-patrol&status=open`,
      )
      .expect(200);
    const requests = xml.parse(byFilter.text).service_requests.request;
    const ids = (Array.isArray(requests) ? requests : [requests]).map(
      (item: { service_request_id: string }) => item.service_request_id,
    );
    expect(ids).toContain(id);
    const byId = await request(gateway.app)
      .get(`${base}/requests.json?jurisdiction_id=jinshan.example.cn&service_request_id=${id}`)
      .expect(200);
    expect(
      byId.body.map((item: { service_request_id: string }) => item.service_request_id),
    ).toEqual([id]);
  });

  it("refuses a POST without a valid api_key in the specification's error format", async () => {
    const refused = await request(gateway.app).post(`${base}/requests.xml`).type("form").send({
      jurisdiction_id: "jinshan.example.cn",
      service_code: "river-patrol",
      address_string: "桥下",
    });
    expect(refused.status).toBe(403);
    const errors = xml.parse(refused.text).errors.error;
    expect(errors.code).toBe(403);
    expect(String(errors.description)).toMatch(/api_key/);
    const invalid = await request(gateway.app).post(`${base}/requests.json`).type("form").send({
      api_key: "not-a-token-at-all",
      jurisdiction_id: "jinshan.example.cn",
      service_code: "river-patrol",
      address_string: "桥下",
    });
    expect(invalid.status).toBe(403);
    expect(invalid.body[0]).toMatchObject({ code: 403 });
  });

  it("lists every field at fault of a bad request, and refuses an unknown jurisdiction and an unknown request", async () => {
    const bad = await request(gateway.app).post(`${base}/requests.json`).type("form").send({
      api_key: courier.accessToken,
      jurisdiction_id: "jinshan.example.cn",
      service_code: "river-patrol",
      lat: "95",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.length).toBeGreaterThan(0);
    expect(bad.body[0]).toMatchObject({ code: 400 });
    const unknown = await request(gateway.app).get(
      `${base}/services.json?jurisdiction_id=nowhere.example`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body[0]).toMatchObject({ code: 404 });
    const missing = await request(gateway.app).get(
      `${base}/requests/o311-nothing.json?jurisdiction_id=jinshan.example.cn`,
    );
    expect(missing.status).toBe(404);
    const required = await request(gateway.app).get(`${base}/services.json`);
    expect(required.status).toBe(400);
  });
});
