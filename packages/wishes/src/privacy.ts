/*
 * What sponsors and the public see of a wish never holds the courier's real name or
 * phone number: the wish aggregate does not even hold them (they stay with the courier
 * registry). Free text is the courier's own, though, and a courier may type their phone
 * number into a description ("call me on …"). The views therefore mask what looks like
 * contact details, so contact goes through the station unless both sides agree.
 */

/** What masked contact details are replaced with. */
export const MASK = "***";

// Mainland mobile numbers (with or without +86, spaces or dashes, in ASCII or full-width
// digits), landlines with an area code, resident identity card numbers, e-mail addresses,
// and WeChat or QQ ids given as such.
const contactPatterns: ReadonlyArray<RegExp> = [
  /(?<![\p{N}])(?:[+＋]?[8８][6６][\s-]?)?[1１][3-9３-９]\p{N}(?:[\s-]?\p{N}){8}(?![\p{N}])/gu,
  /(?<![\p{N}])[0０]\p{N}{2,3}[\s-]?\p{N}{7,8}(?![\p{N}])/gu,
  /(?<![\p{N}])\p{N}{17}[\p{N}Xx](?![\p{N}])/gu,
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu,
  /(?:微信|微信号|vx|v信|wechat|weixin|qq)\s*(?:号)?\s*[:：]?\s*[A-Za-z0-9_-]{5,20}/giu,
];

/**
 * The text with anything that looks like contact details (mobile and landline numbers,
 * identity card numbers, e-mail addresses, WeChat or QQ ids) replaced by {@link MASK}.
 * Full-width digits are caught too.
 *
 * @example
 * maskContactDetails("头盔坏了，联系我 138 0013 8000"); // "头盔坏了，联系我 ***"
 */
export const maskContactDetails = (text: string): string => {
  let masked = text;
  for (const pattern of contactPatterns) masked = masked.replace(pattern, MASK);
  return masked;
};
