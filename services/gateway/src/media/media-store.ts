import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A stored photo: its bytes, type and who uploaded it. */
export interface StoredPhoto {
  readonly bytes: Buffer;
  readonly contentType: string;
  /** The actor id of the uploader. */
  readonly owner: string;
}

/**
 * Where photos are kept: files under the data directory by default; a district can plug
 * in its object storage (or GridFS) with these four functions.
 */
export interface MediaStore {
  /** Keeps a photo and returns its reference (safe in a URL path segment). */
  readonly put: (community: string, photo: StoredPhoto) => Promise<string>;
  readonly get: (community: string, reference: string) => Promise<StoredPhoto | undefined>;
  readonly remove: (community: string, reference: string) => Promise<boolean>;
  /** Removes every photo an owner uploaded (a courier's erasure); returns how many. */
  readonly removeOwnedBy: (community: string, owner: string) => Promise<number>;
}

const referencePattern = /^p-[0-9a-f-]{36}\.jpg$/;
const communityPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Photos as files under a directory: `<directory>/<community>/<reference>` with a JSON
 * side file naming the owner. References are made here (random), never taken from a
 * client, so no path can leave the directory.
 */
export const fileMediaStore = (directory: string): MediaStore => {
  const folder = (community: string) => {
    if (!communityPattern.test(community)) throw new Error("not a community id");
    return join(directory, community);
  };
  const ownersFile = (community: string) => join(folder(community), "owners.json");
  const readOwners = async (community: string): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(ownersFile(community), "utf8")) as Record<string, string>;
    } catch {
      return {};
    }
  };
  // One process writes one community's index at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <A>(work: () => Promise<A>): Promise<A> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    put: (community, photo) =>
      serial(async () => {
        const reference = `p-${randomUUID()}.jpg`;
        await mkdir(folder(community), { recursive: true });
        await writeFile(join(folder(community), reference), photo.bytes);
        const owners = await readOwners(community);
        owners[reference] = photo.owner;
        await writeFile(ownersFile(community), JSON.stringify(owners));
        return reference;
      }),
    get: async (community, reference) => {
      if (!referencePattern.test(reference)) return undefined;
      try {
        const bytes = await readFile(join(folder(community), reference));
        const owner = (await readOwners(community))[reference] ?? "";
        return { bytes, contentType: "image/jpeg", owner };
      } catch {
        return undefined;
      }
    },
    remove: (community, reference) =>
      serial(async () => {
        if (!referencePattern.test(reference)) return false;
        const owners = await readOwners(community);
        if (!Object.hasOwn(owners, reference)) return false;
        delete owners[reference];
        await rm(join(folder(community), reference), { force: true });
        await writeFile(ownersFile(community), JSON.stringify(owners));
        return true;
      }),
    removeOwnedBy: (community, owner) =>
      serial(async () => {
        const owners = await readOwners(community);
        let removed = 0;
        for (const [reference, holder] of Object.entries(owners)) {
          if (holder !== owner) continue;
          await rm(join(folder(community), reference), { force: true });
          delete owners[reference];
          removed += 1;
        }
        if (removed > 0) await writeFile(ownersFile(community), JSON.stringify(owners));
        return removed;
      }),
  };
};
