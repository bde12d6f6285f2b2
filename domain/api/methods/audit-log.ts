/**
 * The audit view (監査ログ, issue 11): this desktop's audit log, hash-chained (desk migration 012),
 * filtered by person, resident, action and date, a page at a time, and exported as .xlsx or CSV.
 * Viewing a page and exporting are audited themselves (`audit.view`, `audit.export`), naming the
 * resident filtered by record id only. For managers and admins.
 */
import { z } from 'zod';
import type { StaffRole } from '../../vocabulary/index.ts';
import { isoDateSchema, method } from '../method-spec.ts';
import { csvEncodings, type ExportOutcome, exportFormats } from './daily-list.ts';

export const auditViewRoles: readonly StaffRole[] = ['manager', 'admin'];
export const auditPageSize = 50;

export const auditFilterSchema = z
  .object({
    /** The person who acted (a staff id); null: anyone. */
    staffId: z.string().max(100).nullable().default(null),
    action: z.string().max(100).nullable().default(null),
    /**
     * A resident: their ticket number (10 digits, typed as residents write it) or a record id (coupon or
     * booking); the entries naming the coupon or any of its bookings. '' : every entry.
     */
    resident: z.string().max(100).default(''),
    /** Days in Japan, both included; null: open. */
    from: isoDateSchema.nullable().default(null),
    to: isoDateSchema.nullable().default(null),
  })
  .strict()
  .refine((f) => f.from === null || f.to === null || f.from <= f.to, {
    message: 'the end is before the start',
    path: ['to'],
  });
export type AuditFilter = z.output<typeof auditFilterSchema>;

export interface AuditEntryView {
  id: number;
  /** Its place in the chain. */
  chainSeq: number;
  at: string;
  staffId: string | null;
  /** '' when this desktop knows no name for the id. */
  staffName: string;
  action: string;
  entity: string;
  entityIds: string[];
  /** The entry's detail as compact JSON (ids and counts only). */
  detail: string;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Entries matching the filter. */
  total: number;
  page: number;
  pageSize: number;
  /** What the filters offer: the people and actions in the log. */
  choices: { staff: Array<{ id: string; name: string }>; actions: string[] };
  /** The resident filter named a ticket number or id this desktop does not know. */
  residentUnknown: boolean;
}

export const auditLogMethods = {
  'audit.listEntries': method<AuditPage>()({
    input: z
      .object({ filter: auditFilterSchema, page: z.number().int().min(0).max(1_000_000).default(0) })
      .strict(),
    roles: auditViewRoles,
  }),
  /** Every entry matching the filter, newest first. */
  'audit.exportEntries': method<ExportOutcome>()({
    input: z
      .object({
        filter: auditFilterSchema,
        format: z.enum(exportFormats),
        csvEncoding: z.enum(csvEncodings).default('utf-8-bom'),
      })
      .strict(),
    roles: auditViewRoles,
  }),
};
