import { useSession } from "../auth/session";

/** The signed-in courier's community and id, for the paths of their own records. */
export const useCourier = () => {
  const { session, client } = useSession();
  if (session === undefined) throw new Error("The courier's pages are shown signed in.");
  return {
    client,
    community: session.community,
    courierId: session.subject,
    /** The path parameters of the courier's own records. */
    own: { community: session.community, courierId: session.subject },
  };
};

/** A fresh command id for one intent, sent as `Idempotency-Key` so a retry is the same command. */
export const newCommandId = (): string => crypto.randomUUID();
