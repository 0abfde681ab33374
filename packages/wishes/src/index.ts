export * from "./holds.js";
export * from "./privacy.js";
export * from "./prohibited-items.js";
export * from "./values.js";
export * from "./wishes/index.js";
