import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { displayText, freeText, nameText, visibleLength } from "./text.js";
import { parseInput } from "./validation.js";

const subject = { zhCN: "昵称", en: "the nickname" };
const Name = nameText({ subject, max: 5 });
const Line = displayText({ subject: { zhCN: "标题", en: "the title" }, max: 5 });
const Note = freeText({ subject: { zhCN: "说明", en: "the note" }, max: 20 });
const Optional = freeText({
  subject: { zhCN: "描述", en: "the description" },
  max: 20,
  mayBeEmpty: true,
});

const messagesOf = (schema: typeof Name, text: string) => {
  const result = parseInput(schema, text);
  if (Either.isRight(result)) throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  return result.left.issues.map((issue) => issue.message);
};

describe("visibleLength", () => {
  it.each([
    ["", 0],
    ["小王", 2],
    ["👍🏽", 1],
    ["👨‍👩‍👧", 1],
    ["🇨🇳", 1],
    ["e\u0301", 1],
  ])("counts %j as %i", (text, length) => {
    expect(visibleLength(text)).toBe(length);
  });
});

describe("text schemas: what they refuse, in both languages", () => {
  it("names a hidden character in Chinese and English", () => {
    expect(messagesOf(Name, "小\u200B王")).toEqual([
      {
        "zh-CN": "昵称须为一行，不能包含控制字符、不可见字符或文字方向控制符",
        en: "the nickname must be one line, without control, invisible or text-direction characters",
      },
    ]);
  });

  it("names a broken surrogate in Chinese and English", () => {
    expect(messagesOf(Name, "小\uDC00")).toEqual([
      {
        "zh-CN": "昵称包含残缺的字符（不成对的代理项）",
        en: "the nickname contains a broken character (an unpaired surrogate)",
      },
    ]);
  });

  it("says an invisible text is empty, in Chinese and English", () => {
    expect(messagesOf(Note, "\u3164 \n \u2800")).toContainEqual({
      "zh-CN": "说明不能为空",
      en: "the note must not be empty",
    });
    expect(messagesOf(Note, " \n\t ")).toEqual([
      { "zh-CN": "说明不能为空", en: "the note must not be empty" },
    ]);
  });

  it("states the limit in visible characters, in Chinese and English", () => {
    expect(messagesOf(Line, "一二三四五六")).toEqual([
      { "zh-CN": "标题最多 5 个字符", en: "the title is at most 5 characters" },
    ]);
  });

  it("refuses a lone combining mark as saying nothing", () => {
    expect(messagesOf(Name, "\u0301")).toContainEqual({
      "zh-CN": "昵称不能为空",
      en: "the nickname must not be empty",
    });
  });
});

describe("text schemas: what they keep", () => {
  it("folds compatibility forms in names only, keeping full-width punctuation", () => {
    expect(Name.parse("ＡＢ（１）")).toBe("AB（1）");
    expect(Name.parse("\uFB01\u3000ｘ")).toBe("fi x");
    expect(Line.parse("ＡＢ（１）")).toBe("ＡＢ（１）");
  });

  it("composes what NFC composes, everywhere", () => {
    expect(Line.parse("e\u0301")).toBe("\u00E9");
  });

  it("keeps line breaks and tabs in free text, and one kind of line break", () => {
    expect(Note.parse("一\r\n二\r三\n\t四")).toBe("一\n二\n三\n\t四");
  });

  it("lets an optional text be empty, but not hide anything", () => {
    expect(Optional.parse("  ")).toBe("");
    expect(Optional.safeParse("\u202E").success).toBe(false);
  });

  it("keeps emoji joined into one picture, and refuses a joiner elsewhere", () => {
    expect(Name.parse("👩🏽‍💻")).toBe("👩🏽‍💻");
    expect(Name.parse("❤️‍🔥")).toBe("❤️‍🔥");
    expect(Name.safeParse("小\u200D王").success).toBe(false);
  });
});
