/** The providers around the shell: Mantine (theme, notifications, dates in the UI language) and react-query. */
import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import 'dayjs/locale/ja';
import { Notifications } from '@mantine/notifications';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useUiLanguage } from '../i18n/use-ui-language.ts';
import { AppLayout } from './AppLayout.tsx';
import { invalidateOnDataChange } from './query-client.ts';
import { theme } from './theme.ts';

export function App({ queryClient }: { queryClient: QueryClient }) {
  useEffect(() => invalidateOnDataChange(queryClient), [queryClient]);
  const language = useUiLanguage();
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      {/* Calendars in the UI language, weeks from Sunday as Japanese calendars print them. */}
      <DatesProvider settings={{ locale: language, firstDayOfWeek: 0, weekendDays: [0, 6] }}>
        {/* Bottom centre: over table text, never the filter and search fields at the top or the
            row buttons at the right (the venue day's search was covered at the top right). */}
        <Notifications position="bottom-center" />
        <QueryClientProvider client={queryClient}>
          <AppLayout />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
