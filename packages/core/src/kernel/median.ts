/**
 * The median of some numbers (the mean of the middle two for an even count), or
 * `undefined` for none: what the figures report as a typical time, since one report left
 * open for months would pull an average far from what most reporters saw.
 *
 * @example
 * medianOf([3, 1, 2]); // 2
 * medianOf([4, 1, 2, 3]); // 2.5
 */
export const medianOf = (values: ReadonlyArray<number>): number | undefined => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
