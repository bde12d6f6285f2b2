/** Several coupons matched (a household's phone, a common reading): pick the caller with ↑↓ and Enter. */
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CallerCandidate } from '../../../../domain/api/contract.ts';
import { moveBetweenOptions, useFocusOn } from './desk-keys.ts';

interface CandidateListProps {
  candidates: CallerCandidate[];
  onChoose: (candidate: CallerCandidate) => void;
}

export function CandidateList({ candidates, onChoose }: CandidateListProps) {
  const { t } = useTranslation();
  const firstRef = useFocusOn<HTMLButtonElement>(candidates);
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('phoneDesk.search.heading')}
        </Title>
        <Text size="md">{t('phoneDesk.search.candidates', { count: candidates.length })}</Text>
        <Stack gap={6} onKeyDown={moveBetweenOptions}>
          {candidates.map((candidate, index) => (
            <Button
              key={candidate.couponId}
              ref={index === 0 ? firstRef : undefined}
              data-option
              variant="default"
              size="md"
              justify="flex-start"
              onClick={() => onChoose(candidate)}
            >
              {t('phoneDesk.search.candidateLine', {
                name: candidate.name,
                kana: candidate.nameKana,
                ticket: candidate.ticketNumber,
              })}
            </Button>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}
