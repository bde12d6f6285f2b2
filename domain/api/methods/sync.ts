/**
 * Contract methods of sync with the reservation hub: the status view (connected or not, last sync,
 * cursor, outbox, failures with reasons), "sync now", and the settings (hub address, the device's
 * id and secret, the staff login). Secrets go in, never out: the settings view only says whether
 * one is stored.
 */
import { z } from 'zod';
import { hubAddressProblem } from '../../hub-address.ts';
import { allRoles, type StaffRole } from '../../vocabulary/index.ts';
import { method } from '../method-spec.ts';

/**
 * unconfigured: no hub; syncing: snapshot, pull or push under way; idle: up to date with the hub;
 * offline: the hub cannot be reached (retrying with back-off); error: the hub refused this desktop
 * (credentials, protocol version) and someone has to look at the settings.
 */
export const syncStates = ['unconfigured', 'idle', 'syncing', 'offline', 'error'] as const;
export type SyncState = (typeof syncStates)[number];

/** Why sync is not working, as a code the UI explains; never contains personal data. */
export const syncProblemCodes = [
  'unreachable',
  'credentials_refused',
  'protocol_mismatch',
  'hub_error',
  'outbox_blocks_hub_change',
  /** The stored hub address is plain http:// to another machine (from before the rule): nothing is sent. */
  'insecure_hub',
] as const;
export type SyncProblemCode = (typeof syncProblemCodes)[number];

export interface SyncProblem {
  code: SyncProblemCode;
  /** The hub's or the network's own words (English), for the support desk. */
  detail: string;
  at: string;
}

/** A local change the hub refused for good (the change stays visible here and, for bookings, as a status). */
export interface SyncFailure {
  at: string;
  mutationId: string;
  /** The outbox kind ('booking.create', 'booking.cancel', …). */
  kind: string;
  bookingId: string | null;
  bookingNumber: string | null;
  /** The hub's error code (SLOT_FULL, ALREADY_BOOKED, NOT_ELIGIBLE, …). */
  code: string;
  reasons: string[];
  message: string;
}

/**
 * A row from the hub this desktop could not read (its record did not parse): kept aside, not applied,
 * not lost. Entity, id and the fields at fault only, never the values.
 */
