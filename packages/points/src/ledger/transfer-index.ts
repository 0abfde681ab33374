/**
 * The ledger's index from transfer id to position: an open-addressing hash table over
 * an `Int32Array`, with the ids themselves kept in the ledger's id column. For a million
 * transfers it is smaller and faster than a `Map` (no entry objects; one probe in a flat
 * array for the usual case of a new id), which is what the ledger's hot path asks most.
 */
export interface TransferIndex {
  /** The position of an id, or -1. */
  readonly positionOf: (id: string) => number;
  /** Records that `ids[position]` is at `position` (the id must not be indexed yet). */
  readonly add: (position: number) => void;
  /** Forgets the last position added (a linked chain that failed). */
  readonly removeLast: (position: number) => void;
}

// FNV-1a over UTF-16 code units, 32 bits (signed, as the hash column keeps it).
const hashOf = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
};

/**
 * An index over an id column that the ledger appends to. Slots hold `position + 1`
 * (0 is empty); the table doubles when half full, so probes stay short.
 *
 * Each id's hash is also kept by position. A probe compares it before the id: at a
 * million transfers the slots it passes point anywhere in the id column, and reading an
 * id there (the column's cell, then the string) is two waits on memory where the hash is
 * one; growing re-places ids by their kept hashes instead of hashing them again. The hash
 * is not kept in the slot itself: that would double the table, and the ledger's typed
 * columns and this table live outside the JavaScript heap, where growing by about 64 MB
 * makes V8 start a full collection, which at that size costs more than the probes save.
 */
export const transferIndexOver = (ids: ReadonlyArray<string>): TransferIndex => {
  let table = new Int32Array(1_024);
  let mask = table.length - 1;
  let size = 0;
  /** The hash of the id at each position. */
  let hashes = new Int32Array(512);
  // The ledger looks an id up and then adds it: remember the last hash so it is computed once.
  let lastId: string | undefined;
  let lastHash = 0;

  const hashOfId = (id: string): number => {
    if (id !== lastId) {
      lastHash = hashOf(id);
      lastId = id;
    }
    return lastHash;
  };

  const place = (position: number, hash: number): void => {
    let slot = hash & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = position + 1;
  };

  return {
    positionOf: (id) => {
      const hash = hashOfId(id);
      let slot = hash & mask;
      for (;;) {
        const entry = table[slot] as number;
        if (entry === 0) return -1;
        if (hashes[entry - 1] === hash && ids[entry - 1] === id) return entry - 1;
        slot = (slot + 1) & mask;
      }
    },
    add: (position) => {
      if (position >= hashes.length) {
        const grown = new Int32Array(hashes.length * 2);
        grown.set(hashes);
        hashes = grown;
      }
      if ((size + 1) * 2 > table.length) {
        table = new Int32Array(table.length * 2);
        mask = table.length - 1;
        for (let existing = 0; existing < size; existing++) {
          place(existing, hashes[existing] as number);
        }
      }
      const hash = hashOfId(ids[position] as string);
      hashes[position] = hash;
      place(position, hash);
      size += 1;
    },
    removeLast: (position) => {
      // Linear probing cannot leave a hole, so remove the entry and re-place the
      // entries of the cluster after it.
      let slot = (hashes[position] as number) & mask;
      while (table[slot] !== position + 1) slot = (slot + 1) & mask;
      table[slot] = 0;
      size -= 1;
      for (let next = (slot + 1) & mask; table[next] !== 0; next = (next + 1) & mask) {
        const entry = table[next] as number;
        table[next] = 0;
        place(entry - 1, hashes[entry - 1] as number);
      }
    },
  };
};
