export * from "./patrol/index.js";
export * from "./routes/index.js";
export * from "./values.js";
