import { defineService } from "@courier-station/kit";

/** A second plugin that takes the name another plugin already has. */
export const anotherHeatWaveService = defineService({ name: "heat-wave", version: "0.1.0" });
