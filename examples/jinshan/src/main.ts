import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { heldClock, startStation, stationConnection } from "@courier-station/station";
import { Either } from "effect";
import { playJinshanMonth } from "./month.js";
import { formatMonthStatistics } from "./print.js";
import { monthStatistics } from "./statistics.js";
import { formatThroughServices, playThroughServices } from "./through-services.js";

/*
 * `npm start -w @courier-station/example-jinshan`: plays the Jinshan community from its
 * opening in August 2026 to the end of November and prints November's figures, each
 * station's and those since opening, in zh-CN and en. `--seed N` plays other months;
 * `--couriers N` another size of community; `--through services` sends the same months
 * as commands through the running services (embedded, in memory) and says how they
 * answered.
 */

/** The options of the command line. */
export interface MainOptions {
  readonly seed: number;
  readonly couriers: number;
  /** Played against the packages directly, or sent through the running services. */
  readonly through: "packages" | "services";
}

/**
 * Reads `--seed N` and `--couriers N` (defaults 20261101 and 70); a value that is not a
 * whole number in range is an error naming the flag.
 *
 * @example
 * parseMainOptions(["--seed", "7"]); // { seed: 7, couriers: 70 }
 */
export const parseMainOptions = (args: ReadonlyArray<string>): MainOptions => {
  const { values } = parseArgs({
    args: [...args],
    options: {
      seed: { type: "string" },
      couriers: { type: "string" },
      through: { type: "string" },
    },
    strict: true,
  });
  const whole = (
    flag: string,
    text: string | undefined,
    fallback: number,
    min: number,
    max: number,
  ) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new RangeError(
        `--${flag} 须为 ${min} 至 ${max} 的整数 / --${flag} must be a whole number from ${min} to ${max}`,
      );
    }
    return value;
  };
  const through = values.through ?? "packages";
  if (through !== "packages" && through !== "services") {
    throw new RangeError(
      "--through 须为 packages 或 services / --through must be packages or services",
    );
  }
  return {
    seed: whole("seed", values.seed, 20_261_101, 0, 2 ** 32 - 1),
    couriers: whole("couriers", values.couriers, 70, 10, 2_000),
    through,
  };
};

/**
 * Sends the months through the services of a station started for it (in memory, the
 * in-process bus, no timers, on a clock the months set) and returns the text to print:
 * the figures, then how the services answered and whether they decided every command as
 * the packages did.
 *
 * @example
 * console.log(await runThroughServices(parseMainOptions(["--through", "services"])));
 */
export const runThroughServices = async (options: MainOptions): Promise<string> => {
  const held = heldClock();
  const started = await startStation({
    env: { ...process.env, CS_STORE: "memory", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    clock: held.clock,
    timers: false,
  });
  if (Either.isLeft(started)) throw new Error(started.left.text.en);
  const station = started.right;
  try {
    const result = await playThroughServices(stationConnection(station, held), options);
    const printed = formatMonthStatistics(
      monthStatistics(result.played),
      result.played.plan,
      result.played.policy,
    );
    return `${printed}\n${formatThroughServices(result)}`;
  } finally {
    held.release();
    await station.close();
  }
};

/**
 * Plays the months and returns the text to print.
 *
 * @example
 * console.log(runMain(["--couriers", "120"]));
 */
export const runMain = (args: ReadonlyArray<string>): string => {
  const options = parseMainOptions(args);
  const played = playJinshanMonth(options);
  return formatMonthStatistics(monthStatistics(played), played.plan, played.policy);
};

// Run only as the programme (`tsx src/main.ts`), not when a test imports it.
const invokedDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (invokedDirectly) {
  try {
    const options = parseMainOptions(process.argv.slice(2));
    console.log(
      options.through === "services"
        ? await runThroughServices(options)
        : runMain(process.argv.slice(2)),
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  }
}
