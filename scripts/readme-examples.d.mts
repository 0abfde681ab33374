/** The repository's root directory. */
export declare const repositoryRoot: string;

/** A line of a README, with its line number there (from 1). */
export interface ReadmeLine {
  readonly text: string;
  readonly line: number;
}

/** A ts block of a README, with what its `<!-- readme-example: … -->` marker says. */
export interface ReadmeExample {
  /** The README's path, as failures name it. */
  readonly readme: string;
  /** The line of the block's opening fence. */
  readonly line: number;
  /** The last heading before the block. */
  readonly heading: string;
  /** The block goes on from the previous ts block (`continues`). */
  readonly continues: boolean;
  /** The block is only type-checked (`types-only`). */
  readonly typesOnly: boolean;
  /** The block is run: not types-only, and neither is a block it continues. */
  readonly runs: boolean;
  /** The block this one continues. */
  readonly previous: ReadmeExample | undefined;
  /** The block's hidden lines (inside its marker) and its code. */
  readonly lines: ReadonlyArray<ReadmeLine>;
  /** The module the block is checked as: the blocks it continues, then its own lines. */
  readonly moduleLines: ReadonlyArray<ReadmeLine>;
  /** The files its marker (and those of the blocks it continues) put beside the module. */
  readonly files: ReadonlyArray<{
    readonly name: string;
    readonly lines: ReadonlyArray<ReadmeLine>;
  }>;
}

/** What `extractReadmeExamples` found. */
export interface ReadmeExamples {
  readonly examples: ReadonlyArray<ReadmeExample>;
  /** Misused markers, each as `README.md:line: what is wrong`. */
  readonly problems: ReadonlyArray<string>;
}

/** The ts blocks of a README's text; `readme` is the name failures give it. */
export declare function extractReadmeExamples(markdown: string, readme: string): ReadmeExamples;

/**
 * Type-checks the examples in one program with the compiler options of `tsconfig`, writing
 * their modules to `directory` (inside the workspace). Per example, its errors as
 * `README.md:line: TS1234 message`.
 */
export declare function typeCheckReadmeExamples(
  examples: ReadonlyArray<ReadmeExample>,
  options: { readonly tsconfig: string; readonly directory: string },
): ReadonlyArray<ReadonlyArray<string>>;

/**
 * Runs an example and checks the values its comments show; the failures as
 * `README.md:line: …`, none when it ran as written.
 */
export declare function runReadmeExample(
  example: ReadmeExample,
  options: { readonly directory: string },
): Promise<ReadonlyArray<string>>;

/** The pattern the value a comment shows stands for, or undefined when the comment is prose. */
export declare function shownValueOf(comment: string): unknown;

/**
 * Registers a vitest test per ts block of `readme` (a path from the repository root) that
 * type-checks it with the workspace's tsconfig, runs it and checks the values its comments
 * show.
 *
 * @example
 * describeReadmeExamples("packages/core/README.md");
 * describeReadmeExamples("README.md", { workspace: "tests" });
 */
export declare function describeReadmeExamples(
  readme: string,
  options?: { readonly workspace?: string },
): void;
