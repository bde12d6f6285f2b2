/**
 * Staff accounts (職員): the list as the hub has it (name, login, role, venues, active or disabled), a
 * form to add one or edit name, role and venues, disabling after a confirmation, enabling again, and
 * resetting a password. Everything goes to the hub at once; a refusal is shown beside its field, or
 * for the whole form in words.
 */
import {
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminStaffList, StaffAccount } from '../../../../domain/api/methods/admin.ts';
import { minPasswordLength } from '../../../../domain/staff-accounts.ts';
import { type StaffRole, staffRoles } from '../../../../domain/vocabulary/index.ts';
import { deskApi } from '../../api/desk-api.ts';
import { queryKeys } from '../../app/query-keys.ts';
import {
  ConfirmDialog,
  FormFooter,
  PanelSkeleton,
  RefusalAlert,
  TableHead,
  useAfterChange,
} from '../manager/manager-shared.tsx';
import { createOrChange, useManagerForm } from '../manager/use-manager-form.ts';
import { adminRefusalText } from './admin-refusal.ts';
import {
  checkStaffForm,
  passwordProblem,
  type StaffFormValues,
  staffChangeOf,
  staffFieldOf,
  staffFormValues,
} from './staff-form.ts';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; account: StaffAccount }
  | { kind: 'reset'; account: StaffAccount }
  | { kind: 'disable'; account: StaffAccount };

