/**
 * Step 2, verify: the caller says their birth date, the operator types it as said (S22.4.1,
 * 昭和22年4月1日, 1947/4/1); it is echoed in both calendars and checked by the desk, which answers only
 * "matches" or "does not": the stored date is never shown.
 */
import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallerCandidate, CallerFile } from '../../../../domain/api/contract.ts';
import { birthDateCheckRule, birthDateWarningDue } from '../../../../domain/birth-date-checks.ts';
import { deskApi } from '../../api/desk-api.ts';
import { AlertIcon } from '../../icons/icons.tsx';
import { BirthDateEcho } from './BirthDateEcho.tsx';
import { useFocusOn } from './desk-keys.ts';
import { checkBirthDate, type FieldProblem } from './field-checks.ts';
import { readableDescription } from './readable.ts';

interface BirthDateCheckProps {
  candidate: CallerCandidate;
  today: string;
  /** Already said during a reading search: checked at once. */
  knownBirthDate: string | null;
  onVerified: (caller: CallerFile, failedAttempts: number) => void;
}

/**
 * Said from the third wrong date in a row for this coupon (counted by the desk process, so a reload
 * keeps it): verify the caller another way; the stored date is still never shown.
 */
export function BirthDateWarning({ failedAttempts, matched }: { failedAttempts: number; matched: boolean }) {
  const { t } = useTranslation();
  const values = { n: failedAttempts, minutes: birthDateCheckRule.windowMinutes };
  return (
    <Alert
      color="red"
      variant="filled"
      role="alert"
      icon={<AlertIcon size={22} />}
      title={t(matched ? 'phoneDesk.verify.warning.matchedTitle' : 'phoneDesk.verify.warning.title', values)}
      data-testid="birth-date-warning"
      mb={matched ? 'sm' : 0}
    >
      <Text size="md">{t('phoneDesk.verify.warning.body', values)}</Text>
    </Alert>
  );
}

export function BirthDateCheck({ candidate, today, knownBirthDate, onVerified }: BirthDateCheckProps) {
  const { t } = useTranslation();
  const [raw, setRaw] = useState('');
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [failedAttempts, setFailedAttempts] = useState(candidate.failedBirthDates);
  const ref = useFocusOn<HTMLInputElement>(candidate.couponId);
  const verify = useMutation({
    mutationFn: (birthDate: string) => deskApi.verifyCaller({ couponId: candidate.couponId, birthDate }),
    onSuccess: (result) => {
      setFailedAttempts(result.failedAttempts);
      if (result.match) onVerified(result.caller, result.failedAttempts);
      else {
        setProblem({ key: 'phoneDesk.verify.mismatch' });
        ref.current?.select();
      }
    },
  });

  const { mutate } = verify;
  useEffect(() => {
    if (knownBirthDate) mutate(knownBirthDate);
  }, [knownBirthDate, mutate]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkBirthDate(raw, today);
    if (!checked.ok) {
      setProblem(checked.problem);
      ref.current?.focus();
      return;
    }
    setProblem(null);
    verify.mutate(checked.value);
  };

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('phoneDesk.search.heading')}
        </Title>
        <Alert color="blue" variant="light">
          <Text size="md">{t('phoneDesk.verify.found', { ticket: candidate.ticketNumber })}</Text>
        </Alert>
        {birthDateWarningDue(failedAttempts) && (
          <BirthDateWarning failedAttempts={failedAttempts} matched={false} />
        )}
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <div>
              <TextInput
                ref={ref}
                size="lg"
                label={t('phoneDesk.verify.label')}
                description={t('phoneDesk.verify.hint')}
                value={raw}
                onChange={(e) => {
                  setRaw(e.currentTarget.value);
                  setProblem(null);
                }}
                error={
                  problem ? t(problem.key as 'phoneDesk.verify.mismatch', problem.values ?? {}) : undefined
                }
                autoComplete="off"
                data-field="verify-birth"
                styles={readableDescription}
              />
              <BirthDateEcho raw={raw} today={today} />
            </div>
            <Group>
              <Button type="submit" size="md" loading={verify.isPending}>
                {t('phoneDesk.verify.submit')} (Enter)
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
