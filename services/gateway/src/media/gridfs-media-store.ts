import { randomUUID } from "node:crypto";
import type { Db, GridFSFile } from "mongodb";
import { GridFSBucket } from "mongodb";
import type { MediaStore, StoredPhoto } from "./media-store.js";

const referencePattern = /^p-[0-9a-f-]{36}\.jpg$/;

interface PhotoMetadata {
  readonly community: string;
  readonly owner: string;
  readonly contentType: string;
}

const metadataOf = (file: GridFSFile): PhotoMetadata | undefined => {
  const metadata = file.metadata as Partial<PhotoMetadata> | undefined;
  return typeof metadata?.community === "string" && typeof metadata.owner === "string"
    ? {
        community: metadata.community,
        owner: metadata.owner,
        contentType: metadata.contentType ?? "image/jpeg",
      }
    : undefined;
};

/**
 * Photos in GridFS, for a station whose store is MongoDB: every instance of the gateway
 * then sees the same photos, and the database's backup holds them. Each photo is one
 * GridFS file named by its reference, with its community, owner and type as metadata;
 * references are made here (random), never taken from a client.
 *
 * GridFS is plain collections (`<bucket>.files`, `<bucket>.chunks`) written by the
 * driver, so it works on FerretDB too; a photo is written before its reference is given
 * out, so a crash mid-upload leaves at most an unreferenced file, never a reference to
 * half a photo.
 *
 * @example
 * const client = await MongoClient.connect(uri);
 * const media = gridFsMediaStore(client.db("courier_station"));
 * const reference = await media.put("jinshan-wanda", { bytes, contentType: "image/jpeg", owner: "c-1" });
 */
export const gridFsMediaStore = (database: Db, bucketName = "photos"): MediaStore => {
  const bucket = new GridFSBucket(database, { bucketName });
  const filesOf = (filter: Record<string, unknown>) => bucket.find(filter).toArray();
  const fileNamed = async (community: string, reference: string) => {
    if (!referencePattern.test(reference)) return undefined;
    const [file] = await filesOf({ filename: reference, "metadata.community": community });
    return file;
  };
  const read = (file: GridFSFile) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      bucket
        .openDownloadStream(file._id)
        .on("data", (chunk: Buffer) => chunks.push(chunk))
        .once("error", reject)
        .once("end", () => resolve(Buffer.concat(chunks)));
    });
  return {
    put: async (community: string, photo: StoredPhoto) => {
      const reference = `p-${randomUUID()}.jpg`;
      const metadata: PhotoMetadata = {
        community,
        owner: photo.owner,
        contentType: photo.contentType,
      };
      await new Promise<void>((resolve, reject) => {
        const upload = bucket.openUploadStream(reference, { metadata });
        upload.once("error", reject).once("finish", () => resolve());
        upload.end(photo.bytes);
      });
      return reference;
    },
    get: async (community, reference) => {
      const file = await fileNamed(community, reference);
      const metadata = file === undefined ? undefined : metadataOf(file);
      if (file === undefined || metadata === undefined) return undefined;
      return { bytes: await read(file), contentType: metadata.contentType, owner: metadata.owner };
    },
    remove: async (community, reference) => {
      const file = await fileNamed(community, reference);
      if (file === undefined) return false;
      await bucket.delete(file._id);
      return true;
    },
    removeOwnedBy: async (community, owner) => {
      const files = await filesOf({ "metadata.community": community, "metadata.owner": owner });
      for (const file of files) await bucket.delete(file._id);
      return files.length;
    },
  };
};
