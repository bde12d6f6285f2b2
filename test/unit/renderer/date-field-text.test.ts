/** The date field's text: written as the UI language writes a day, and read back in every typed form. */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { dateFieldText, readDateFieldText } from '../../../renderer/src/fields/date-text.ts';
import { en } from '../../../renderer/src/i18n/en.ts';
import { ja } from '../../../renderer/src/i18n/ja.ts';

const instance = i18next.createInstance();
await instance.init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: 'ja',
  interpolation: { escapeValue: false },
});

describe('a date field’s text', () => {
  it('is the Japanese form in Japanese and the English form in English, never mm/dd/yyyy', () => {
    expect(dateFieldText('2026-12-02', 'ja', instance.getFixedT('ja'))).toBe('2026年12月2日（水）');
    expect(dateFieldText('2026-12-02', 'en', instance.getFixedT('en'))).toBe('Wed, Dec 2, 2026');
  });

  it('reads back what it shows and what people type', () => {
    for (const typed of [
      '2026年12月2日（水）',
      '2026年12月2日(水)',
      '2026/12/2',
      '２０２６－１２－０２',
      '20261202',
      'R8.12.2',
      '令和8年12月2日',
      'Wed, Dec 2, 2026',
      'Wednesday, December 2, 2026',
      'Dec 2 2026',
    ]) {
      expect(readDateFieldText(typed), typed).toBe('2026-12-02');
    }
  });

  it('reads nothing from text that is no date', () => {
    for (const typed of ['', '12/02/2026', '2026/2/30', 'あした', 'Ju 2 2026', 'Smarch 2, 2026', 'R8']) {
      expect(readDateFieldText(typed), typed).toBeNull();
    }
  });
});
