/** Which columns the grid shows, and a way back to the default columns and widths. */
import { Button, Checkbox, Menu, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type BookingGridColumn, bookingGridColumns } from '../../../../domain/api/contract.ts';

interface ColumnMenuProps {
  hidden: ReadonlySet<string>;
  onToggle(column: BookingGridColumn, shown: boolean): void;
  onReset(): void;
}

export function ColumnMenu({ hidden, onToggle, onReset }: ColumnMenuProps) {
  const { t } = useTranslation();
  return (
    <Menu closeOnItemClick={false} position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default">{t('bookings.columnsMenu')}</Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Stack gap={6} p="xs">
          {bookingGridColumns.map((column) => (
            <Checkbox
              key={column}
              label={t(`bookings.columns.${column}`)}
              checked={!hidden.has(column)}
              // The booking number identifies the row; it always stays.
              disabled={column === 'bookingNumber'}
              onChange={(e) => onToggle(column, e.currentTarget.checked)}
            />
          ))}
          <Button variant="subtle" size="xs" onClick={onReset}>
            {t('bookings.resetColumns')}
          </Button>
        </Stack>
      </Menu.Dropdown>
    </Menu>
  );
}
