/** The providers around the shell: Mantine (theme, notifications) and react-query. */
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect } from 'react';
import { AppLayout } from './AppLayout.tsx';
import { invalidateOnDataChange } from './query-client.ts';
import { theme } from './theme.ts';

export function App({ queryClient }: { queryClient: QueryClient }) {
  useEffect(() => invalidateOnDataChange(queryClient), [queryClient]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <AppLayout />
      </QueryClientProvider>
    </MantineProvider>
  );
}
