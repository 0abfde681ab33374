import { describeReadmeExamples } from "../../../scripts/readme-examples.mjs";

// Every ts block of the README, type-checked with this package's tsconfig and run as it is
// written there (those that need servers only type-checked), with the values its comments
// show checked.
describeReadmeExamples("packages/kit/README.md");
