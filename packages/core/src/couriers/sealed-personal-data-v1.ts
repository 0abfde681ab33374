import { equalBytes } from "@noble/ciphers/utils.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";

/*
 * The first format of sealed personal data, `v1:<hex>`, kept only so that values sealed
 * before AES-SIV still open. Nothing seals this way any more.
 *
 * It was a SIV-like construction with HMAC-SHA-256 as both the MAC and the key stream:
 * the synthetic IV is the first 16 bytes of HMAC(mac key, plaintext), the key stream is
 * HMAC(encryption key, IV ‖ 32-bit counter), both keys HMACs of the secret under fixed
 * labels. It binds no owner, so a v1 value opens whichever courier's record holds it;
 * that is why it is read but never written. The HMAC is @noble/hashes'.
 */

/** The prefix of a seal in the first format. */
export const VERSION_1_PREFIX = "v1:";

const IV_BYTES = 16;

const keyStream = (key: Uint8Array, iv: Uint8Array, length: number): Uint8Array => {
  const stream = new Uint8Array(length);
  const input = new Uint8Array(IV_BYTES + 4);
  input.set(iv);
  const counter = new DataView(input.buffer, IV_BYTES, 4);
  for (let block = 0; block * 32 < length; block++) {
    counter.setUint32(0, block);
    const bytes = hmac(sha256, key, input);
    stream.set(bytes.subarray(0, Math.min(32, length - block * 32)), block * 32);
  }
  return stream;
};

/**
 * The plaintext of a v1 seal (the part after `v1:`, in hex) under one secret, or
 * `undefined` when it was not made with that secret or was changed.
 */
export const openVersion1 = (secret: Uint8Array, body: string): Uint8Array | undefined => {
  if (body.length % 2 !== 0 || body.length < IV_BYTES * 2 + 2) return undefined;
  const bytes = hexToBytes(body);
  const macKey = hmac(
    sha256,
    secret,
    utf8ToBytes("courier-station personal data: synthetic iv v1"),
  );
  const encryptionKey = hmac(
    sha256,
    secret,
    utf8ToBytes("courier-station personal data: key stream v1"),
  );
  const iv = bytes.subarray(0, IV_BYTES);
  const ciphertext = bytes.subarray(IV_BYTES);
  const stream = keyStream(encryptionKey, iv, ciphertext.length);
  const plaintext = ciphertext.map((byte, index) => byte ^ (stream[index] ?? 0));
  const expected = hmac(sha256, macKey, plaintext).subarray(0, IV_BYTES);
  // In constant time, so that timing does not help forge a tag byte by byte.
  return equalBytes(expected, iv) ? plaintext : undefined;
};
