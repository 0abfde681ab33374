import { describeReadmeExamples } from "../scripts/readme-examples.mjs";

// The root README's ts blocks, type-checked with this workspace's tsconfig and run as they
// are written there.
describeReadmeExamples("README.md", { workspace: "tests" });
