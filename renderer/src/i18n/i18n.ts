/**
 * i18next set up with the bundled resources. The language comes from the stored choice (Japanese by
 * default); every change is remembered and reflected in <html lang>, which also makes the browser
 * pick Japanese glyph shapes for kanji.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { ja, type Messages } from './ja.ts';
import { isUiLanguage, rememberLanguage, storedLanguage } from './language.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export async function initI18n(): Promise<typeof i18next> {
  const language = storedLanguage();
  i18next.on('languageChanged', (lng) => {
    if (!isUiLanguage(lng)) return;
    document.documentElement.lang = lng;
    document.title = i18next.t('app.name');
    rememberLanguage(lng);
  });
  await i18next.use(initReactI18next).init({
    resources: { ja: { translation: ja }, en: { translation: en } },
    lng: language,
    fallbackLng: 'ja',
    supportedLngs: ['ja', 'en'],
    // React escapes text itself.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  document.title = i18next.t('app.name');
  return i18next;
}
