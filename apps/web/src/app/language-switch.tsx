import { type Language, useLanguage } from "../i18n/language";

/**
 * The zh-CN / English switch, a plain button so it works the same on the phone and the
 * desktop pages; the choice is remembered.
 */
export const LanguageSwitch = (props: { readonly className?: string }) => {
  const { language, setLanguage } = useLanguage();
  const other: Language = language === "zh-CN" ? "en" : "zh-CN";
  return (
    <button
      type="button"
      className={props.className ?? "language-switch"}
      lang={other}
      aria-label={language === "zh-CN" ? "Switch to English" : "切换到中文"}
      onClick={() => setLanguage(other)}
    >
      {language === "zh-CN" ? "English" : "中文"}
    </button>
  );
};
