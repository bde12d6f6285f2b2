/**
 * The desk's one date field (every date input of the screens): Mantine's DateInput showing the day as
 * the UI language writes it (dayjs and the browser's own locale play no part in the text), reading a
 * typed date in every form the desk knows, with a calendar in the UI language. Value in and out:
 * 'YYYY-MM-DD', or '' for no date when `clearable`. Text that is not a date says so beside the field
 * and is put back to the last date on leaving it.
 */
import { DateInput, type DateInputProps } from '@mantine/dates';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiLanguage } from '../i18n/use-ui-language.ts';
import { CalendarIcon } from '../icons/icons.tsx';
import { dateFieldText, readDateFieldText } from './date-text.ts';

type PassedProps = Pick<
  DateInputProps,
  'label' | 'description' | 'error' | 'w' | 'size' | 'disabled' | 'minDate' | 'maxDate' | 'className'
>;

interface DateFieldProps extends PassedProps {
  value: string;
  onChange(value: string): void;
  /** No date is a valid choice (the field can be emptied). */
  clearable?: boolean;
}

export function DateField({ value, onChange, clearable = false, error, w = 240, ...rest }: DateFieldProps) {
  const { t } = useTranslation();
  const language = useUiLanguage();
  const [unreadable, setUnreadable] = useState(false);
  return (
    <DateInput
      {...rest}
      w={w}
      value={value === '' ? null : value}
      onChange={(next) => onChange(next ?? '')}
      clearable={clearable}
      valueFormat={(iso) => dateFieldText(iso, language, t)}
      dateParser={readDateFieldText}
      onInput={(event) => {
        const text = event.currentTarget.value;
        setUnreadable(text.trim() !== '' && readDateFieldText(text) === null);
      }}
      onBlur={() => setUnreadable(false)}
      error={error ?? (unreadable ? t('dateField.unreadable') : undefined)}
      // Above the field: the open calendar sits right under it.
      inputWrapperOrder={['label', 'description', 'error', 'input']}
      monthLabelFormat={language === 'ja' ? 'YYYY年M月' : 'MMMM YYYY'}
      yearLabelFormat={language === 'ja' ? 'YYYY年' : 'YYYY'}
      rightSection={<CalendarIcon size={18} />}
      rightSectionPointerEvents="none"
      popoverProps={{ withinPortal: true }}
    />
  );
}
