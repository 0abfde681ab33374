import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";

/** The languages of the pages: Chinese first, English on request. */
export type Language = "zh-CN" | "en";

const storageKey = "courier-station.language";

/** The language a person chose before (remembered in the browser), else zh-CN. */
export const rememberedLanguage = (): Language => {
  try {
    return globalThis.localStorage?.getItem(storageKey) === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN";
  }
};

/** What every page needs to speak the person's language. */
export interface LanguageAccess {
  readonly language: Language;
  readonly setLanguage: (language: Language) => void;
  /** The text in the page's language, given in both: `tx("签到", "Check in")`. */
  readonly tx: (zh: string, en: string) => string;
  /** A date (and time) in the language's format, in the community's time zone. */
  readonly formatDateTime: (value: string | number | Date, withTime?: boolean) => string;
  /** A number in the language's format. */
  readonly formatNumber: (value: number) => string;
}

const LanguageContext = createContext<LanguageAccess | undefined>(undefined);

/** The community's time zone: every station of the programme is in Shanghai's. */
export const communityTimeZone = "Asia/Shanghai";

/** The pages' language, switched by the person and remembered, with `Intl` formatting. */
export const LanguageProvider = (props: {
  readonly initial?: Language;
  readonly children: ReactNode;
}) => {
  const [language, setState] = useState<Language>(props.initial ?? rememberedLanguage());
  const setLanguage = useCallback((next: Language) => {
    setState(next);
    try {
      globalThis.localStorage?.setItem(storageKey, next);
    } catch {
      // A browser that keeps nothing (private mode): the choice lasts for this page.
    }
    document.documentElement.lang = next;
  }, []);
  const access = useMemo<LanguageAccess>(() => {
    const dates = new Intl.DateTimeFormat(language, {
      dateStyle: "medium",
      timeZone: communityTimeZone,
    });
    const dateTimes = new Intl.DateTimeFormat(language, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: communityTimeZone,
    });
    const numbers = new Intl.NumberFormat(language);
    return {
      language,
      setLanguage,
      tx: (zh, en) => (language === "zh-CN" ? zh : en),
      formatDateTime: (value, withTime = true) =>
        (withTime ? dateTimes : dates).format(new Date(value)),
      formatNumber: (value) => numbers.format(value),
    };
  }, [language, setLanguage]);
  return <LanguageContext.Provider value={access}>{props.children}</LanguageContext.Provider>;
};

/** The page's language, its text chooser and formatters (inside {@link LanguageProvider}). */
export const useLanguage = (): LanguageAccess => {
  const access = useContext(LanguageContext);
  if (access === undefined) throw new Error("useLanguage is used inside a LanguageProvider.");
  return access;
};
