/**
 * Two languages, chosen on the login page or in the header and remembered in localStorage (a
 * preference, not a secret). The antd locale and dayjs follow the same choice (see app.tsx).
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enUS } from './en-US';
import { zhCN } from './zh-CN';

export type Language = 'en-US' | 'zh-CN';
export const LANGUAGES: readonly { readonly code: Language; readonly name: string }[] = [
  { code: 'zh-CN', name: '中文' },
  { code: 'en-US', name: 'English' },
];
const PREFERENCE = 'kindly.console.language';

function initialLanguage(): Language {
  const kept = localStorage.getItem(PREFERENCE);
  if (kept === 'en-US' || kept === 'zh-CN') return kept;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
}

export function chooseLanguage(language: Language): void {
  localStorage.setItem(PREFERENCE, language);
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

export function currentLanguage(): Language {
  return i18n.language === 'zh-CN' ? 'zh-CN' : 'en-US';
}

void i18n.use(initReactI18next).init({
  resources: { 'en-US': { translation: enUS }, 'zh-CN': { translation: zhCN } },
  lng: initialLanguage(),
  fallbackLng: 'en-US',
  // React escapes what it renders already.
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18n.language;

export { i18n };
