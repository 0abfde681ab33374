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
  /**
   * Reads the slots where these ids would be, ahead of looking them up; a hint that
   * changes nothing (see {@link transferIndexOver}).
   */
  readonly prefetch: (ids: ReadonlyArray<string>) => void;
}

// FNV-1a over UTF-16 code units, 32 bits (as a signed 32-bit integer, as the table stores it).
const hashOf = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
};

const INITIAL_SLOTS = 1_024;

/**
 * An index over an id column that the ledger appends to. Each slot is two integers side
 * by side: `position + 1` (0 is empty) and the id's hash. A probe compares hashes first,
 * so it reads the id column (and the id string, both far away in memory) only for a
 * likely match: at a million transfers those reads, not the hashing, were the index's
 * cost. The stored hashes also let the table grow without hashing every id again. The
 * table doubles when half full, so probes stay short.
 */
export const transferIndexOver = (ids: ReadonlyArray<string>): TransferIndex => {
  let table = new Int32Array(2 * INITIAL_SLOTS);
  let mask = INITIAL_SLOTS - 1;
  let size = 0;
  // The ledger looks an id up and then adds it: remember the last hash so it is computed once.
  let lastId: string | undefined;
  let lastHash = 0;
  // What `prefetch` read, kept so the compiler cannot drop the reads as unused.
  let touched = 0;

  const hashOfId = (id: string): number => {
    if (id !== lastId) {
      lastHash = hashOf(id);
      lastId = id;
    }
    return lastHash;
  };

  const place = (entry: number, hash: number): void => {
    let slot = hash & mask;
    while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
    table[2 * slot] = entry;
    table[2 * slot + 1] = hash;
  };

  return {
    positionOf: (id) => {
      const hash = hashOfId(id);
      let slot = hash & mask;
      for (;;) {
        const entry = table[2 * slot] as number;
        if (entry === 0) return -1;
        if (table[2 * slot + 1] === hash && ids[entry - 1] === id) return entry - 1;
        slot = (slot + 1) & mask;
      }
    },
    add: (position) => {
      if ((size + 1) * 2 > mask + 1) {
        const old = table;
        table = new Int32Array(old.length * 2);
        mask = old.length - 1;
        for (let slot = 0; slot < old.length; slot += 2) {
          const entry = old[slot] as number;
          if (entry !== 0) place(entry, old[slot + 1] as number);
        }
      }
      place(position + 1, hashOfId(ids[position] as string));
      size += 1;
    },
    removeLast: (position) => {
      // Linear probing cannot leave a hole, so remove the entry and re-place the
      // entries of the cluster after it.
      let slot = hashOfId(ids[position] as string) & mask;
      while (table[2 * slot] !== position + 1) slot = (slot + 1) & mask;
      table[2 * slot] = 0;
      size -= 1;
      for (let next = (slot + 1) & mask; table[2 * next] !== 0; next = (next + 1) & mask) {
        const entry = table[2 * next] as number;
        const hash = table[2 * next + 1] as number;
        table[2 * next] = 0;
        place(entry, hash);
      }
    },
    // At a million transfers the table is far larger than the CPU's caches and ids hash
    // to random slots, so nearly every lookup waits for memory. Reading a batch's slots in
    // a loop of independent reads lets the CPU wait for many at once; the lookups that
    // follow then find them in cache.
    prefetch: (batch) => {
      let sum = 0;
      for (let index = 0; index < batch.length; index++) {
        sum += table[2 * (hashOf(batch[index] as string) & mask)] as number;
      }
      touched = (touched + sum) | 0;
    },
  };
};
