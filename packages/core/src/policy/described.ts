/**
 * The JSON Schema keyword that keeps a policy field's description in Chinese, beside
 * the standard `description` (in English). The policy reference is generated from both.
 */
export const descriptionZhCNKeyword = "x-description-zh-CN";

/** A policy field's meaning in both languages, as zod metadata. */
export type BilingualDescription = {
  readonly description: string;
  readonly [descriptionZhCNKeyword]: string;
};

/**
 * The metadata that documents a policy field in both languages; it travels into the
 * schema's JSON Schema (`z.toJSONSchema`).
 *
 * @example
 * z.boolean().default(true).meta(described("是否允许小哥自助报到", "Whether couriers may check in themselves"));
 */
export const described = (zhCN: string, en: string): BilingualDescription => ({
  description: en,
  [descriptionZhCNKeyword]: zhCN,
});
