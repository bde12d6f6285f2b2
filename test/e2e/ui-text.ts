/**
 * The texts the tests look for, taken from the app's own translation resources through a separate
 * i18next instance, and the date headings built independently of the renderer's formatting code.
 */
import i18next, { type TFunction } from 'i18next';
import type { BookingChannel } from '../../domain/api/contract.ts';
import { dayOfWeek, isoDateParts } from '../../domain/calendar.ts';
import { formatEraDate } from '../../domain/era-date.ts';
import { en } from '../../renderer/src/i18n/en.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import type { ExpectedVenue } from './expected-overview.ts';

export type Lang = 'ja' | 'en';

export async function uiText(lang: Lang): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { ja: { translation: ja }, en: { translation: en } },
    lng: lang,
    interpolation: { escapeValue: false },
  });
  return instance.t;
}

/** 「2026年11月22日（日）」 / "Sunday, November 22, 2026". */
export function dayHeadingText(iso: string, lang: Lang): string {
  const { y, m, d } = isoDateParts(iso);
  if (lang === 'ja') return `${y}年${m}月${d}日（${'日月火水木金土'[dayOfWeek(iso)]}）`;
  const date = new Date(`${iso}T00:00:00Z`);
  const weekday = date.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
  const month = date.toLocaleDateString('en-US', { month: 'long', timeZone: 'UTC' });
  return `${weekday}, ${month} ${d}, ${y}`;
}

export function eraLineText(iso: string): string {
  return formatEraDate(iso);
}

const channels: BookingChannel[] = ['phone', 'online', 'walk_in'];

type Counts = Pick<ExpectedVenue, 'openSlotCount' | 'slotCount' | 'capacity' | 'booked' | 'remaining'>;

/** The labels of a row's count cells, in column order. */
export function countCellLabels(counts: Counts, lang: Lang, t: TFunction): string[] {
  const n = new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US').format;
  return [
    t('overview.cellLabel.slots', { open: n(counts.openSlotCount), total: n(counts.slotCount) }),
    t('overview.cellLabel.capacity', { n: n(counts.capacity) }),
    ...channels.map((channel) =>
      t('overview.cellLabel.booked', {
        channel: t(`overview.channel.${channel}`),
        n: n(counts.booked[channel]),
      }),
    ),
    t('overview.cellLabel.remaining', { n: n(counts.remaining) }),
  ];
}
