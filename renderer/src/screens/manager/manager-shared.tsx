/**
 * What the manager's panels share: the catalog read from the hub, whether the hub can take a change
 * now, refusals and field problems in words, a confirmation dialog whose default button is 戻る, and
 * the loading state.
 */
import {
  Alert,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ManagerCatalog } from '../../../../domain/api/methods/manager.ts';
import { deskApi } from '../../api/desk-api.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { useSyncStatusQuery } from '../../app/use-sync-status.ts';
import { AlertIcon } from '../../icons/icons.tsx';
import { type FieldProblem, managerRefusalOf } from './field-problems.ts';
import type { ManagerMessages } from './messages-ja.ts';

/** Products, venues and municipalities as the hub has them (a manager edits these, not the local copy). */
export function useManagerCatalog() {
  return useQuery<ManagerCatalog>({
    queryKey: queryKeys.managerCatalog(),
    queryFn: () => deskApi['manager.getCatalog']({}),
    retry: false,
  });
}

/** After a change: the catalog again, and every screen reading the local copy (the desk has pulled). */
export function useAfterChange(): () => void {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries();
}

export type HubAvailability = 'ok' | 'offline' | 'no_hub' | 'unknown';

/** Whether a change can go to the hub now, as the sync status says (the desk decides again on each call). */
export function useHubAvailability(): HubAvailability {
  const { data } = useSyncStatusQuery();
  if (!data) return 'unknown';
  if (!data.configured) return 'no_hub';
  return data.state === 'offline' || data.state === 'error' ? 'offline' : 'ok';
}

/** `area`: whose words (the manager's desk's by default; the admin screen names accounts). */
export function HubAvailabilityAlert({
  hub,
  area = 'manager',
}: {
  hub: HubAvailability;
  area?: 'manager' | 'admin';
}) {
  const { t } = useTranslation();
  if (hub !== 'offline' && hub !== 'no_hub') return null;
  return (
    <Alert color="orange" variant="light" icon={<AlertIcon size={22} />} data-hub-availability={hub}>
      <Group justify="space-between" gap="md">
        <Text size="md">{t(hub === 'offline' ? `${area}.hub.offline` : `${area}.hub.noHub`)}</Text>
        <Button component="a" href="#/sync" variant="default">
          {t('manager.hub.openSync')}
        </Button>
      </Group>
    </Alert>
  );
}

/** A refused or failed request in words (hub offline, not a manager, …); never a stack trace. */
export function refusalText(t: TFunction, error: unknown): string {
  const refusal = managerRefusalOf(error);
  if (!refusal) return t('manager.failed');
  return t(`manager.refusal.${refusal.reason}`, { code: refusal.hubCode ?? '' });
}

/** `textOf`: the words for the refusal (the manager's by default; the admin screen has its own). */
export function RefusalAlert({
  error,
  onRetry,
  textOf = refusalText,
}: {
  error: unknown;
  onRetry?: () => void;
  textOf?: (t: TFunction, error: unknown) => string;
}) {
  const { t } = useTranslation();
  return (
    <Alert role="alert" color="red" variant="light" icon={<AlertIcon size={22} />}>
      <Group justify="space-between" gap="md">
        <Text size="md">{textOf(t, error)}</Text>
        {onRetry ? (
          <Button color="red.9" onClick={onRetry}>
            {t('manager.retry')}
          </Button>
        ) : null}
      </Group>
    </Alert>
  );
}

export function fieldProblemText(t: TFunction, problem: FieldProblem | undefined): string | undefined {
  if (!problem) return undefined;
  switch (problem.kind) {
    case 'whole_number':
      return t('manager.field.whole_number', { min: problem.min, max: problem.max });
    case 'range_too_long':
      return t('manager.field.range_too_long', { days: problem.days });
    case 'password_length':
      return t('manager.field.password_length', { min: problem.min });
    default:
      return t(`manager.field.${problem.kind}`);
  }
}

