/** One figure of the dashboard: a titled panel (a landmark named by its heading) with a short caption. */
import { Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function DashboardSection({
  id,
  heading,
  caption,
  children,
}: {
  id: string;
  heading: string;
  caption: string;
  children: ReactNode;
}) {
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby={id}
      className="dashboard-section"
    >
      <Title order={2} size="h3" id={id}>
        {heading}
      </Title>
      <Text size="sm" c="gray.7" mb="sm">
        {caption}
      </Text>
      {children}
    </Paper>
  );
}
