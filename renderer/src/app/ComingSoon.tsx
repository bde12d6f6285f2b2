/** The designed placeholder for an area a later release fills in. */
import { Badge, Button, EmptyState, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ToolsIcon } from '../icons/icons.tsx';
import { type Area, defaultArea, hrefFor } from './routes.ts';

export function ComingSoon({ area }: { area: Area }) {
  const { t } = useTranslation();
  const name = t(area.labelKey);
  return (
    <Stack gap="xl">
      <Title order={1}>{name}</Title>
      <EmptyState
        variant="light"
        color="indigo"
        size="lg"
        styles={readableDescription}
        icon={<ToolsIcon size={36} />}
        title={t('comingSoon.title', { area: name })}
        description={t('comingSoon.description')}
        py="xl"
      >
        <EmptyState.Actions>
          <Badge size="lg" variant="outline" color="gray" tt="none">
            {t('comingSoon.badge')}
          </Badge>
          <Button component="a" href={hrefFor(defaultArea)}>
            {t('comingSoon.back')}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Stack>
  );
}

// Mantine's dimmed grey is below 4.5:1 on white; staff read this for hours.
const readableDescription = { description: { color: 'var(--mantine-color-gray-7)' } };