export interface SetAsideRow {
  /** As the hub named it: one of the sync entities, or one this version does not know. */
  entity: string;
  id: string;
  fields: string[];
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface SyncStatus {
  state: SyncState;
  /** A hub is set up (in the settings, or the local demo hub). */
  configured: boolean;
  /** The hub is the local demo hub started beside this desktop. */
  demoHub: boolean;
  hubUrl: string | null;
  /** How new changes are noticed: SSE pokes from the hub, or polling. */
  live: 'pokes' | 'polling' | null;
  /** Who this desktop signed in as on the hub. */
  hubStaff: { displayName: string; role: StaffRole } | null;
  /** The last time the local data was brought up to date with the hub. */
  lastSyncAt: string | null;
  lastPushAt: string | null;
  /** The change-log sequence number the local data is at; headSeq is the hub's newest one known. */
  cursor: number;
  headSeq: number | null;
  /** While a snapshot is loading: rows applied so far, of about `total` (with progress) when the hub said. */
  snapshot: { rows: number; total: number | null; progress: number | null } | null;
  /** The local data came from the hub's snapshot and change log (false before the first snapshot). */
  ready: boolean;
  /**
   * The first snapshot from this hub is running or waiting to (none has completed since the desktop
   * was attached to it): the local data is not the hub's yet, so the screens say so instead of
   * showing empty lists. False during a later resnapshot, which replaces data that is there.
   */
  firstSync: boolean;
  outbox: {
    /** Changes waiting to be sent. */
    pending: number;
    /** Of those, changes the hub had trouble with and that are retried later. */
    retrying: number;
    /** Of those, changes of a kind this hub does not take yet (kept, not lost). */
    unsupported: number;
  };
  /** When the next attempt is made after a failure (back-off). */
  nextAttemptAt: string | null;
  problem: SyncProblem | null;
  /** The newest refusals first (at most 50). */
  failures: SyncFailure[];
  /** Rows from the hub kept aside, the newest first (at most 50), and how many there are in all. */
  setAside: { count: number; rows: SetAsideRow[] };
}

export interface SyncSettingsView {
  hubUrl: string;
  deviceId: string;
  staffLogin: string;
  hasDeviceSecret: boolean;
  hasPassword: boolean;
  /** Where the secrets are kept: sealed by the OS (Electron safeStorage) or in the local database. */
  secretStorage: 'os' | 'local-db';
}

/** Field problems are codes (the UI words them in Japanese or English). */
export const syncSettingsIssueCodes = [
  'required',
  'url',
  'url_scheme',
  /** Plain http:// to a hub on another machine (domain/hub-address.ts). */
  'https_required',
  'uuid',
  'too_short',
  'too_long',
] as const;
export type SyncSettingsIssueCode = (typeof syncSettingsIssueCodes)[number];

const issue = (code: SyncSettingsIssueCode) => ({ message: code });

export const syncSettingsInputSchema = z
  .object({
    hubUrl: z
      .string()
      .trim()
      .min(1, issue('required'))
      .max(300, issue('too_long'))
      .superRefine((text, ctx) => {
        const problem = hubAddressProblem(text);
        if (problem) ctx.addIssue({ code: 'custom', ...issue(problem) });
      }),
    /** Kept in lower case, as the hub writes it (holds name their device: db/queries/phone-slot-availability.ts). */
    deviceId: z
      .string()
      .trim()
      .min(1, issue('required'))
      .toLowerCase()
      .pipe(z.uuid(issue('uuid'))),
    /** Empty or absent: keep the stored secret. */
    deviceSecret: z
      .string()
      .max(200, issue('too_long'))
      .refine((secret) => secret === '' || secret.length >= 16, issue('too_short'))
      .optional(),
    staffLogin: z.string().trim().min(1, issue('required')).max(64, issue('too_long')),
    /** Empty or absent: keep the stored password. */
    password: z.string().max(200, issue('too_long')).optional(),
    /** The user agreed that data from elsewhere is removed (see confirm_clear). */
    confirmClear: z.boolean().optional(),
  })
  .strict();
export type SyncSettingsInput = z.input<typeof syncSettingsInputSchema>;

/**
 * The data a change of hub would remove from this desktop (it came from elsewhere: the local demo
 * city, the local demo hub, another hub, or this desktop alone), with what there is of it.
 */
export interface LocalDataToClear {
  source: 'demo_city' | 'demo_hub' | 'hub' | 'local';
  /** The hub it came from, for `hub`. */
  hubUrl: string | null;
  venues: number;
  bookings: number;
  coupons: number;
}

/**
 * saved: stored and sync restarted with them. not-saved outcomes: credentials_refused (the hub said
 * no to the device or the staff login), protocol_mismatch, outbox_blocks_hub_change (changes for the
 * current hub are still waiting), secrets_missing (no secret stored yet and none given),
 * confirm_clear (this hub would replace data from elsewhere, listed in `clearing`: send again with
 * `confirmClear` once the user agreed). unreachable: saved, but the hub did not answer the check
 * (sync keeps trying).
 */
export type SaveSyncSettingsOutcome =
  | 'saved'
  | 'unreachable'
  | 'credentials_refused'
  | 'protocol_mismatch'
  | 'outbox_blocks_hub_change'
  | 'secrets_missing'
  | 'confirm_clear';

export interface SaveSyncSettingsResult {
  outcome: SaveSyncSettingsOutcome;
  saved: boolean;
  status: SyncStatus;
  /** What the new hub replaces (asked about with confirm_clear; cleared once saved), else null. */
  clearing: LocalDataToClear | null;
}

const settingsRoles: readonly StaffRole[] = ['manager', 'admin'];

export const syncMethods = {
  getSyncStatus: method<SyncStatus>()({ input: z.object({}).strict(), roles: allRoles }),
  /** Push and pull now instead of waiting for the next poke or poll (also cuts a back-off short). */
  syncNow: method<SyncStatus>()({ input: z.object({}).strict(), roles: allRoles }),
  /** settings null: no hub configured (the demo hub is not a setting). */
  getSyncSettings: method<{ settings: SyncSettingsView | null }>()({
    input: z.object({}).strict(),
    roles: settingsRoles,
  }),
  saveSyncSettings: method<SaveSyncSettingsResult>()({
    input: syncSettingsInputSchema,
    roles: settingsRoles,
  }),
};
