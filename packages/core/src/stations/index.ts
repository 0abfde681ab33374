export * from "./community/index.js";
export * from "./opening-hours.js";
export * from "./station/index.js";
export * from "./values.js";
