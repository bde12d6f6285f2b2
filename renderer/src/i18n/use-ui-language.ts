import { useTranslation } from 'react-i18next';
import { isUiLanguage, type UiLanguage } from './language.ts';

/** The UI language; components using it re-render when it changes. */
export function useUiLanguage(): UiLanguage {
  const { i18n } = useTranslation();
  return isUiLanguage(i18n.language) ? i18n.language : 'ja';
}
