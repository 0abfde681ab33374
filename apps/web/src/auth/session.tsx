import type { Client } from "openapi-fetch";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { gatewayClient, type SignedIn, unwrap } from "../api/client";
import type { paths } from "../api/schema";
import { useLanguage } from "../i18n/language";

/** A signed-in person: the gateway's tokens and the community the pages work in. */
export interface Session extends SignedIn {
  /** The community the pages act in (the first of the token's, or the one signed in to). */
  readonly community: string;
}

const storageKey = "courier-station.session";

const readStoredSession = (): Session | undefined => {
  try {
    const text = globalThis.localStorage?.getItem(storageKey);
    if (text === null || text === undefined) return undefined;
    const value = JSON.parse(text) as Partial<Session>;
    return typeof value.accessToken === "string" &&
      typeof value.refreshToken === "string" &&
      typeof value.subject === "string" &&
      typeof value.community === "string" &&
      Array.isArray(value.roles) &&
      Array.isArray(value.communities)
      ? (value as Session)
      : undefined;
  } catch {
    return undefined;
  }
};

const storeSession = (session: Session | undefined): void => {
  try {
    if (session === undefined) globalThis.localStorage?.removeItem(storageKey);
    else globalThis.localStorage?.setItem(storageKey, JSON.stringify(session));
  } catch {
    // A browser that keeps nothing: the session lasts for this page.
  }
};

/** The session, the typed client that carries it, and the ways to sign in and out. */
export interface SessionAccess {
  readonly session: Session | undefined;
  readonly client: Client<paths>;
  /** Asks the gateway to send a courier a six-digit code by SMS. */
  readonly requestCode: (community: string, mobileNumber: string) => Promise<void>;
  /** A courier signs in with their mobile number and the code. */
  readonly signInWithCode: (
    community: string,
    mobileNumber: string,
    code: string,
  ) => Promise<Session>;
  /** Staff, handlers, auditors and sponsors sign in with a login and password. */
  readonly signInWithPassword: (login: string, password: string) => Promise<Session>;
  /** Revokes the refresh token and forgets the session. */
  readonly signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionAccess | undefined>(undefined);

/**
 * Keeps the person's tokens (in the browser's storage, so a reload keeps them signed in),
 * refreshes them when the gateway answers 401, and gives the pages the typed client.
 */
export const SessionProvider = (props: { readonly children: ReactNode }) => {
  const { language } = useLanguage();
  const [session, setSession] = useState<Session | undefined>(readStoredSession);
  const current = useRef(session);
  const languageRef = useRef(language);
  const refreshing = useRef<Promise<boolean> | undefined>(undefined);
  useEffect(() => {
    languageRef.current = language;
  }, [language]);

  const update = useCallback((next: Session | undefined) => {
    current.current = next;
    storeSession(next);
    setSession(next);
  }, []);

  const client = useMemo(
    () =>
      gatewayClient({
        accessToken: () => current.current?.accessToken,
        language: () => languageRef.current,
        refresh: () => {
          const signedIn = current.current;
          if (signedIn === undefined) return Promise.resolve(false);
          refreshing.current ??= fetch("/v1/auth/refreshes", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ refreshToken: signedIn.refreshToken }),
          })
            .then(async (response) => {
              if (!response.ok) {
                update(undefined);
                return false;
              }
              const tokens = (await response.json()) as SignedIn;
              update({ ...tokens, community: signedIn.community });
              return true;
            })
            .catch(() => false)
            .finally(() => {
              refreshing.current = undefined;
            });
          return refreshing.current;
        },
      }),
    [update],
  );

  const access = useMemo<SessionAccess>(
    () => ({
      session,
      client,
      requestCode: async (community, mobileNumber) => {
        await unwrap(client.POST("/v1/auth/codes", { body: { community, mobileNumber } }));
      },
      signInWithCode: async (community, mobileNumber, code) => {
        const tokens = await unwrap(
          client.POST("/v1/auth/code-sign-ins", { body: { community, mobileNumber, code } }),
        );
        const next: Session = { ...tokens, community };
        update(next);
        return next;
      },
      signInWithPassword: async (login, password) => {
        const tokens = await unwrap(
          client.POST("/v1/auth/password-sign-ins", { body: { login, password } }),
        );
        const next: Session = { ...tokens, community: tokens.communities[0] ?? "" };
        update(next);
        return next;
      },
      signOut: async () => {
        const signedIn = current.current;
        update(undefined);
        if (signedIn !== undefined) {
          await client
            .POST("/v1/auth/sign-outs", { body: { refreshToken: signedIn.refreshToken } })
            .catch(() => undefined);
        }
      },
    }),
    [session, client, update],
  );
  return <SessionContext.Provider value={access}>{props.children}</SessionContext.Provider>;
};

/** The session and the typed client (inside {@link SessionProvider}). */
export const useSession = (): SessionAccess => {
  const access = useContext(SessionContext);
  if (access === undefined) throw new Error("useSession is used inside a SessionProvider.");
  return access;
};

/** Whether a session acts in one of these roles. */
export const hasRole = (
  session: Session | undefined,
  roles: ReadonlyArray<string>,
): session is Session => session?.roles.some((role) => roles.includes(role)) === true;
