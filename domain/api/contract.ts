/**
 * The desktop API: one contract shared by the renderer, the Electron preload/main and browser mode.
 * Each method has a zod input schema, an output type and the staff roles allowed to call it.
 * Add a method here, implement it in electron/node/api-handlers.ts, and both transports carry it.
 */
import { z } from 'zod';
import { allRoles, type StaffRole } from '../staff-roles.ts';

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'not a real calendar date');

export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  roles: readonly StaffRole[];
  /** Phantom field carrying the output type; never set at run time. */
  output?: O;
}

function method<O>() {
  return <I extends z.ZodType>(spec: { input: I; roles: readonly StaffRole[] }): MethodSpec<I, O> => spec;
}

export const venueKinds = ['clinic', 'community_center', 'mass_site'] as const;
export type VenueKind = (typeof venueKinds)[number];

export const bookingChannels = ['phone', 'online', 'walk_in'] as const;
export type BookingChannel = (typeof bookingChannels)[number];

export interface AppInfo {
  version: string;
  /** True when the local data is the generated demo city (everything demo is labelled デモ). */
  demo: boolean;
  municipality: { code: string; name: string } | null;
  session: { staffId: string; displayName: string; role: StaffRole };
  schemaVersion: number;
  transport: 'electron' | 'browser';
}

export interface VenueOverview {
  venueId: string;
  name: string;
  kind: VenueKind;
  slotCount: number;
  openSlotCount: number;
  capacity: number;
  booked: Record<BookingChannel, number>;
  remaining: number;
  firstStart: string | null;
  lastEnd: string | null;
}

export interface DayOverview {
  date: string;
  venues: VenueOverview[];
  totals: { slotCount: number; capacity: number; booked: Record<BookingChannel, number>; remaining: number };
}

export const apiContract = {
  getAppInfo: method<AppInfo>()({ input: z.object({}).strict(), roles: allRoles }),
  getDayOverview: method<DayOverview>()({
    input: z.object({ date: isoDateSchema }).strict(),
    roles: allRoles,
  }),
};

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export const apiMethods = Object.keys(apiContract) as ApiMethod[];

export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>;
export type ApiParsedInput<M extends ApiMethod> = z.output<ApiContract[M]['input']>;
export type ApiOutput<M extends ApiMethod> = NonNullable<ApiContract[M]['output']>;

/** The functions the renderer sees, whatever the transport: one per contract method. */
export type DeskApi = { [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>> };

/** Events pushed from the desktop process to the UI (IPC in Electron, SSE in browser mode). */
export type DeskEvent =
  | { type: 'data-changed'; scopes: Array<'bookings' | 'slots' | 'venues' | 'coupons'> }
  | { type: 'sync-status'; state: 'idle' | 'syncing' | 'offline'; progress?: number };

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiContract, name);
}
