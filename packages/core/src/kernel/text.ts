import { z } from "zod";
import { bilingual } from "./validation.js";

/** What a text is, as its messages name it: `{ zhCN: "昵称", en: "the nickname" }`. */
export interface TextSubject {
  /** The Chinese name, as in `${zhCN}不能为空`. */
  readonly zhCN: string;
  /** The English name with its article, as in `${en} must not be empty`. */
  readonly en: string;
}

/** The rules of one text field, for {@link nameText}, {@link displayText} and {@link freeText}. */
export interface TextRules {
  /** What the text is, for its messages. */
  readonly subject: TextSubject;
  /** The most visible characters (grapheme clusters, as a reader counts them). */
  readonly max: number;
  /** Whether the text may be empty (nothing visible). Default: it must say something. */
  readonly mayBeEmpty?: boolean;
}

// Code points that draw nothing although no Unicode category says so: Hangul fillers
// (U+115F, U+1160, U+3164, U+FFA0), the blank Braille pattern (U+2800), the combining
// grapheme joiner (U+034F) and the Khmer inherent vowels (U+17B4, U+17B5). They are the
// usual way to make a name that looks empty or impersonates another.
const invisibleLetters = "\\u115F\\u1160\\u3164\\uFFA0\\u2800\\u034F\\u17B4\\u17B5";

// Control (Cc), format (Cf: zero-width spaces and joiners, bidirectional embeddings,
// overrides and isolates, the byte-order mark, soft hyphens, tag characters), line and
// paragraph separators, and the invisible letters above.
const hiddenCharacter = new RegExp(`[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}${invisibleLetters}]`, "u");

// The zero-width joiner is a format character, but inside an emoji sequence
// (👨‍👩‍👧, 👩🏽‍💻, ❤️‍🔥) it joins pictures into one; there it is allowed.
const emojiJoiner =
  /(?<=\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F)\u200D(?=\p{Extended_Pictographic})/gu;

// A UTF-16 half of a pair without its other half: no character at all.
const unpairedSurrogate = /\p{Cs}/u;

// At least one character that draws something: not white space, not a control or format
// character, not a mark on its own, not an invisible letter.
const visibleCharacter = new RegExp(
  `[^\\p{White_Space}\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}\\p{M}${invisibleLetters}]`,
  "u",
);

// Marks stacked on one character (Zalgo text) make one visible character as long as a
// page; a text may use at most this many UTF-16 units a visible character on average
// (an emoji family of three is eight).
const unitsPerCharacter = 8;

// The full-width punctuation and symbols of the Halfwidth and Fullwidth Forms block
// (（）：，！？～ …): Chinese text is written with them, and NFKC would turn them into
// ASCII; names keep them as written.
const fullWidthPunctuation = /[\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]/u;
const outsideFullWidthPunctuation = /[^\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]+/gu;

/** NFKC, except full-width punctuation, which stays as the writer chose it. */
const normaliseName = (text: string): string =>
  fullWidthPunctuation.test(text)
    ? text.normalize("NFC").replace(outsideFullWidthPunctuation, (part) => part.normalize("NFKC"))
    : text.normalize("NFKC");

let graphemes: Intl.Segmenter | undefined;

/**
 * How many characters a reader sees in a text: its grapheme clusters (`Intl.Segmenter`),
 * so an emoji with a skin tone, a flag or a family counts once, and a letter with its
 * accents once, unlike `length`, which counts UTF-16 units.
 *
 * @example
 * visibleLength("小王👍🏽"); // 3 ("小王👍🏽".length is 6)
 */
export const visibleLength = (text: string): number => {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let count = 0;
  for (const _ of graphemes.segment(text)) count += 1;
  return count;
};

const textSchema = (rules: TextRules, form: "name" | "NFC", multiline: boolean): z.ZodString => {
  const { subject, max } = rules;
  return z
    .string()
    .overwrite((text) => {
      const normalised = form === "name" ? normaliseName(text) : text.normalize("NFC");
      return (multiline ? normalised.replace(/\r\n?/g, "\n") : normalised).trim();
    })
    .refine(
      (text) => !unpairedSurrogate.test(text),
      bilingual(
        `${subject.zhCN}包含残缺的字符（不成对的代理项）`,
        `${subject.en} contains a broken character (an unpaired surrogate)`,
      ),
    )
    .refine(
      (text) => {
        const joined = text.replace(emojiJoiner, "");
        return !hiddenCharacter.test(multiline ? joined.replace(/[\n\t]/g, "") : joined);
      },
      multiline
        ? bilingual(
            `${subject.zhCN}不能包含控制字符、不可见字符或文字方向控制符`,
            `${subject.en} must not contain control, invisible or text-direction characters`,
          )
        : bilingual(
            `${subject.zhCN}须为一行，不能包含控制字符、不可见字符或文字方向控制符`,
            `${subject.en} must be one line, without control, invisible or text-direction characters`,
          ),
    )
    .refine(
      (text) => rules.mayBeEmpty === true || visibleCharacter.test(text),
      bilingual(`${subject.zhCN}不能为空`, `${subject.en} must not be empty`),
    )
    .refine(
      (text) => text.length <= max * unitsPerCharacter && visibleLength(text) <= max,
      bilingual(`${subject.zhCN}最多 ${max} 个字符`, `${subject.en} is at most ${max} characters`),
    );
};

/**
 * A name people are known by (a nickname, a real name, a sponsor's or a shop's name): one
 * line, NFKC-normalised (full-width letters and digits, ligatures and other compatibility
 * forms folded, so `ＡＢＣ` and `ABC` are one name) except for full-width punctuation,
 * which Chinese names use and keep (`万达咖啡（二店）`), trimmed, counted in visible
 * characters, and refused when it holds control or format characters (zero-width
 * spaces, bidirectional overrides, terminal escapes), invisible letters (`\u3164`,
 * `\u2800`) or a broken surrogate, or shows nothing at all. Messages in zh-CN and en.
 *
 * @example
 * export const Nickname = nameText({ subject: { zhCN: "昵称", en: "the nickname" }, max: 30 });
 */
export const nameText = (rules: TextRules): z.ZodString => textSchema(rules, "name", false);

/**
 * A short display text (a title, an address, a place): as {@link nameText}, one line
 * and checked the same way, but NFC-normalised, so that what the writer chose (full-width
 * Chinese punctuation such as `（）：`) is kept.
 *
 * @example
 * export const Title = displayText({ subject: { zhCN: "标题", en: "a title" }, max: 60 });
 */
export const displayText = (rules: TextRules): z.ZodString => textSchema(rules, "NFC", false);

/**
 * Free text (a note, a reason, a description): several lines allowed (`\r\n` becomes
 * `\n`; tabs are kept), NFC-normalised, trimmed, counted in visible characters, refused
 * when it holds other control or format characters or a broken surrogate, and, unless
 * `mayBeEmpty`, when it shows nothing visible (only spaces, line breaks or invisible
 * characters).
 *
 * @example
 * export const Note = freeText({ subject: { zhCN: "说明", en: "a note" }, max: 500 });
 */
export const freeText = (rules: TextRules): z.ZodString => textSchema(rules, "NFC", true);
