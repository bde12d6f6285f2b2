/**
 * The day on view, said the way residents say it, with previous / next day and back to today.
 * The heading is a live region so a screen reader announces the new day after each step.
 */
import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { addDays } from '../../../../domain/calendar.ts';
import { dayHeading } from '../../i18n/day-heading.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import { CalendarIcon, ChevronLeftIcon, ChevronRightIcon } from '../../icons/icons.tsx';

interface DayStepperProps {
  date: string;
  today: string;
  onChange: (date: string) => void;
}

export function DayStepper({ date, today, onChange }: DayStepperProps) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const heading = dayHeading(date, language, t);
  return (
    <Group justify="space-between" align="flex-end" gap="lg">
      <Stack gap={2} aria-live="polite">
        <Group gap="sm" align="center">
          <Title order={2} size="h2">
            {heading.full}
          </Title>
          {date === today && (
            <Badge size="lg" variant="filled" color="indigo" tt="none">
              {t('overview.isToday')}
            </Badge>
          )}
        </Group>
        {heading.era && (
          <Text size="md" c="gray.7">
            {heading.era}
          </Text>
        )}
      </Stack>
      <Group gap="xs" role="group" aria-label={t('overview.dayNavigation')}>
        <Button
          variant="default"
          size="md"
          leftSection={<ChevronLeftIcon />}
          onClick={() => onChange(addDays(date, -1))}
        >
          {t('overview.previousDay')}
        </Button>
        <Button variant="default" size="md" leftSection={<CalendarIcon />} onClick={() => onChange(today)}>
          {t('overview.today')}
        </Button>
        <Button
          variant="default"
          size="md"
          rightSection={<ChevronRightIcon />}
          onClick={() => onChange(addDays(date, 1))}
        >
          {t('overview.nextDay')}
        </Button>
      </Group>
    </Group>
  );
}
