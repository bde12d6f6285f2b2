/**
 * Vaccine products: the list as the hub has it (retired ones too), a form to add or edit one (name,
 * maker, doses, the interval window, the minimum age and the day it is checked on), and retiring one
 * after a confirmation. Enter saves the form; each change is on the hub when the notice shows.
 */
import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubProductRecord } from '../../../../domain/api/methods/manager.ts';
import { deskApi } from '../../api/desk-api.ts';
import { DateField } from '../../fields/DateField.tsx';
import { dayHeading } from '../../i18n/day-heading.ts';
import { useUiLanguage } from '../../i18n/use-ui-language.ts';
import {
  ConfirmDialog,
  FormFooter,
  PanelSkeleton,
  RefusalAlert,
  TableHead,
  useAfterChange,
  useManagerCatalog,
} from './manager-shared.tsx';
import {
  checkProductForm,
  type ProductFormValues,
  productChangeOf,
  productFieldOf,
  productFormValues,
} from './product-form.ts';
import { createOrChange, useManagerForm } from './use-manager-form.ts';

export function ProductsPanel() {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const catalog = useManagerCatalog();
  const afterChange = useAfterChange();
  const [editing, setEditing] = useState<HubProductRecord | 'new' | null>(null);
  const [retiring, setRetiring] = useState<HubProductRecord | null>(null);
  const products = catalog.data?.products ?? [];

  const ageText = (p: HubProductRecord) =>
    p.ageReferenceDate === null
      ? t('manager.products.ageOnDay', { n: p.minAgeYears })
      : t('manager.products.ageByDate', {
          n: p.minAgeYears,
          date: dayHeading(p.ageReferenceDate, language, t).full,
        });

  let body: React.ReactNode;
  if (catalog.isPending) body = <PanelSkeleton />;
  else if (catalog.isError)
    body = <RefusalAlert error={catalog.error} onRetry={() => void catalog.refetch()} />;
  else if (products.length === 0) {
    body = (
      <Paper withBorder p="xl">
        <Text size="md">{t('manager.products.empty')}</Text>
      </Paper>
    );
  } else {
    body = (
      <Paper withBorder>
        <Table striped verticalSpacing="sm" fz="md" aria-label={t('manager.products.tableLabel')}>
          <TableHead
            columns={(['name', 'manufacturer', 'doses', 'interval', 'age', 'status', 'actions'] as const).map(
              (c) => t(`manager.products.columns.${c}`),
            )}
          />
          <Table.Tbody>
            {products.map((p) => (
              <Table.Tr key={p.id} data-product-id={p.id}>
                <Table.Td fw={700}>{p.name}</Table.Td>
                <Table.Td>{p.manufacturer}</Table.Td>
                <Table.Td>{t('manager.products.doses', { n: p.dosesInSeries })}</Table.Td>
                <Table.Td>
                  {t('manager.products.interval', { min: p.intervalMinDays, max: p.intervalMaxDays })}
                </Table.Td>
                <Table.Td>{ageText(p)}</Table.Td>
                <Table.Td className="manager-nowrap">
                  <Badge color={p.active ? 'teal' : 'gray'} variant="light" size="lg" tt="none">
                    {p.active ? t('manager.products.active') : t('manager.products.retired')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      variant="default"
                      size="sm"
                      onClick={() => setEditing(p)}
                      aria-label={t('manager.products.editOf', { name: p.name })}
                    >
                      {t('manager.products.edit')}
                    </Button>
                    {p.active ? (
                      <Button
                        variant="subtle"
                        color="red.8"
                        size="sm"
                        onClick={() => setRetiring(p)}
                        aria-label={t('manager.products.retireOf', { name: p.name })}
                      >
                        {t('manager.products.retire')}
                      </Button>
                    ) : null}
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
        <Title order={2}>{t('manager.products.title')}</Title>
        <Button onClick={() => setEditing('new')}>{t('manager.products.add')}</Button>
      </Group>
      {body}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={
          editing === 'new' ? t('manager.products.form.createTitle') : t('manager.products.form.editTitle')
        }
        size="lg"
        returnFocus
      >
        {editing !== null ? (
          <ProductForm
            key={editing === 'new' ? 'new' : editing.id}
            product={editing === 'new' ? null : editing}
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
        opened={retiring !== null}
        title={t('manager.products.retireConfirm.title')}
        confirmLabel={t('manager.products.retireConfirm.confirm')}
        onClose={() => setRetiring(null)}
        onConfirm={async () => {
          if (!retiring) return;
          const { product } = await deskApi['manager.retireProduct']({ productId: retiring.id });
          setRetiring(null);
          afterChange();
          notifications.show({
            color: 'teal',
            message: t('manager.products.retiredDone', { name: product.name }),
          });
        }}
      >
        <Text size="md">{t('manager.products.retireConfirm.body', { name: retiring?.name ?? '' })}</Text>
      </ConfirmDialog>
    </Stack>
  );
}

function ProductForm({
  product,
  onCancel,
  onSaved,
}: {
  product: HubProductRecord | null;
  onCancel(): void;
  onSaved(message: string): void;
}) {
  const { t } = useTranslation();
  const form = useManagerForm<ProductFormValues>(() => productFormValues(product));
  const { values, update, text } = form;

  const save = () => {
    const check = checkProductForm(values);
    if (!check.ok) {
      form.setProblems(check.problems);
      return;
    }
    void form.submit(
      async () => {
        const saved = await createOrChange({
          existing: product,
          body: check.body,
          create: async (body) => (await deskApi['manager.createProduct']({ product: body })).product,
          changeOf: productChangeOf,
          change: async (p, change) =>
            (await deskApi['manager.changeProduct']({ productId: p.id, change })).product,
        });
        onSaved(t(`manager.products.${saved.outcome}`, { name: saved.name }));
      },
      product ? 'change' : 'product',
      productFieldOf,
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
        {product ? (
          <Text size="md" c="gray.8">
            {t('manager.products.form.editNote')}
          </Text>
        ) : null}
        <TextInput label={t('manager.products.form.name')} {...text('name')} required data-autofocus />
        <TextInput label={t('manager.products.form.manufacturer')} {...text('manufacturer')} required />
        <SimpleGrid cols={2}>
          <TextInput
            label={t('manager.products.form.dosesInSeries')}
            {...text('dosesInSeries')}
            inputMode="numeric"
          />
          <TextInput
            label={t('manager.products.form.minAgeYears')}
            {...text('minAgeYears')}
            inputMode="numeric"
          />
          <TextInput
            label={t('manager.products.form.intervalMinDays')}
            {...text('intervalMinDays')}
            inputMode="numeric"
          />
          <TextInput
            label={t('manager.products.form.intervalMaxDays')}
            {...text('intervalMaxDays')}
            inputMode="numeric"
          />
        </SimpleGrid>
        <Radio.Group
          label={t('manager.products.form.ageCheck')}
          value={values.ageCheck}
          onChange={(value) => update({ ageCheck: value as ProductFormValues['ageCheck'] })}
        >
          <Group gap="lg" mt={6}>
            <Radio value="vaccination_day" label={t('manager.products.form.vaccination_day')} />
            <Radio value="reference_date" label={t('manager.products.form.reference_date')} />
          </Group>
        </Radio.Group>
        {values.ageCheck === 'reference_date' ? (
          <DateField
            label={t('manager.products.form.ageReferenceDate')}
            value={values.ageReferenceDate}
            onChange={(ageReferenceDate) => update({ ageReferenceDate })}
            error={form.error('ageReferenceDate')}
            w={360}
          />
        ) : null}
        <FormFooter
          failure={form.failure}
          saving={form.saving}
          submitLabel={product ? t('manager.products.form.saveEdit') : t('manager.products.form.save')}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
