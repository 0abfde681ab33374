import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MASK, maskContactDetails } from "./privacy.js";

const digit = fc.constantFrom(..."0123456789");
const separator = fc.constantFrom("", "", " ", "-");

/** A mainland mobile number as couriers type it: with or without +86, spaces or dashes. */
const mobileNumber = fc
  .tuple(
    fc.constantFrom("", "+86 ", "86-", "+86", "＋８６ "),
    fc.constantFrom(..."3456789"),
    fc.array(digit, { minLength: 9, maxLength: 9 }),
    separator,
    fc.boolean(),
  )
  .map(([prefix, second, rest, between, fullWidth]) => {
    const digits = `1${second}${rest.join("")}`;
    const typed = `${digits.slice(0, 3)}${between}${digits.slice(3, 7)}${between}${digits.slice(7)}`;
    // Some phones type full-width digits (１３８…).
    const shown = fullWidth
      ? typed.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
      : typed;
    return { text: `${prefix}${shown}`, digits };
  });

const chineseText = fc
  .array(fc.constantFrom("头盔", "坏了", "，", "请", "联系我", "谢谢", "雨衣", "。", " "), {
    maxLength: 6,
  })
  .map((parts) => parts.join(""));

describe("maskContactDetails", () => {
  it("masks any mobile number typed into free text, whatever its spacing or prefix", () => {
    fc.assert(
      fc.property(chineseText, mobileNumber, chineseText, (before, number, after) => {
        const masked = maskContactDetails(`${before}${number.text}${after}`);
        expect(masked).toContain(MASK);
        const digitsLeft = masked.normalize("NFKC").replace(/\D/g, "");
        expect(digitsLeft).not.toContain(number.digits.slice(3));
        expect(masked).toContain(before);
      }),
    );
  });

  it("masks landlines, identity card numbers, e-mail addresses and WeChat or QQ ids", () => {
    expect(maskContactDetails("店里电话 021-57351234")).toBe("店里电话 ***");
    expect(maskContactDetails("身份证 31011619900101123X")).toBe("身份证 ***");
    expect(maskContactDetails("邮箱 rider.wang@example.com 谢谢")).toBe("邮箱 *** 谢谢");
    expect(maskContactDetails("加我微信：wang_rider88")).toBe("加我***");
    expect(maskContactDetails("QQ号 123456789")).toBe("***");
  });

  it("leaves ordinary numbers and words alone", () => {
    for (const text of [
      "蓝牙耳机，150 元左右",
      "2 个充电宝，20000 mAh",
      "孩子 8 岁，需要 24 寸自行车",
      "订单号后四位 5678",
    ]) {
      expect(maskContactDetails(text)).toBe(text);
    }
  });

  it("changes nothing when applied twice", () => {
    fc.assert(
      fc.property(chineseText, mobileNumber, (before, number) => {
        const once = maskContactDetails(`${before}${number.text}`);
        expect(maskContactDetails(once)).toBe(once);
      }),
    );
  });
});
