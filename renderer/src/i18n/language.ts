/** The UI languages, the stored choice, and keeping <html lang> in step with it. */
export const uiLanguages = ['ja', 'en'] as const;
export type UiLanguage = (typeof uiLanguages)[number];

const storageKey = 'vaccine-desk.language';

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (uiLanguages as readonly string[]).includes(value);
}

/** Japanese unless the user picked another language on this machine before. */
export function storedLanguage(): UiLanguage {
  try {
    const value = localStorage.getItem(storageKey);
    return isUiLanguage(value) ? value : 'ja';
  } catch {
    return 'ja';
  }
}

export function rememberLanguage(language: UiLanguage): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Storage disabled: the choice lasts for this page only.
  }
}
