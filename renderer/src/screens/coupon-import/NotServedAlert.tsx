/** Rows to be imported whose municipality no venue here takes: imported, but those residents cannot book yet. */
import { Alert, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CouponImportView } from '../../../../domain/api/contract.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { AlertIcon } from '../../icons/icons.tsx';

export function NotServedAlert({ view, rows }: { view: CouponImportView; rows?: readonly number[] }) {
  const { t } = useTranslation();
  const count = useCountFormat();
  if (view.notServed.rows === 0) return null;
  const separator = t('couponImport.listSeparator');
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<AlertIcon size={22} />}
      title={t('couponImport.notServed.heading', { n: count(view.notServed.rows) })}
    >
      <Stack gap={4}>
        <Text size="md">
          {t('couponImport.notServed.body', { codes: view.notServed.municipalities.join(separator) })}
        </Text>
        {rows && rows.length > 0 ? (
          <Text size="md">{t('couponImport.notServed.rows', { rows: rows.join(separator) })}</Text>
        ) : null}
      </Stack>
    </Alert>
  );
}
