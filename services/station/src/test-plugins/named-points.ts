import { defineService } from "@courier-station/kit";

/** A plugin that takes the name of one of the station's own services. */
export const pointsLookalike = defineService({ name: "points", version: "0.1.0" });