export function PanelSkeleton({ rows = 6 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" role="status" aria-busy="true">
      <VisuallyHidden>{t('manager.loading')}</VisuallyHidden>
      <Stack gap="sm">
        {Array.from({ length: rows }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
          <Skeleton key={i} height={32} />
        ))}
      </Stack>
    </Paper>
  );
}

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Shown while the change runs (a change of many residents takes a while). */
  busyText?: string;
  onClose(): void;
  /** Throws to show the refusal in the dialog. */
  onConfirm(): Promise<void>;
  refusalTextOf?: (t: TFunction, error: unknown) => string;
}

/** Asks before a change that cannot be taken back; 戻る is focused, confirming takes a Tab and Enter. */
export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  busyText,
  onClose,
  onConfirm,
  refusalTextOf,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const close = () => {
    if (busy) return;
    setError(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={title} size="lg" returnFocus>
      <Stack gap="md">
        {children}
        {busy && busyText ? <BusyLine text={busyText} /> : null}
        {error ? <RefusalAlert error={error} {...(refusalTextOf ? { textOf: refusalTextOf } : {})} /> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} disabled={busy} data-autofocus>
            {t('manager.cancel')}
          </Button>
          <Button
            color="red.8"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                await onConfirm();
              } catch (e) {
                setError(e);
              } finally {
                setBusy(false);
              }
            }}
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** 「テスト区（131016）」, or the code alone while the hub knows no name. */
export function municipalityLabel(t: TFunction, catalog: ManagerCatalog | undefined, code: string): string {
  const name = catalog?.municipalities.find((m) => m.code === code)?.name;
  return name
    ? t('manager.venues.municipality', { name, code })
    : t('manager.venues.municipalityCodeOnly', { code });
}

/** A panel's heading with what it is for. */
export function PanelHeading({ title, description }: { title: string; description?: string }) {
  return (
    <div>
      <Title order={2}>{title}</Title>
      {description ? <Text size="md">{description}</Text> : null}
    </div>
  );
}

/** Slow work under way, said in words (a screen reader hears it too). */
export function BusyLine({ text }: { text: string }) {
  return (
    <Group gap="sm" role="status">
      <Loader size="sm" />
      <Text size="md">{text}</Text>
    </Group>
  );
}

/** A refusal of the whole form (or nothing). */
export function FailureText({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <Text role="alert" c="red.8" size="md">
      {text}
    </Text>
  );
}

/** The end of a dialog's form: its refusal, 戻る, and the submit button (Enter). */
export function FormFooter({
  failure,
  saving,
  submitLabel,
  onCancel,
}: {
  failure: string | null;
  saving: boolean;
  submitLabel: string;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FailureText text={failure} />
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel} disabled={saving}>
          {t('manager.cancel')}
        </Button>
        <Button type="submit" loading={saving}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}

/** A table's header row. */
export function TableHead({
  columns,
}: {
  columns: ReadonlyArray<string | { label: string; right?: boolean; width?: number }>;
}) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((c) => {
          const column = typeof c === 'string' ? { label: c } : c;
          return (
            <Table.Th key={column.label} ta={column.right ? 'right' : undefined} w={column.width}>
              {column.label}
            </Table.Th>
          );
        })}
      </Table.Tr>
    </Table.Thead>
  );
}

/** A set of ids unticked (everything else ticked) after one checkbox changed. */
export function untickedAfter(
  unticked: ReadonlySet<string>,
  id: string,
  checked: boolean,
): ReadonlySet<string> {
  const next = new Set(unticked);
  if (checked) next.delete(id);
  else next.add(id);
  return next;
}

/** The headings of the tables of bookings (also those in the way of a capacity cut). */
export function sessionColumns(
  t: TFunction,
  keys: ReadonlyArray<keyof ManagerMessages['session']['columns']>,
): string[] {
  return keys.map((k) => t(`manager.session.columns.${k}`));
}
