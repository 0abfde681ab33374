import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gridFsMediaStore } from "./gridfs-media-store.js";
import { fileMediaStore, type MediaStore } from "./media-store.js";

/*
 * One contract for every MediaStore: files under the data directory (the embedded
 * station) and GridFS (a station on MongoDB; FerretDB in the tests, started by the
 * project's global setup).
 */

const photo = (owner: string, byte: number) => ({
  bytes: Buffer.alloc(300_000, byte),
  contentType: "image/jpeg",
  owner,
});

const mediaStoreContract = (
  name: string,
  open: () => Promise<{ media: MediaStore; close: () => Promise<void> }>,
) =>
  describe(`${name} media store`, () => {
    let media: MediaStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ media, close } = await open());
    });
    afterAll(async () => close());

    it("gives back a photo by its reference, bytes, type and owner intact, in its community only", async () => {
      const reference = await media.put("jinshan-wanda", photo("c-1", 7));
      expect(reference).toMatch(/^p-[0-9a-f-]{36}\.jpg$/);
      const stored = await media.get("jinshan-wanda", reference);
      expect(stored?.owner).toBe("c-1");
      expect(stored?.contentType).toBe("image/jpeg");
      expect(stored?.bytes.equals(photo("c-1", 7).bytes)).toBe(true);
      expect(await media.get("shanyang-town", reference)).toBeUndefined();
    });

    it("answers nothing for a reference it never made, a path included", async () => {
      expect(
        await media.get("jinshan-wanda", "p-00000000-0000-0000-0000-000000000000.jpg"),
      ).toBeUndefined();
      expect(await media.get("jinshan-wanda", "../owners.json")).toBeUndefined();
      expect(await media.remove("jinshan-wanda", "../owners.json")).toBe(false);
    });

    it("removes one photo, and then has nothing under its reference", async () => {
      const reference = await media.put("jinshan-wanda", photo("c-2", 1));
      expect(await media.remove("jinshan-wanda", reference)).toBe(true);
      expect(await media.get("jinshan-wanda", reference)).toBeUndefined();
      expect(await media.remove("jinshan-wanda", reference)).toBe(false);
    });

    it("removes every photo of an erased courier and no one else's", async () => {
      const theirs = [
        await media.put("jinshan-wanda", photo("c-erased", 2)),
        await media.put("jinshan-wanda", photo("c-erased", 3)),
      ];
      const elsewhere = await media.put("shanyang-town", photo("c-erased", 4));
      const others = await media.put("jinshan-wanda", photo("c-kept", 5));
      expect(await media.removeOwnedBy("jinshan-wanda", "c-erased")).toBe(2);
      for (const reference of theirs) {
        expect(await media.get("jinshan-wanda", reference)).toBeUndefined();
      }
      expect(await media.get("jinshan-wanda", others)).toBeDefined();
      expect(await media.get("shanyang-town", elsewhere)).toBeDefined();
      expect(await media.removeOwnedBy("jinshan-wanda", "c-erased")).toBe(0);
    });
  });

mediaStoreContract("file", async () => {
  const directory = await mkdtemp(join(tmpdir(), "media-store-"));
  return {
    media: fileMediaStore(directory),
    close: () => rm(directory, { recursive: true, force: true }),
  };
});

mediaStoreContract("GridFS", async () => {
  const uri = process.env.MONGODB_URI;
  if (uri === undefined)
    throw new Error("MONGODB_URI is set by the global setup; run with vitest.");
  const client = await MongoClient.connect(uri);
  const database = client.db(`media_${Date.now().toString(36)}`);
  return {
    media: gridFsMediaStore(database),
    close: async () => {
      await database.dropDatabase();
      await client.close();
    },
  };
});
