const storageKey = "courier-station.community";

/** A community id as the gateway takes it. */
export const communityPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * The community a courier signs in to: the `community` of the address (a station's poster
 * links to `/?community=…`), else the one used last on this phone, else none.
 */
export const communityOfPage = (): string | undefined => {
  const fromAddress = new URLSearchParams(globalThis.location?.search ?? "").get("community");
  if (fromAddress !== null && communityPattern.test(fromAddress)) return fromAddress;
  try {
    const remembered = globalThis.localStorage?.getItem(storageKey);
    return remembered !== null && remembered !== undefined && communityPattern.test(remembered)
      ? remembered
      : undefined;
  } catch {
    return undefined;
  }
};

/** Remembers the community a courier signed in to, for the next visit. */
export const rememberCommunity = (community: string): void => {
  try {
    globalThis.localStorage?.setItem(storageKey, community);
  } catch {
    // Nothing kept: the courier types it again next time.
  }
};
