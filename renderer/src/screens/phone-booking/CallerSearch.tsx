/**
 * Step 1, find the caller: the ticket number field has focus (typed, full-width, hyphenated or
 * scanned from the OCR line); Alt+2..4 switch to reading + birth date, phone or booking number.
 * A wrong form gets its message beside the field and no search is made.
 */
import { Alert, Button, Group, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallerCandidate, FindCallerInput } from '../../../../domain/api/contract.ts';
import { ApiError } from '../../../../domain/api/errors.ts';
import { deskApi } from '../../api/desk-api.ts';
import { BirthDateEcho } from './BirthDateEcho.tsx';
import { type SearchMode, searchModes } from './call-state.ts';
import { useFocusOn } from './desk-keys.ts';
import {
  checkBirthDate,
  checkBookingNumber,
  checkReading,
  checkSearchPhone,
  checkTicket,
  type FieldProblem,
} from './field-checks.ts';
import { readableDescription } from './readable.ts';

interface CallerSearchProps {
  callNumber: number;
  mode: SearchMode;
  today: string;
  onMode: (mode: SearchMode) => void;
  /** `birthDate` is set when the search itself was by birth date (verification follows at once). */
  onFound: (candidates: CallerCandidate[], birthDate: string | null) => void;
}

type Field = 'main' | 'birth';
type SearchAnswer = 'not_found' | 'other_municipality' | 'truncated' | null;

export function CallerSearch({ callNumber, mode, today, onMode, onFound }: CallerSearchProps) {
  const { t } = useTranslation();
  const [main, setMain] = useState('');
  const [birth, setBirth] = useState('');
  const [problems, setProblems] = useState<Partial<Record<Field, FieldProblem>>>({});
  const [answer, setAnswer] = useState<SearchAnswer>(null);
  const mainRef = useFocusOn<HTMLInputElement>(`${callNumber} ${mode}`);

  const search = useMutation({
    mutationFn: (input: FindCallerInput) => deskApi.findCaller(input),
  });

  const clearFeedback = () => {
    setProblems({});
    setAnswer(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    clearFeedback();
    const found: Partial<Record<Field, FieldProblem>> = {};
    let input: FindCallerInput | null = null;
    let birthDate: string | null = null;
    if (mode === 'ticket') {
      const ticket = checkTicket(main);
      if (ticket.ok) input = { by: 'ticket', ticket: ticket.value };
      else found.main = ticket.problem;
    } else if (mode === 'reading') {
      const reading = checkReading(main);
      const date = checkBirthDate(birth, today);
      if (!reading.ok) found.main = reading.problem;
      if (!date.ok) found.birth = date.problem;
      if (reading.ok && date.ok) {
        birthDate = date.value;
        input = { by: 'reading', reading: reading.value, birthDate: date.value };
      }
    } else if (mode === 'phone') {
      const phone = checkSearchPhone(main);
      if (phone.ok) input = { by: 'phone', phone: phone.value };
      else found.main = phone.problem;
    } else {
      const number = checkBookingNumber(main);
      if (number.ok) input = { by: 'booking_number', bookingNumber: number.value };
      else found.main = number.problem;
    }
    setProblems(found);
    if (!input) {
      mainRef.current?.focus();
      return;
    }
    search.mutate(input, {
      onSuccess: (result) => {
        if (result.kind === 'found') {
          if (result.truncated) setAnswer('truncated');
          onFound(result.candidates, birthDate);
        } else {
          setAnswer(result.kind);
          mainRef.current?.select();
        }
      },
      onError: (error) => {
        // The desk checks the same rules; show its verdict beside the field as well.
        const issue = error instanceof ApiError ? error.issues?.[0] : undefined;
        if (issue)
          setProblems({
            [issue.path === 'birthDate' ? 'birth' : 'main']: { key: issueKey(mode, issue.message) },
          });
      },
    });
  };

  const message = (field: Field) => {
    const p = problems[field];
    return p ? t(p.key as 'phoneDesk.search.submit', p.values ?? {}) : undefined;
  };
  const mainLabel = {
    ticket: t('phoneDesk.search.ticketLabel'),
    reading: t('phoneDesk.search.readingLabel'),
    phone: t('phoneDesk.search.phoneLabel'),
    booking_number: t('phoneDesk.search.bookingNumberLabel'),
  }[mode];

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('phoneDesk.search.heading')}
        </Title>
        <SegmentedControl
          aria-label={t('phoneDesk.search.modeLabel')}
          value={mode}
          onChange={(value) => onMode(value as SearchMode)}
          data={searchModes.map((m, i) => ({
            value: m,
            label: `${t(`phoneDesk.search.mode.${m}`)}（Alt+${i + 1}）`,
          }))}
          orientation="vertical"
          fullWidth
        />
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput
              ref={mainRef}
              size="lg"
              label={mainLabel}
              description={
                mode === 'ticket'
                  ? t('phoneDesk.search.ticketHint')
                  : mode === 'reading'
                    ? t('phoneDesk.search.readingHint')
                    : undefined
              }
              value={main}
              onChange={(e) => {
                setMain(e.currentTarget.value);
                clearFeedback();
              }}
              error={message('main')}
              autoComplete="off"
              spellCheck={false}
              inputMode={mode === 'ticket' || mode === 'phone' ? 'numeric' : undefined}
              data-field="search-main"
              styles={readableDescription}
            />
            {mode === 'reading' && (
              <div>
                <TextInput
                  size="lg"
                  label={t('phoneDesk.search.birthLabel')}
                  description={t('phoneDesk.verify.hint')}
                  value={birth}
                  onChange={(e) => {
                    setBirth(e.currentTarget.value);
                    clearFeedback();
                  }}
                  error={message('birth')}
                  autoComplete="off"
                  data-field="search-birth"
                  styles={readableDescription}
                />
                <BirthDateEcho raw={birth} today={today} />
              </div>
            )}
            <Group>
              <Button type="submit" size="md" loading={search.isPending}>
                {t('phoneDesk.search.submit')} (Enter)
              </Button>
            </Group>
          </Stack>
        </form>
        {answer && (
          <Alert color={answer === 'truncated' ? 'yellow' : 'red'} variant="light" role="alert">
            <Text size="md">
              {answer === 'not_found'
                ? t(`phoneDesk.search.notFound.${mode}`)
                : answer === 'other_municipality'
                  ? t('phoneDesk.search.otherMunicipality')
                  : t('phoneDesk.search.truncated')}
            </Text>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function issueKey(mode: SearchMode, code: string): string {
  if (mode === 'ticket') return `phoneDesk.input.ticket.${code}`;
  if (mode === 'phone') return `phoneDesk.input.phone.${code}`;
  if (mode === 'booking_number') return `phoneDesk.input.bookingNumber.${code}`;
  return code === 'not_kana' ? 'phoneDesk.input.reading.not_kana' : 'phoneDesk.input.date.unrecognized';
}
