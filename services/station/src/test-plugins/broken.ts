/*
 * A plugin that fails while it loads (say it reads a sensor that is not there).
 */
const sensor: string | undefined = undefined;
if (sensor === undefined) throw new Error("no heat sensor configured");

/** Never reached. */
export const reading = sensor;
