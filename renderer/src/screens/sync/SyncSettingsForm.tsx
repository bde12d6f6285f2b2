/**
 * The hub connection settings: address, the device's id and secret, the staff login and password.
 * Checked here with the contract's own schema (messages in the UI language), then by the desk
 * process, which signs in to the hub before it stores anything. Secrets are never shown again.
 * A hub that would replace data from elsewhere (the demo city, another hub) is not taken before the
 * user has read what goes (venues, bookings, coupons) and said yes; キャンセル is the default.
 */
import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type LocalDataToClear,
  type SaveSyncSettingsResult,
  type SyncSettingsIssueCode,
  syncSettingsInputSchema,
  syncSettingsIssueCodes,
} from '../../../../domain/api/contract.ts';
import { deskApi } from '../../api/desk-api.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { useCountFormat } from '../../i18n/use-count-format.ts';
import { AlertIcon } from '../../icons/icons.tsx';

const fields = ['hubUrl', 'deviceId', 'deviceSecret', 'staffLogin', 'password'] as const;
type Field = (typeof fields)[number];
type Values = Record<Field, string>;

const outcomeColor: Record<SaveSyncSettingsResult['outcome'], string> = {
  saved: 'green',
  unreachable: 'yellow',
  credentials_refused: 'red',
  protocol_mismatch: 'red',
  outbox_blocks_hub_change: 'red',
  secrets_missing: 'red',
  confirm_clear: 'blue',
};

function issueCode(message: string): SyncSettingsIssueCode {
  return syncSettingsIssueCodes.find((code) => code === message) ?? 'required';
}

export function SyncSettingsForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const stored = useQuery({ queryKey: queryKeys.syncSettings(), queryFn: () => deskApi.getSyncSettings({}) });
  const settings = stored.data?.settings ?? null;
  const [values, setValues] = useState<Values>({
    hubUrl: '',
    deviceId: '',
    deviceSecret: '',
    staffLogin: '',
    password: '',
  });
  const [issues, setIssues] = useState<Partial<Record<Field, SyncSettingsIssueCode>>>({});

  useEffect(() => {
    if (!settings) return;
    setValues((v) => ({
      ...v,
      hubUrl: settings.hubUrl,
      deviceId: settings.deviceId,
      staffLogin: settings.staffLogin,
    }));
  }, [settings]);

  /** The data the hub in the form would replace, waiting for the user's yes or no. */
  const [clearing, setClearing] = useState<LocalDataToClear | null>(null);
  const save = useMutation({
    mutationFn: (input: Values & { confirmClear?: boolean }) => deskApi.saveSyncSettings(input),
    onSuccess: (result) => {
      queryClient.setQueryData(queryKeys.syncStatus(), result.status);
      setClearing(result.outcome === 'confirm_clear' ? result.clearing : null);
      if (result.saved) {
        setValues((v) => ({ ...v, deviceSecret: '', password: '' }));
        void queryClient.invalidateQueries({ queryKey: queryKeys.syncSettings() });
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = syncSettingsInputSchema.safeParse(values);
    if (!parsed.success) {
      const found: Partial<Record<Field, SyncSettingsIssueCode>> = {};
      for (const issue of parsed.error.issues) {
        const field = fields.find((f) => f === issue.path[0]);
        if (field && !found[field]) found[field] = issueCode(issue.message);
      }
      setIssues(found);
      return;
    }
    setIssues({});
    save.mutate(values);
  };

  const input = (field: Field) => ({
    value: values[field],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
      const value = event.currentTarget.value;
      setValues((v) => ({ ...v, [field]: value }));
    },
    error: issues[field] ? t(`syncView.issue.${issues[field]}`) : undefined,
    size: 'md' as const,
  });
  // While the question is open the dialog speaks; after キャンセル the alert says nothing changed.
  const outcome = clearing ? undefined : save.data?.outcome;

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="sync-settings-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={640}>
          <Title order={2} size="h3" id="sync-settings-title">
            {t('syncView.settingsTitle')}
          </Title>
          <Text size="md">{t('syncView.settingsHint')}</Text>
          <TextInput
            label={t('syncView.hubUrl')}
            placeholder="https://hub.example.jp/"
            autoComplete="url"
            {...input('hubUrl')}
          />
          <TextInput
            label={t('syncView.deviceId')}
            autoComplete="off"
            spellCheck={false}
            {...input('deviceId')}
          />
          <PasswordInput
            label={t('syncView.deviceSecret')}
            placeholder={settings?.hasDeviceSecret ? t('syncView.keepStored') : undefined}
            autoComplete="off"
            {...input('deviceSecret')}
          />
          <TextInput label={t('syncView.staffLogin')} autoComplete="username" {...input('staffLogin')} />
          <PasswordInput
            label={t('syncView.password')}
            placeholder={settings?.hasPassword ? t('syncView.keepStored') : undefined}
            autoComplete="current-password"
            {...input('password')}
          />
          {settings && (
            <Text size="sm" c="dimmed">
              {t(`syncView.secretStorage.${settings.secretStorage}`)}
            </Text>
          )}
          {outcome && (
            <Alert color={outcomeColor[outcome]} variant="light" role="alert">
              {t(`syncView.outcome.${outcome}`)}
            </Alert>
          )}
          <Group>
            <Button type="submit" size="md" loading={save.isPending}>
              {save.isPending ? t('syncView.saving') : t('syncView.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <ClearingConfirm
        clearing={clearing}
        saving={save.isPending}
        onKeep={() => setClearing(null)}
        onConfirm={() => save.mutate({ ...values, confirmClear: true })}
      />
    </Paper>
  );
}

interface ClearingConfirmProps {
  clearing: LocalDataToClear | null;
  saving: boolean;
  onKeep(): void;
  onConfirm(): void;
}

/** What switching hubs removes, and the choice; the focused (default) button keeps the data. */
function ClearingConfirm({ clearing, saving, onKeep, onConfirm }: ClearingConfirmProps) {
  const { t } = useTranslation();
  const count = useCountFormat();
  return (
    <Modal
      opened={clearing !== null}
      onClose={onKeep}
      title={t('syncView.clearing.title')}
      size="lg"
      closeOnClickOutside={!saving}
      closeOnEscape={!saving}
    >
      {clearing ? (
        <Stack gap="md">
          <Alert color="orange" variant="light" icon={<AlertIcon size={22} />}>
            <Text size="md">{t('syncView.clearing.body')}</Text>
          </Alert>
          <Text size="md" fw={600}>
            {t(`syncView.clearing.source.${clearing.source}`, { hubUrl: clearing.hubUrl ?? '' })}
          </Text>
          <List size="lg" aria-label={t('syncView.clearing.listLabel')}>
            <List.Item>{t('syncView.clearing.venues', { n: count(clearing.venues) })}</List.Item>
            <List.Item>{t('syncView.clearing.bookings', { n: count(clearing.bookings) })}</List.Item>
            <List.Item>{t('syncView.clearing.coupons', { n: count(clearing.coupons) })}</List.Item>
          </List>
          <Group justify="flex-end" gap="sm">
            <Button onClick={onKeep} disabled={saving} data-autofocus>
              {t('syncView.clearing.keep')}
            </Button>
            <Button color="red.8" variant="outline" onClick={onConfirm} loading={saving}>
              {t('syncView.clearing.confirm')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
