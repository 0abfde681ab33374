import type { Client } from "openapi-fetch";
import { createContext, useContext } from "react";
import type { paths } from "../api/schema";

/** The languages of the pages. */
export type Language = "zh-CN" | "en";

/** What a console or sponsor page needs of the app: the typed client, the community and the language. */
export interface GatewayAccess {
  readonly client: Client<paths>;
  readonly community: string;
  readonly language: Language;
  /** The text in the page's language, given in both. */
  readonly tx: (zh: string, en: string) => string;
}

/** The app's client, the signed-in community and the language, given to the staff and sponsor pages. */
export const GatewayAccessContext = createContext<GatewayAccess | undefined>(undefined);

/** The text chooser of a language: `tx("核验", "Verify")`. */
export const textIn =
  (language: Language) =>
  (zh: string, en: string): string =>
    language === "zh-CN" ? zh : en;

/** The typed client, the signed-in community and the page's language (from {@link GatewayAccessContext}). */
export const useGateway = (): GatewayAccess => {
  const access = useContext(GatewayAccessContext);
  if (access === undefined) {
    throw new Error(
      "The staff and sponsor pages are rendered inside a GatewayAccessContext provider.",
    );
  }
  return access;
};
