/** Reading and driving the overview screen the way a person does: keyboard, labels, visible text. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { dayOfWeek, holidayName } from '../../domain/calendar.ts';
import type { ExpectedDay } from './expected-overview.ts';
import { countCellLabels, dayHeadingText, type Lang, uiText } from './ui-text.ts';

/**
 * Presses Tab (Shift+Tab when `backward`) until the focused element's label or text is `text`;
 * fails after `max` presses.
 */
export async function tabTo(page: Page, text: string, options: { backward?: boolean; max?: number } = {}) {
  const max = options.max ?? 60;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(options.backward ? 'Shift+Tab' : 'Tab');
    if ((await focusedText(page)) === text) return;
  }
  throw new Error(
    `"${text}" was not reached with ${max} presses of ${options.backward ? 'Shift+Tab' : 'Tab'}`,
  );
}

export function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const label =
      el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent;
    return (label ?? '').trim();
  });
}

export async function waitForDay(page: Page, iso: string, lang: Lang): Promise<void> {
  await page.getByRole('heading', { level: 2, name: dayHeadingText(iso, lang), exact: true }).waitFor();
}

/**
 * Waits until the overview shows `expected.date` and checks every venue row and the totals against
 * the database figures; on a day without slots, checks the empty state instead.
 */
export async function expectOverviewShows(page: Page, expected: ExpectedDay, lang: Lang): Promise<void> {
  const t = await uiText(lang);
  await waitForDay(page, expected.date, lang);
  if (expected.totals.slotCount === 0) {
    await page.getByText(t('overview.empty.title'), { exact: true }).waitFor();
    const holiday = holidayName(expected.date, lang);
    const why = holiday
      ? t('overview.empty.holiday', { name: holiday })
      : dayOfWeek(expected.date) === 0
        ? t('overview.empty.sunday')
        : t('overview.empty.description');
    await page.getByText(why, { exact: true }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    return;
  }
  const heading = dayHeadingText(expected.date, lang);
  const table = page.getByRole('table', { name: t('overview.tableCaption', { date: heading }) });
  await table.waitFor();

  for (const venue of expected.venues) {
    // A `has` locator is matched inside the row, so it starts from the page, not from the table.
    const header = page.getByRole('rowheader', {
      name: `${venue.name} ${t(`overview.kind.${venue.kind}`)}`,
      exact: true,
    });
    const row = table.getByRole('row').filter({ has: header });
    expect(await row.count(), `row of ${venue.name}`).toBe(1);
    expect(await labelledCells(row), venue.name).toEqual(countCellLabels(venue, lang, t));
  }
  const totalsRow = table.getByRole('row').filter({
    has: page.getByRole('rowheader', { name: t('overview.total'), exact: true }),
  });
  expect(await labelledCells(totalsRow), 'totals').toEqual(countCellLabels(expected.totals, lang, t));
}

/** The accessible names of the row's cells that carry a label (the count cells). */
async function labelledCells(row: Locator): Promise<string[]> {
  return row
    .getByRole('cell')
    .evaluateAll((cells) =>
      cells.map((c) => c.getAttribute('aria-label')).filter((l): l is string => l !== null),
    );
}
