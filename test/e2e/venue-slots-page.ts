/** Driving the venues and slots screen (会場・枠) as a manager does: from the menu to the grid, by keyboard. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { tabTo } from './overview-page.ts';

export const activeSlotId = (page: Page) =>
  page.getByRole('grid').getAttribute('data-active-slot') as Promise<string>;

/** From the navbar to the slots grid, by keyboard. */
export async function openSlotsScreen(page: Page): Promise<void> {
  await tabTo(page, '会場・枠');
  await page.keyboard.press('Enter');
  await focusSlotsGrid(page);
}

/** On the screen already: Tab to the slots grid. */
export async function focusSlotsGrid(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: '会場・枠' }).waitFor();
  const grid = page.getByRole('grid');
  await grid.waitFor();
  const label = (await grid.getAttribute('aria-label'))!;
  expect(label).toMatch(/の接種枠$/);
  await tabTo(page, label);
}

/** ↓ until the active slot is one `wanted` accepts (fails after 200 slots). */
export async function moveToSlot<T>(page: Page, wanted: (slotId: string) => T | null): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = wanted(await activeSlotId(page));
    if (found !== null) return found;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error('no wanted slot reached with ↓');
}