export function StaffPanel() {
  const { t } = useTranslation();
  const list = useQuery<AdminStaffList>({
    queryKey: queryKeys.adminStaff(),
    queryFn: () => deskApi['admin.listStaff']({}),
    retry: false,
  });
  const afterChange = useAfterChange();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const venueName = (id: string) => list.data?.venues.find((v) => v.id === id)?.name ?? id;

  const done = (message: string) => {
    setDialog(null);
    afterChange();
    notifications.show({ color: 'teal', message });
  };

  const enable = async (account: StaffAccount) => {
    try {
      await deskApi['admin.changeStaff']({ staffId: account.id, change: { active: true } });
      done(t('admin.staff.enabledDone', { name: account.displayName }));
    } catch (e) {
      notifications.show({ color: 'red', message: adminRefusalText(t, e) });
    }
  };

  /** What can be done to an account, in the order of its buttons. */
  const rowActions = (
    account: StaffAccount,
  ): Array<{ key: 'edit' | 'reset' | 'disable' | 'enable'; run: () => void }> => [
    { key: 'edit', run: () => setDialog({ kind: 'edit', account }) },
    { key: 'reset', run: () => setDialog({ kind: 'reset', account }) },
    account.active
      ? { key: 'disable', run: () => setDialog({ kind: 'disable', account }) }
      : { key: 'enable', run: () => void enable(account) },
  ];

  let body: React.ReactNode;
  if (list.isPending) body = <PanelSkeleton />;
  else if (list.isError)
    body = <RefusalAlert error={list.error} onRetry={() => void list.refetch()} textOf={adminRefusalText} />;
  else if (list.data.staff.length === 0) {
    body = (
      <Paper withBorder p="xl">
        <Text size="md">{t('admin.staff.empty')}</Text>
      </Paper>
    );
  } else {
    body = (
      <Paper withBorder>
        <Table striped verticalSpacing="sm" fz="md" aria-label={t('admin.staff.tableLabel')}>
          <TableHead
            columns={(['name', 'login', 'role', 'venues', 'status', 'actions'] as const).map((c) =>
              t(`admin.staff.columns.${c}`),
            )}
          />
          <Table.Tbody>
            {list.data.staff.map((s) => (
              <Table.Tr key={s.id} data-staff-login={s.login}>
                <Table.Td>
                  <Text fw={700} size="md">
                    {s.displayName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text ff="monospace" size="md">
                    {s.login}
                  </Text>
                </Table.Td>
                <Table.Td>{t(`role.${s.role}`)}</Table.Td>
                <Table.Td>
                  {s.venueIds.length > 0 ? s.venueIds.map(venueName).join('、') : t('admin.staff.allVenues')}
                </Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    <Badge color={s.active ? 'teal' : 'gray'} variant="light" size="lg" tt="none">
                      {s.active ? t('admin.staff.active') : t('admin.staff.disabled')}
                    </Badge>
                    {s.passwordChangeRequired ? (
                      <Text size="sm">{t('admin.staff.passwordPending')}</Text>
                    ) : null}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    {rowActions(s).map((a) => (
                      <Button
                        key={a.key}
                        variant={a.key === 'disable' || a.key === 'enable' ? 'subtle' : 'default'}
                        color={a.key === 'disable' ? 'red.8' : undefined}
                        size="sm"
                        onClick={a.run}
                        aria-label={t(`admin.staff.${a.key}Of`, { name: s.displayName })}
                      >
                        {t(`admin.staff.${a.key}`)}
                      </Button>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    );
  }

  const editing = dialog?.kind === 'create' || dialog?.kind === 'edit' ? dialog : null;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>{t('admin.staff.title')}</Title>
        <Button onClick={() => setDialog({ kind: 'create' })} disabled={!list.data}>
          {t('admin.staff.add')}
        </Button>
      </Group>
      {body}
      <Modal
        opened={editing !== null && list.data !== undefined}
        onClose={() => setDialog(null)}
        title={editing?.kind === 'edit' ? t('admin.staff.form.editTitle') : t('admin.staff.form.createTitle')}
        size="lg"
        returnFocus
      >
        {editing && list.data ? (
          <StaffForm
            key={editing.kind === 'edit' ? editing.account.id : 'new'}
            account={editing.kind === 'edit' ? editing.account : null}
            venues={list.data.venues}
            onCancel={() => setDialog(null)}
            onSaved={done}
          />
        ) : null}
      </Modal>
      <Modal
        opened={dialog?.kind === 'reset'}
        onClose={() => setDialog(null)}
        title={t('admin.staff.form.resetTitle')}
        size="lg"
        returnFocus
      >
        {dialog?.kind === 'reset' ? (
          <ResetForm account={dialog.account} onCancel={() => setDialog(null)} onSaved={done} />
        ) : null}
      </Modal>
      <ConfirmDialog
        opened={dialog?.kind === 'disable'}
        title={t('admin.staff.disableConfirm.title')}
        confirmLabel={t('admin.staff.disableConfirm.confirm')}
        onClose={() => setDialog(null)}
        refusalTextOf={adminRefusalText}
        onConfirm={async () => {
          if (dialog?.kind !== 'disable') return;
          const { staff } = await deskApi['admin.changeStaff']({
            staffId: dialog.account.id,
            change: { active: false },
          });
          done(t('admin.staff.disabledDone', { name: staff.displayName }));
        }}
      >
        <Text size="md">
          {dialog?.kind === 'disable'
            ? t('admin.staff.disableConfirm.body', {
                name: dialog.account.displayName,
                login: dialog.account.login,
              })
            : ''}
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}

function StaffForm({
  account,
  venues,
  onCancel,
  onSaved,
}: {
  account: StaffAccount | null;
  venues: AdminStaffList['venues'];
  onCancel(): void;
  onSaved(message: string): void;
}) {
  const { t } = useTranslation();
  const form = useManagerForm<StaffFormValues>(() => staffFormValues(account), adminRefusalText);
  const { values, update, text, error } = form;
  const creating = account === null;
  const venueChoices = venues
    .filter((v) => v.active || values.venueIds.includes(v.id))
    .map((v) => ({ value: v.id, label: v.name }));

  const save = () => {
    const check = checkStaffForm(values, creating);
    if (!check.ok) {
      form.setProblems(check.problems);
      return;
    }
    void form.submit(
      async () => {
        const saved = await createOrChange({
          existing: account ? { ...account, name: account.displayName } : null,
          body: check.body,
          create: async (body) => {
            const { staff } = await deskApi['admin.createStaff']({ staff: body });
            return { name: staff.displayName };
          },
          changeOf: (existing, body) => staffChangeOf(existing, body),
          change: async (existing, change) => {
            const { staff } = await deskApi['admin.changeStaff']({ staffId: existing.id, change });
            return { name: staff.displayName };
          },
        });
        onSaved(t(`admin.staff.${saved.outcome}`, { name: saved.name }));
      },
      creating ? 'staff' : 'change',
      staffFieldOf,
    );
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
      noValidate
    >
      <Stack gap="sm">
        <TextInput
          label={t('admin.staff.form.login')}
          description={t('admin.staff.form.loginHint')}
          {...text('login')}
          disabled={!creating}
          autoComplete="off"
          spellCheck={false}
          required
          data-autofocus={creating ? true : undefined}
        />
        <TextInput
          label={t('admin.staff.form.displayName')}
          {...text('displayName')}
          required
          data-autofocus={creating ? undefined : true}
        />
        <Select
          label={t('admin.staff.form.role')}
          data={staffRoles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          value={values.role}
          onChange={(role) => role && update({ role: role as StaffRole })}
          error={error('role')}
          allowDeselect={false}
        />
        {values.role === 'venue_staff' ? (
          <MultiSelect
            label={t('admin.staff.form.venueIds')}
            description={t('admin.staff.form.venueIdsHint')}
            data={venueChoices}
            value={values.venueIds}
            onChange={(venueIds) => update({ venueIds })}
            error={error('venueIds')}
            searchable
            selectFirstOptionOnChange
            clearable
          />
        ) : error('venueIds') ? (
          <Text c="red.8" size="sm" role="alert">
            {error('venueIds')}
          </Text>
        ) : null}
        {creating ? (
          <PasswordInput
            label={t('admin.staff.form.password')}
            description={t('admin.staff.form.passwordHint', { min: minPasswordLength })}
            {...text('password')}
            autoComplete="new-password"
            required
          />
        ) : null}
        <FormFooter
          failure={form.failure}
          saving={form.saving}
          submitLabel={creating ? t('admin.staff.form.save') : t('admin.staff.form.saveEdit')}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}

function ResetForm({
  account,
  onCancel,
  onSaved,
}: {
  account: StaffAccount;
  onCancel(): void;
  onSaved(message: string): void;
}) {
  const { t } = useTranslation();
  const form = useManagerForm<{ password: string }>(() => ({ password: '' }), adminRefusalText);
  const save = () => {
    const problem = passwordProblem(form.values.password);
    if (problem) {
      form.setProblems({ password: problem });
      return;
    }
    void form.submit(
      async () => {
        await deskApi['admin.resetPassword']({
          staffId: account.id,
          reset: { temporaryPassword: form.values.password },
        });
        onSaved(t('admin.staff.resetDone', { name: account.displayName }));
      },
      'reset',
      (path) => (path === 'temporaryPassword' ? 'password' : undefined),
    );
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
      noValidate
    >
      <Stack gap="sm">
        <Text size="md">
          {t('admin.staff.form.resetBody', { name: account.displayName, login: account.login })}
        </Text>
        <PasswordInput
          label={t('admin.staff.form.temporaryPassword')}
          description={t('admin.staff.form.passwordHint', { min: minPasswordLength })}
          {...form.text('password')}
          autoComplete="new-password"
          required
          data-autofocus
        />
        <FormFooter
          failure={form.failure}
          saving={form.saving}
          submitLabel={t('admin.staff.form.saveReset')}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
