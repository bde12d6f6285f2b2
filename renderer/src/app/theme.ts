/**
 * The Mantine theme: type sized for long shifts (16px and up), Japanese fonts named first so kanji
 * get Japanese glyph shapes on every OS, a dark enough primary shade for contrast.
 */
import { createTheme, rem } from '@mantine/core';

const fontFamily = [
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  '"Hiragino Sans"',
  '"Hiragino Kaku Gothic ProN"',
  '"Noto Sans CJK JP"',
  '"Noto Sans JP"',
  '"Yu Gothic UI"',
  'Meiryo',
  'sans-serif',
].join(', ');

export const theme = createTheme({
  fontFamily,
  headings: { fontFamily, fontWeight: '700' },
  primaryColor: 'indigo',
  primaryShade: 7,
  defaultRadius: 'md',
  focusRing: 'auto',
  fontSizes: { xs: rem(14), sm: rem(16), md: rem(17), lg: rem(20), xl: rem(24) },
  lineHeights: { md: '1.6' },
});
