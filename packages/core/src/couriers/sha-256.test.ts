import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hexOf, hmacSha256, sha256, utf8Bytes } from "./sha-256.js";

const bytes = (hex: string): Uint8Array =>
  Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
const repeated = (byte: number, count: number): Uint8Array => new Uint8Array(count).fill(byte);

describe("sha256 (FIPS 180-4 and NIST example vectors)", () => {
  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    [
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ],
    [
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
    ],
  ])("hashes %j", (message, digest) => {
    expect(hexOf(sha256(message))).toBe(digest);
  });

  it("hashes a million 'a' (many blocks)", () => {
    expect(hexOf(sha256(repeated(0x61, 1_000_000)))).toBe(
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
    );
  });

  it("pads across the block boundary (55, 56 and 64 bytes)", () => {
    // Lengths around 55/56 bytes decide whether the length fits the last block.
    const webCrypto = (globalThis as unknown as { crypto: WebCrypto }).crypto;
    return Promise.all(
      [55, 56, 63, 64, 65, 119, 120].map(async (length) => {
        const message = repeated(0x5a, length);
        const expected = new Uint8Array(await webCrypto.subtle.digest("SHA-256", message));
        expect(hexOf(sha256(message))).toBe(hexOf(expected));
      }),
    );
  });
});

describe("hmacSha256 (RFC 4231)", () => {
  it.each([
    [
      "case 1",
      repeated(0x0b, 20),
      utf8Bytes("Hi There"),
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    ],
    [
      "case 2: a key shorter than the output",
      utf8Bytes("Jefe"),
      utf8Bytes("what do ya want for nothing?"),
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    ],
    [
      "case 3",
      repeated(0xaa, 20),
      repeated(0xdd, 50),
      "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
    ],
    [
      "case 4",
      bytes("0102030405060708090a0b0c0d0e0f10111213141516171819"),
      repeated(0xcd, 50),
      "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
    ],
    [
      "case 6: a key larger than a block",
      repeated(0xaa, 131),
      utf8Bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    ],
    [
      "case 7: a key and data larger than a block",
      repeated(0xaa, 131),
      utf8Bytes(
        "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
      ),
      "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
    ],
  ])("%s", (_name, key, data, mac) => {
    expect(hexOf(hmacSha256(key, data))).toBe(mac);
  });

  it("case 5: truncated to 128 bits", () => {
    const mac = hmacSha256(repeated(0x0c, 20), "Test With Truncation");
    expect(hexOf(mac.slice(0, 16))).toBe("a3b6167473100ee06e0c796c2955552b");
  });

  it("agrees with the platform's Web Crypto on random keys and messages", async () => {
    const webCrypto = (globalThis as unknown as { crypto: WebCrypto }).crypto;
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 150 }),
        fc.uint8Array({ maxLength: 300 }),
        async (key, message) => {
          const imported = await webCrypto.subtle.importKey(
            "raw",
            key,
            { name: "HMAC", hash: "SHA-256" },
            false,
            ["sign"],
          );
          const expected = new Uint8Array(await webCrypto.subtle.sign("HMAC", imported, message));
          expect(hexOf(hmacSha256(key, message))).toBe(hexOf(expected));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("utf8Bytes", () => {
  it("encodes one to four byte characters", () => {
    expect(hexOf(utf8Bytes("a"))).toBe("61");
    expect(hexOf(utf8Bytes("é"))).toBe("c3a9");
    expect(hexOf(utf8Bytes("小"))).toBe("e5b08f");
    expect(hexOf(utf8Bytes("😀"))).toBe("f09f9880");
  });

  it("replaces lone surrogates with U+FFFD", () => {
    expect(hexOf(utf8Bytes("\ud800x"))).toBe("efbfbd78");
    expect(hexOf(utf8Bytes("\udc00"))).toBe("efbfbd");
  });

  it("agrees with the platform's TextEncoder on any text", () => {
    const encoder = new (globalThis as unknown as { TextEncoder: new () => Encoder }).TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(hexOf(utf8Bytes(text))).toBe(hexOf(encoder.encode(text)));
      }),
    );
  });
});

interface Encoder {
  encode(text: string): Uint8Array;
}

interface WebCrypto {
  readonly subtle: {
    digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
    importKey(
      format: "raw",
      key: Uint8Array,
      algorithm: { name: "HMAC"; hash: "SHA-256" },
      extractable: boolean,
      usages: ReadonlyArray<"sign">,
    ): Promise<unknown>;
    sign(algorithm: "HMAC", key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
  };
}
