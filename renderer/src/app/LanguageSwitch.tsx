/** 日本語 / English, as a radio group (arrow keys switch). The choice is stored by i18n. */
import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isUiLanguage, type UiLanguage, uiLanguages } from '../i18n/language.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const value: UiLanguage = isUiLanguage(i18n.language) ? i18n.language : 'ja';
  return (
    <SegmentedControl
      aria-label={t('language.label')}
      value={value}
      onChange={(next) => {
        if (isUiLanguage(next)) void i18n.changeLanguage(next);
      }}
      data={uiLanguages.map((lng) => ({ value: lng, label: t(`language.${lng}`) }))}
      size="sm"
    />
  );
}
