import { type LocalizedText, localized } from "@courier-station/core";

/**
 * The kinds of items no wish may ask for, whatever the community's policy: cash, cards
 * and vouchers (they are cash by another name), alcohol and tobacco. A community adds its
 * own words in `policy.wishes.prohibitedItems` (kind `policy`).
 */
export type ProhibitedItemKind = "cash" | "cards-and-vouchers" | "alcohol" | "tobacco" | "policy";

/** The name of each kind of prohibited item in zh-CN and en. */
export const prohibitedItemKindNames: Readonly<Record<ProhibitedItemKind, LocalizedText>> = {
  cash: localized("现金", "cash"),
  "cards-and-vouchers": localized("购物卡、充值卡与代金券", "cards and vouchers"),
  alcohol: localized("酒类", "alcohol"),
  tobacco: localized("烟草制品", "tobacco"),
  policy: localized("本社区禁止的物品", "items this community prohibits"),
};

/**
 * The built-in words of each kind. Chinese words match anywhere in a text; Latin words
 * match as whole words, ignoring case ("cash" but not "cashew"). The words are chosen to
 * be specific: `香烟` rather than `烟` (a smoke alarm, 烟雾报警器, is a fine wish), `白酒`
 * rather than `酒` (alcohol wipes, 酒精湿巾, are too). Staff moderation stays the real
 * guard; this catches the obvious before a wish reaches them.
 */
export const builtInProhibitedItems: Readonly<
  Record<Exclude<ProhibitedItemKind, "policy">, ReadonlyArray<string>>
> = {
  cash: ["现金", "红包", "转账", "cash", "money transfer", "red envelope", "red packet"],
  "cards-and-vouchers": [
    "购物卡",
    "礼品卡",
    "充值卡",
    "储值卡",
    "购物券",
    "代金券",
    "优惠券",
    "消费券",
    "提货券",
    "卡券",
    "话费充值",
    "gift card",
    "gift cards",
    "voucher",
    "vouchers",
    "coupon",
    "coupons",
    "prepaid card",
    "prepaid cards",
    "top-up card",
    "shopping card",
  ],
  alcohol: [
    "白酒",
    "啤酒",
    "红酒",
    "葡萄酒",
    "黄酒",
    "米酒",
    "洋酒",
    "烈酒",
    "果酒",
    "酒水",
    "alcohol",
    "alcoholic",
    "beer",
    "beers",
    "wine",
    "wines",
    "liquor",
    "baijiu",
    "whisky",
    "whiskey",
    "vodka",
  ],
  tobacco: [
    "香烟",
    "卷烟",
    "烟草",
    "电子烟",
    "雪茄",
    "烟丝",
    "cigarette",
    "cigarettes",
    "tobacco",
    "cigar",
    "cigars",
    "vape",
    "e-cigarette",
    "e-cigarettes",
  ],
};

/** A prohibited word found in a text: which word and of which kind. */
export interface ProhibitedItemMatch {
  readonly kind: ProhibitedItemKind;
  readonly term: string;
}

const latinWord = /^[\p{Script=Latin}\d\s'-]+$/u;

const escapeForRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const matcherOf = (term: string): ((text: string) => boolean) => {
  const lower = term.normalize("NFKC").toLowerCase().trim();
  if (latinWord.test(lower)) {
    // Whole words only; spaces in a phrase match any run of spaces or hyphens.
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])${escapeForRegExp(lower).replace(/\s+/g, "[\\s-]+")}(?![\\p{L}\\p{N}])`,
      "u",
    );
    return (text) => pattern.test(text);
  }
  return (text) => text.includes(lower);
};

interface CompiledTerm {
  readonly kind: ProhibitedItemKind;
  readonly term: string;
  readonly matches: (text: string) => boolean;
}

const builtInTerms: ReadonlyArray<CompiledTerm> = Object.entries(builtInProhibitedItems).flatMap(
  ([kind, terms]) =>
    terms.map((term) => ({ kind: kind as ProhibitedItemKind, term, matches: matcherOf(term) })),
);

// Policies are few and long-lived; compiling their words once per list keeps decide fast.
const policyTermCache = new WeakMap<ReadonlyArray<string>, ReadonlyArray<CompiledTerm>>();
const policyTermsOf = (extra: ReadonlyArray<string>): ReadonlyArray<CompiledTerm> => {
  let compiled = policyTermCache.get(extra);
  if (compiled === undefined) {
    compiled = extra
      .filter((term) => term.trim() !== "")
      .map((term) => ({ kind: "policy" as const, term, matches: matcherOf(term) }));
    policyTermCache.set(extra, compiled);
  }
  return compiled;
};

/**
 * The first prohibited item a text names, by the built-in words and the policy's own
 * (`policy.wishes.prohibitedItems`), or `undefined` when it names none. Matching ignores
 * case and full-width forms (NFKC).
 *
 * @example
 * findProhibitedItem("想要一张超市购物卡", []); // { kind: "cards-and-vouchers", term: "购物卡" }
 * findProhibitedItem("烟雾报警器", []); // undefined
 * findProhibitedItem("a box of cashews", []); // undefined
 * findProhibitedItem("电动车", ["电动车"]); // { kind: "policy", term: "电动车" }
 */
export const findProhibitedItem = (
  text: string,
  extra: ReadonlyArray<string>,
): ProhibitedItemMatch | undefined => {
  const normalized = text.normalize("NFKC").toLowerCase();
  for (const compiled of [...builtInTerms, ...policyTermsOf(extra)]) {
    if (compiled.matches(normalized)) return { kind: compiled.kind, term: compiled.term };
  }
  return undefined;
};
