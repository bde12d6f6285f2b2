/**
 * The state of one of the manager's forms: the values as typed, the problem beside each field (this
 * side's checks, then the hub's VALIDATION answer placed on the same fields), a refusal of the whole
 * form in words, and whether it is being saved. `text(field)` wires a text field to it.
 */
import type { TFunction } from 'i18next';
import type { ChangeEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldProblems, hubFieldProblems } from './field-problems.ts';
import { fieldProblemText, refusalText } from './manager-shared.tsx';

type StringKeys<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;

/** `refusalTextOf`: the words for a refusal of the whole form (the manager's by default). */
export function useManagerForm<V extends object>(
  initial: () => V,
  refusalTextOf: (t: TFunction, error: unknown) => string = refusalText,
) {
  const { t } = useTranslation();
  const [values, setValues] = useState<V>(initial);
  const [problems, setProblems] = useState<FieldProblems<keyof V & string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  /** New values; the problems of the fields changed go (they were about the old values). */
  const update = (next: Partial<V>) => {
    setValues((v) => ({ ...v, ...next }));
    setProblems((p) => {
      const rest = { ...p };
      for (const key of Object.keys(next)) delete rest[key as keyof V & string];
      return rest;
    });
    setFailure(null);
  };
  const error = (field: keyof V & string) => fieldProblemText(t, problems[field]);
  const text = (field: StringKeys<V>) => ({
    value: values[field] as string,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      update({ [field]: e.currentTarget.value } as Partial<V>),
    error: error(field),
  });

  /**
   * A refusal in words: on its fields when the desk or the hub named them (`prefix`: where the form's
   * body sits in the method's input), else for the whole form.
   */
  const refused = (
    e: unknown,
    prefix: string | null,
    fieldOf: (path: string) => (keyof V & string) | undefined,
  ) => {
    const placed = hubFieldProblems(e, prefix, fieldOf);
    if (placed) {
      setProblems(placed.fields);
      if (placed.unplaced) setFailure(t('manager.formRefused'));
    } else setFailure(refusalTextOf(t, e));
  };

  /** Runs the save once at a time; a refusal lands on the form. */
  const submit = async (
    run: () => Promise<void>,
    prefix: string | null,
    fieldOf: (path: string) => (keyof V & string) | undefined,
  ) => {
    if (saving) return;
    setSaving(true);
    setFailure(null);
    try {
      await run();
    } catch (e) {
      refused(e, prefix, fieldOf);
    } finally {
      setSaving(false);
    }
  };

  return { values, update, problems, setProblems, failure, setFailure, saving, error, text, refused, submit };
}

/**
 * A definition saved: created when there is none yet, else only what changed is sent (nothing
 * changed: nothing is sent). Answers what happened and the name as the hub now has it.
 */
export async function createOrChange<R extends { name: string }, B, C>(p: {
  existing: R | null;
  body: B;
  create(body: B): Promise<{ name: string }>;
  changeOf(existing: R, body: B): C | null;
  change(existing: R, change: C): Promise<{ name: string }>;
}): Promise<{ outcome: 'created' | 'saved' | 'unchanged'; name: string }> {
  if (!p.existing) return { outcome: 'created', name: (await p.create(p.body)).name };
  const change = p.changeOf(p.existing, p.body);
  if (!change) return { outcome: 'unchanged', name: p.existing.name };
  return { outcome: 'saved', name: (await p.change(p.existing, change)).name };
}
