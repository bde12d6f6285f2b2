/**
 * Venues: the list as the hub has it (closed ones too), a form to add or edit one (kind, address,
 * phone, the access notes the phone desk reads out, the vaccines offered, whose coupons it takes,
 * out-of-area residents by exception), closing after a confirmation and reopening.
 */
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ManagerCatalog, ManagerVenue } from '../../../../domain/api/methods/manager.ts';
import { isValidMunicipalityCode } from '../../../../domain/municipality-code.ts';
import { type VenueKind, venueKinds } from '../../../../domain/vocabulary/index.ts';
import { deskApi } from '../../api/desk-api.ts';
import {
  ConfirmDialog,
  FormFooter,
  municipalityLabel,
  PanelSkeleton,
  RefusalAlert,
  refusalText,
  TableHead,
  useAfterChange,
  useManagerCatalog,
} from './manager-shared.tsx';
import { createOrChange, useManagerForm } from './use-manager-form.ts';
import {
  checkVenueForm,
  type VenueFormValues,
  venueChangeOf,
  venueFieldOf,
  venueFormValues,
} from './venue-form.ts';

export function VenuesPanel() {
  const { t } = useTranslation();
  const catalog = useManagerCatalog();
  const afterChange = useAfterChange();
  const [editing, setEditing] = useState<ManagerVenue | 'new' | null>(null);
  const [closing, setClosing] = useState<ManagerVenue | null>(null);
  const venues = catalog.data?.venues ?? [];
  const productName = (id: string) => catalog.data?.products.find((p) => p.id === id)?.name ?? id;

  const reopen = async (venue: ManagerVenue) => {
    try {
      await deskApi['manager.changeVenue']({ venueId: venue.id, change: { active: true } });
      afterChange();
      notifications.show({ color: 'teal', message: t('manager.venues.reopenedDone', { name: venue.name }) });
    } catch (e) {
      notifications.show({ color: 'red', message: refusalText(t, e) });
    }
  };

  let body: React.ReactNode;
  if (catalog.isPending) body = <PanelSkeleton />;
  else if (catalog.isError)
    body = <RefusalAlert error={catalog.error} onRetry={() => void catalog.refetch()} />;
  else if (venues.length === 0) {
    body = (
      <Paper withBorder p="xl">
        <Text size="md">{t('manager.venues.empty')}</Text>
      </Paper>
    );
  } else {
    body = (
      <Paper withBorder>
        <Table striped verticalSpacing="sm" fz="md" aria-label={t('manager.venues.tableLabel')}>
          <TableHead
            columns={(
              ['name', 'kind', 'address', 'products', 'municipalities', 'status', 'actions'] as const
            ).map((c) => t(`manager.venues.columns.${c}`))}
          />
          <Table.Tbody>
            {venues.map((v) => (
              <Table.Tr key={v.id} data-venue-id={v.id}>
                <Table.Td>
                  <Text fw={700} size="md">
                    {v.name}
                  </Text>
                  {v.area ? <Text size="sm">{v.area}</Text> : null}
                </Table.Td>
                <Table.Td>{t(`manager.venues.kind.${v.kind}`)}</Table.Td>
                <Table.Td>
                  <Text size="md">{v.address}</Text>
                  {v.phone ? <Text size="sm">{v.phone}</Text> : null}
                </Table.Td>
                <Table.Td>
                  {v.productIds.length > 0
                    ? v.productIds.map(productName).join('、')
                    : t('manager.venues.noProducts')}
                </Table.Td>
                <Table.Td>
                  <Text size="md">
                    {v.acceptedMunicipalityCodes.map((c) => municipalityLabel(t, catalog.data, c)).join('、')}
                  </Text>
                  {v.outOfAreaByException ? <Text size="sm">{t('manager.venues.outOfArea')}</Text> : null}
                </Table.Td>
                <Table.Td className="manager-nowrap">
                  <Badge color={v.active ? 'teal' : 'gray'} variant="light" size="lg" tt="none">
                    {v.active ? t('manager.venues.active') : t('manager.venues.closed')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      variant="default"
                      size="sm"
                      onClick={() => setEditing(v)}
                      aria-label={t('manager.venues.editOf', { name: v.name })}
                    >
                      {t('manager.venues.edit')}
                    </Button>
                    {v.active ? (
                      <Button
                        variant="subtle"
                        color="red.8"
                        size="sm"
                        onClick={() => setClosing(v)}
                        aria-label={t('manager.venues.closeOf', { name: v.name })}
                      >
                        {t('manager.venues.close')}
                      </Button>
                    ) : (
                      <Button
                        variant="subtle"
                        size="sm"
                        onClick={() => void reopen(v)}
                        aria-label={t('manager.venues.reopenOf', { name: v.name })}
                      >
                        {t('manager.venues.reopen')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    );
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>{t('manager.venues.title')}</Title>
        <Button onClick={() => setEditing('new')} disabled={!catalog.data}>
          {t('manager.venues.add')}
        </Button>
      </Group>
      {body}
      <Modal
        opened={editing !== null && catalog.data !== undefined}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('manager.venues.form.createTitle') : t('manager.venues.form.editTitle')}
        size="xl"
        returnFocus
      >
        {editing !== null && catalog.data ? (
          <VenueForm
            key={editing === 'new' ? 'new' : editing.id}
            venue={editing === 'new' ? null : editing}
            catalog={catalog.data}
            onCancel={() => setEditing(null)}
            onSaved={(message) => {
              setEditing(null);
              afterChange();
              notifications.show({ color: 'teal', message });
            }}
          />
        ) : null}
      </Modal>
      <ConfirmDialog
        opened={closing !== null}
        title={t('manager.venues.closeConfirm.title')}
        confirmLabel={t('manager.venues.closeConfirm.confirm')}
        onClose={() => setClosing(null)}
        onConfirm={async () => {
          if (!closing) return;
          const { venue } = await deskApi['manager.changeVenue']({
            venueId: closing.id,
            change: { active: false },
          });
          setClosing(null);
          afterChange();
          notifications.show({
            color: 'teal',
            message: t('manager.venues.closedDone', { name: venue.name }),
          });
        }}
      >
        <Text size="md">{t('manager.venues.closeConfirm.body', { name: closing?.name ?? '' })}</Text>
      </ConfirmDialog>
    </Stack>
  );
}

function VenueForm({
  venue,
  catalog,
  onCancel,
  onSaved,
}: {
  venue: ManagerVenue | null;
  catalog: ManagerCatalog;
  onCancel(): void;
  onSaved(message: string): void;
}) {
  const { t } = useTranslation();
  const form = useManagerForm<VenueFormValues>(() => venueFormValues(venue, catalog.municipalityCode));
  const { values, update, text, error } = form;
  const [codeSearch, setCodeSearch] = useState('');
  const needsMunicipality = venue === null && catalog.municipalityCode === null;

  // Active products, and those the venue offers already (a retired one stays until taken off).
  const productChoices = catalog.products
    .filter((p) => p.active || values.productIds.includes(p.id))
    .map((p) => ({ value: p.id, label: p.name }));
  const typedCode = codeSearch.normalize('NFKC').replace(/\D/gu, '');
  const knownCodes = catalog.municipalities.map((m) => m.code);
  const codeChoices = [
    ...new Set([
      ...knownCodes,
      ...values.acceptedMunicipalityCodes,
      ...(isValidMunicipalityCode(typedCode) ? [typedCode] : []),
    ]),
  ].map((code) => ({
    value: code,
    label: knownCodes.includes(code)
      ? municipalityLabel(t, catalog, code)
      : t('manager.venues.form.addCode', { code }),
  }));

  const save = () => {
    const check = checkVenueForm(values, needsMunicipality);
    if (!check.ok) {
      form.setProblems(check.problems);
      return;
    }
    void form.submit(
      async () => {
        const saved = await createOrChange({
          existing: venue,
          body: check.body,
          create: async (body) => (await deskApi['manager.createVenue']({ venue: body })).venue,
          changeOf: venueChangeOf,
          change: async (v, change) =>
            (await deskApi['manager.changeVenue']({ venueId: v.id, change })).venue,
        });
        onSaved(t(`manager.venues.${saved.outcome}`, { name: saved.name }));
      },
      venue ? 'change' : 'venue',
      venueFieldOf,
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
        <SimpleGrid cols={2}>
          <TextInput label={t('manager.venues.form.name')} {...text('name')} required data-autofocus />
          <TextInput label={t('manager.venues.form.nameKana')} {...text('nameKana')} />
          <Select
            label={t('manager.venues.form.kind')}
            data={venueKinds.map((k) => ({ value: k, label: t(`manager.venues.kind.${k}`) }))}
            value={values.kind}
            onChange={(kind) => kind && update({ kind: kind as VenueKind })}
            allowDeselect={false}
          />
          <TextInput label={t('manager.venues.form.area')} {...text('area')} />
          <TextInput label={t('manager.venues.form.address')} {...text('address')} required />
          <TextInput label={t('manager.venues.form.phone')} {...text('phone')} inputMode="tel" />
        </SimpleGrid>
        {needsMunicipality ? (
          <Select
            label={t('manager.venues.form.municipalityCode')}
            data={knownCodes.map((code) => ({ value: code, label: municipalityLabel(t, catalog, code) }))}
            value={values.municipalityCode || null}
            onChange={(code) =>
              update({
                municipalityCode: code ?? '',
                acceptedMunicipalityCodes:
                  values.acceptedMunicipalityCodes.length > 0
                    ? values.acceptedMunicipalityCodes
                    : code
                      ? [code]
                      : [],
              })
            }
            error={error('municipalityCode')}
            searchable
            selectFirstOptionOnChange
            required
          />
        ) : null}
        <Textarea
          label={t('manager.venues.form.accessNotes')}
          {...text('accessNotes')}
          autosize
          minRows={2}
          maxRows={5}
        />
        <MultiSelect
          label={t('manager.venues.form.productIds')}
          description={t('manager.venues.form.productIdsHint')}
          data={productChoices}
          value={values.productIds}
          onChange={(productIds) => update({ productIds })}
          error={error('productIds')}
          searchable
          selectFirstOptionOnChange
          clearable
        />
        <MultiSelect
          label={t('manager.venues.form.acceptedMunicipalityCodes')}
          description={t('manager.venues.form.acceptedHint')}
          data={codeChoices}
          value={values.acceptedMunicipalityCodes}
          onChange={(acceptedMunicipalityCodes) => {
            update({ acceptedMunicipalityCodes });
            setCodeSearch('');
          }}
          searchValue={codeSearch}
          onSearchChange={setCodeSearch}
          error={error('acceptedMunicipalityCodes')}
          searchable
          selectFirstOptionOnChange
          clearable
        />
        <Checkbox
          label={t('manager.venues.form.outOfAreaByException')}
          checked={values.outOfAreaByException}
          onChange={(e) => update({ outOfAreaByException: e.currentTarget.checked })}
        />
        <FormFooter
          failure={form.failure}
          saving={form.saving}
          submitLabel={venue ? t('manager.venues.form.saveEdit') : t('manager.venues.form.save')}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
