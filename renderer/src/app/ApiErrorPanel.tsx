/** A failed API call shown in the user's language, with a way to try again. Never a stack trace. */
import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorCodeOf } from '../api/client-error.ts';
import { AlertIcon } from '../icons/icons.tsx';

interface ApiErrorPanelProps {
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
}

export function ApiErrorPanel({ error, onRetry, retrying }: ApiErrorPanelProps) {
  const { t } = useTranslation();
  const code = errorCodeOf(error);
  return (
    <Alert
      role="alert"
      color="red"
      variant="light"
      title={t('errors.title')}
      icon={<AlertIcon size={22} />}
      data-error-code={code}
    >
      <Group justify="space-between" align="center" gap="md">
        <Text size="md">{t(`errors.code.${code}`)}</Text>
        <Button color="red.9" variant="filled" onClick={onRetry} loading={retrying}>
          {t('errors.retry')}
        </Button>
      </Group>
    </Alert>
  );
}
