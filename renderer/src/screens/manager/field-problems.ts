/**
 * What is wrong with a field of the manager's forms, for the words beside it: checked on this side
 * first with the domain's rules, and the hub's VALIDATION answer (the failing fields, named by the
 * method's input paths) mapped onto the same fields, so a refusal shows where the value was typed.
 */
import { ApiError } from '../../../../domain/api/errors.ts';
import { type ManagerRefusal, managerRefusals } from '../../../../domain/api/methods/manager.ts';
import { parseWholeNumber } from '../../../../domain/typed-number.ts';

export type FieldProblem =
  | { kind: 'required' }
  | { kind: 'whole_number'; min: number; max: number }
  | { kind: 'interval_order' }
  | { kind: 'time_order' }
  | { kind: 'lunch_inside' }
  | { kind: 'no_slot_fits' }
  | { kind: 'reserve_above_capacity' }
  | { kind: 'date' }
  | { kind: 'not_before_today' }
  | { kind: 'range_too_long'; days: number }
  | { kind: 'municipality_code' }
  | { kind: 'pick_one' }
  /** A staff login: 3–64 letters, digits, dots, hyphens or underscores. */
  | { kind: 'login' }
  | { kind: 'password_length'; min: number }
  /** Venue staff name their venues; other roles none. */
  | { kind: 'venues_for_role' }
  /** The hub refused the value (its own words are for logs, not for the screen). */
  | { kind: 'refused' };

export type FieldProblems<F extends string> = Partial<Record<F, FieldProblem>>;

/** A whole number typed in a field, or the problem with it. */
export function readWholeNumber(
  text: string,
  min: number,
  max: number,
): { ok: true; value: number } | { ok: false; problem: FieldProblem } {
  const parsed = parseWholeNumber(text, min, max);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    problem: parsed.error === 'empty' ? { kind: 'required' } : { kind: 'whole_number', min, max },
  };
}

/**
 * The fields a VALIDATION ApiError names, as form fields: `prefix` is where the form's body sits in
 * the method's input ('product', 'change', …); `fieldOf` maps the rest of the path to a form field
 * (undefined: not one of this form's fields, reported on the form as a whole).
 */
export function hubFieldProblems<F extends string>(
  error: unknown,
  prefix: string | null,
  fieldOf: (path: string) => F | undefined,
): { fields: FieldProblems<F>; unplaced: boolean } | null {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION') return null;
  const fields: FieldProblems<F> = {};
  let unplaced = false;
  for (const issue of error.issues ?? []) {
    const path =
      prefix && issue.path.startsWith(`${prefix}.`) ? issue.path.slice(prefix.length + 1) : issue.path;
    const field = fieldOf(path);
    if (field === undefined) unplaced = true;
    else fields[field] ??= { kind: 'refused' };
  }
  return { fields, unplaced: unplaced || Object.keys(fields).length === 0 };
}

/** Why the desk refused a manager's request (hub offline, no hub, not a manager on the hub, …), if it did. */
export function managerRefusalOf(error: unknown): { reason: ManagerRefusal; hubCode: string | null } | null {
  if (!(error instanceof ApiError)) return null;
  const issue = (path: string) => error.issues?.find((i) => i.path === path)?.message ?? null;
  const reason = issue('reason');
  if (!reason || !(managerRefusals as readonly string[]).includes(reason)) return null;
  return { reason: reason as ManagerRefusal, hubCode: issue('hubCode') };
}
