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

// FNV-1a over UTF-16 code units, 32 bits.
const hashOf = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

/**
 * An index over an id column that the ledger appends to. Slots hold `position + 1`
 * (0 is empty); the table doubles when half full, so probes stay short.
 *
 * Slots hold nothing else: storing each id's hash beside its position spares reading
 * ids on a probe, but doubles the table, and the ledger's typed columns and this table
 * live outside the JavaScript heap, where growing by about 64 MB makes V8 start a full
 * collection. At a million transfers that collection cost more than the probes saved.
 */
export const transferIndexOver = (ids: ReadonlyArray<string>): TransferIndex => {
  let table = new Int32Array(1_024);
  let mask = table.length - 1;
  let size = 0;
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
      let slot = hashOfId(id) & mask;
      for (;;) {
        const entry = table[slot] as number;
        if (entry === 0) return -1;
        if (ids[entry - 1] === id) return entry - 1;
        slot = (slot + 1) & mask;
      }
    },
    add: (position) => {
      if ((size + 1) * 2 > table.length) {
        table = new Int32Array(table.length * 2);
        mask = table.length - 1;
        for (let existing = 0; existing < size; existing++) {
          place(existing, hashOf(ids[existing] as string));
        }
      }
      place(position, hashOfId(ids[position] as string));
      size += 1;
    },
    removeLast: (position) => {
      // Linear probing cannot leave a hole, so remove the entry and re-place the
      // entries of the cluster after it.
      let slot = hashOfId(ids[position] as string) & mask;
      while (table[slot] !== position + 1) slot = (slot + 1) & mask;
      table[slot] = 0;
      size -= 1;
      for (let next = (slot + 1) & mask; table[next] !== 0; next = (next + 1) & mask) {
        const entry = table[next] as number;
        table[next] = 0;
        place(entry - 1, hashOf(ids[entry - 1] as string));
      }
    },
  };
};
