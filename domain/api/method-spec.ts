/** Building blocks for the desktop API contract (domain/api/contract.ts and domain/api/methods/). */
import { z } from 'zod';
import { isValidIsoDate } from '../calendar.ts';
import type { StaffRole } from '../vocabulary/index.ts';

/** A real date, years 0001..9999 (the range domain/calendar.ts computes with). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isValidIsoDate, 'not a real calendar date');

export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  roles: readonly StaffRole[];
  /** Phantom field carrying the output type; never set at run time. */
  output?: O;
}

/** `method<Output>()({ input, roles })`: one contract entry with its output type. */
export function method<O>() {
  return <I extends z.ZodType>(spec: { input: I; roles: readonly StaffRole[] }): MethodSpec<I, O> => spec;
}
