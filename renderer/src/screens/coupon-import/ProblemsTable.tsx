/**
 * Every row of a coupon list that cannot be imported, by row number, column and reason in the user's
 * language. The preview brings the first ones; the rest come from the hub a page at a time.
 */
import { Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CouponImportProblemsPage } from '../../../../domain/api/contract.ts';
import { deskApi } from '../../api/desk-api.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { columnLabel, refusalText, rowReasonText } from './problem-text.ts';

const pageSize = 500;

interface ProblemsTableProps {
  importId: string;
  first: CouponImportProblemsPage['problems'];
  /** Rows rejected (a row may have several problems). */
  rejectedRows: number;
}

export function ProblemsTable({ importId, first, rejectedRows }: ProblemsTableProps) {
  const { t } = useTranslation();
  const count = useCountFormat();
  const [problems, setProblems] = useState(first);
  const [next, setNext] = useState<number | null>(first.length > 0 ? first.length : null);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const more = async () => {
    if (next === null) return;
    setLoading(true);
    setFailure(null);
    try {
      const page = await deskApi['manager.getCouponImportProblems']({
        importId,
        after: next,
        limit: pageSize,
      });
      setProblems((shown) => [...shown, ...page.problems]);
      setNext(page.next);
      if (page.next === null) setDone(true);
    } catch (error) {
      setFailure(refusalText(t, error));
    } finally {
      setLoading(false);
    }
  };
  const shownRows = new Set(problems.map((p) => p.row)).size;
  const maybeMore = !done && shownRows < rejectedRows;

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('couponImport.problems.heading', { n: count(rejectedRows) })}
        </Title>
        {problems.length === 0 ? (
          <Text size="md">{t('couponImport.problems.none')}</Text>
        ) : (
          <Table
            withTableBorder
            striped
            fz="md"
            aria-label={t('couponImport.problems.heading', { n: count(rejectedRows) })}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th ta="right" w={90}>
                  {t('couponImport.problems.row')}
                </Table.Th>
                <Table.Th w={180}>{t('couponImport.problems.field')}</Table.Th>
                <Table.Th>{t('couponImport.problems.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {problems.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a row may have several problems; the list only grows
                <Table.Tr key={i} data-problem-row={p.row}>
                  <Table.Td ta="right">{p.row}</Table.Td>
                  <Table.Td>{columnLabel(t, p.field)}</Table.Td>
                  <Table.Td>{rowReasonText(t, p.reason)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {maybeMore ? (
          <Button variant="light" onClick={() => void more()} loading={loading} w="fit-content">
            {t('couponImport.problems.more', { n: count(rejectedRows - shownRows) })}
          </Button>
        ) : null}
        {failure ? (
          <Text c="red.9" role="alert">
            {failure}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
