import { readFileSync } from "node:fs";
import { PolicyBook } from "@courier-station/contracts";
import { jinshanPolicy, parsePolicy } from "@courier-station/core";
import { runMain, storeLayerFor } from "@courier-station/kit";
import { Either, Layer } from "effect";
import { heatWaveService } from "./heat-wave.js";

/*
 * The heat-wave service as its own process, beside a station whose services run on NATS:
 * `NATS_URL=… npm start -w @courier-station/example-plugin-service`. It finds the policy
 * versions the community published by asking the registry over the bus; the version a
 * community was registered with is the deployment's policy file, which this process reads
 * from CS_POLICY_FILE as the station does (the Jinshan defaults when there is none).
 */
const file = process.env.CS_POLICY_FILE;
const policy =
  file === undefined ? jinshanPolicy() : Either.getOrThrow(parsePolicy(readFileSync(file, "utf8")));

runMain({
  services: [heatWaveService],
  relay: false, // it appends no events: its notices go to the notifications service
  layer: (config) =>
    Layer.merge(storeLayerFor(config.store), PolicyBook.fromRegistry({ configured: () => policy })),
});
