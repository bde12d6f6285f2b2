import { useMemo } from 'react';
import { useUiLanguage } from './use-ui-language.ts';

/** Formats counts for the UI language (1,234). */
export function useCountFormat(): (n: number) => string {
  const language = useUiLanguage();
  return useMemo(() => {
    const format = new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US');
    return (n: number) => format.format(n);
  }, [language]);
}
