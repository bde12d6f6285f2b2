/**
 * The desktop's client of the hub's staff sync API (domain/hub-api/sync-api.ts): every request names
 * the protocol version, answers are checked against the shared schemas, and failures come back as two
 * kinds the engine treats differently: HubUnreachableError (network, timeout, 5xx: try again later)
 * and HubRefusedError (the hub answered with an error code).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { couponFileFormat } from '../../../domain/coupon-list/coupon-file-format.ts';
import { hubAddressProblem } from '../../../domain/hub-address.ts';
import {
  type DeskAuditEntry,
  type DeskAuditPushResponse,
  deskAuditPushResponseSchema,
} from '../../../domain/hub-api/desk-audit-api.ts';
import { type HubErrorBody, type HubErrorCode, hubErrorBodySchema } from '../../../domain/hub-api/errors.ts';
import {
  type BulkSlotChangeBody,
  type BulkSlotChangeResponse,
  bulkSlotChangeResponseSchema,
  type CouponImportPreview,
  type CouponImportView,
  type CreateProductBody,
  type CreateVenueBody,
  couponImportPreviewSchema,
  couponImportResponseSchema,
  importProblemsPageSchema,
  type ManagerCatalog,
  managerCatalogSchema,
  type ProductChangeBody,
  productResponseSchema,
  type SessionCancellationBody,
  type SessionCancellationPreview,
  type SessionCancellationResult,
  type SlotGenerationBody,
  type SlotGenerationPreview,
  type SlotGenerationResult,
  sessionCancellationPreviewSchema,
  sessionCancellationResultSchema,
  slotGenerationPreviewSchema,
  slotGenerationResultSchema,
  venueResponseSchema,
} from '../../../domain/hub-api/manager-api.ts';
import type { HoldRecord, HubProductRecord } from '../../../domain/hub-api/records.ts';
import {
  type CreateStaffBody,
  type PasswordResetBody,
  type StaffAccount,
  type StaffChangeBody,
  staffAccountListSchema,
  staffAccountResponseSchema,
} from '../../../domain/hub-api/staff-admin-api.ts';
import {
  type ChangesPage,
  type CreateHoldBody,
  changesPageEnvelopeSchema,
  holdResponseSchema,
  type LoginBody,
  type LoginResponse,
  loginResponseSchema,
  type Mutation,
  protocolHeader,
  type ReceivedMutationResult,
  receivedPushResponseSchema,
  releaseHoldResponseSchema,
  type SlotChangeBody,
  type SnapshotPage,
  slotChangeResponseSchema,
  snapshotPageEnvelopeSchema,
  syncProtocolVersion,
  type VenueChangeBody,
} from '../../../domain/hub-api/sync-api.ts';

/** A venue as the hub has it, with what a manager defines on it. */
export type ManagerVenue = z.output<typeof venueResponseSchema>['venue'];

export class HubUnreachableError extends Error {
  override name = 'HubUnreachableError';
}

/**
 * The hub's address is plain http:// to another machine (a setting stored before the rule, or a caller
 * that skipped the contract's check): no request is made, so no secret or resident's data leaves.
 */
export class InsecureHubError extends Error {
  override name = 'InsecureHubError';
}

export class HubRefusedError extends Error {
  override name = 'HubRefusedError';
  readonly code: HubErrorCode | 'UNKNOWN';
  readonly status: number;
  /** From Retry-After, when the hub sent one. */
  readonly retryAfterSeconds: number | null;
  /** What the hub named beside the code: the failing fields, the slots in the way, the overlaps. */
  readonly detail: HubRefusalDetail;

  constructor(
    status: number,
    code: HubErrorCode | 'UNKNOWN',
    message: string,
    retryAfterSeconds: number | null,
    detail: HubRefusalDetail = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.detail = detail;
  }
}

export type HubRefusalDetail = Pick<HubErrorBody['error'], 'fields' | 'belowBooked' | 'overlaps'>;

export interface HubClientOptions {
  /** The hub's address, e.g. https://hub.example.jp/ (a path prefix is kept). */
  baseUrl: string;
  /** Per request; snapshot pages get twice as long. */
  timeoutMs?: number;
  /** Aborts every request in flight (the engine stopping); an aborted request never resolves with data. */
  signal?: AbortSignal;
}

const defaultTimeoutMs = 30_000;
/** A manager's change waits at most this long for the hub… */
export const managerTimeoutMs = 15_000;
/** …and one that may touch thousands of slots or move many residents (a year's generation, a session) this long. */
const longManagerTimeoutMs = 120_000;
/** A coupon list step: the hub reads (or imports a chunk of) a list of up to 300,000 rows. */
export const couponListTimeoutMs = 15 * 60_000;
const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The hub's address with a trailing slash, so that relative API paths keep any prefix. */
export function normalizeHubUrl(url: string): string {
  const parsed = new URL(url.trim());
  parsed.hash = '';
  parsed.search = '';
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return parsed.toString();
}

export class HubClient {
  readonly baseUrl: string;
  readonly #timeoutMs: number;
  readonly #stop: AbortSignal | undefined;
  /** https://, or http:// on this machine (domain/hub-address.ts); else every request is refused here. */
  readonly #secure: boolean;

  constructor(options: HubClientOptions) {
    this.baseUrl = normalizeHubUrl(options.baseUrl);
    this.#timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.#stop = options.signal;
    this.#secure = hubAddressProblem(this.baseUrl) === null;
  }

  #refuseInsecure(): void {
    if (!this.#secure) {
      throw new InsecureHubError('the hub address is not https:// and not on this machine: nothing was sent');
    }
  }

  login(body: LoginBody): Promise<LoginResponse> {
    return this.#request('POST', 'api/v1/sync/login', { body, schema: loginResponseSchema });
  }

  snapshotPage(token: string, cursor: string | null, limit: number): Promise<SnapshotPage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    return this.#request('GET', `api/v1/sync/snapshot?${query}`, {
      token,
      schema: snapshotPageEnvelopeSchema,
      timeoutMs: this.#timeoutMs * 2,
    });
  }

  changes(token: string, since: number, limit: number): Promise<ChangesPage> {
    return this.#request('GET', `api/v1/sync/changes?since=${since}&limit=${limit}`, {
      token,
      schema: changesPageEnvelopeSchema,
    });
  }

  async push(token: string, mutations: readonly Mutation[]): Promise<ReceivedMutationResult[]> {
    const answer = await this.#request('POST', 'api/v1/sync/push', {
      token,
      body: { mutations },
      schema: receivedPushResponseSchema,
      timeoutMs: this.#timeoutMs * 2,
    });
    return answer.results;
  }

  /** This desktop's audit entries, in chain order after those the hub holds; answers how far it holds them. */
  pushAuditEntries(token: string, entries: readonly DeskAuditEntry[]): Promise<DeskAuditPushResponse> {
    return this.#request('POST', 'api/v1/sync/audit-entries', {
      token,
      body: { entries },
      schema: deskAuditPushResponseSchema,
      timeoutMs: this.#timeoutMs * 2,
    });
  }

  /** Holds a seat for a caller (idempotent by holdId). `timeoutMs`: holds must never keep an operator waiting. */
  async createHold(token: string, body: CreateHoldBody, timeoutMs?: number): Promise<HoldRecord> {
    const answer = await this.#request('POST', 'api/v1/sync/holds', {
      token,
      body,
      schema: holdResponseSchema,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
    return answer.hold;
  }

  /** Pushes the hold's expiry on (never past its cap); HOLD_EXPIRED once it has ended. */
  async extendHold(token: string, holdId: string, timeoutMs?: number): Promise<HoldRecord> {
    const answer = await this.#request('POST', `api/v1/sync/holds/${encodeURIComponent(holdId)}/extend`, {
      token,
      schema: holdResponseSchema,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
    return answer.hold;
  }

  /** Gives the seat back; false when the hold had already ended. */
  async releaseHold(token: string, holdId: string, timeoutMs?: number): Promise<boolean> {
    const answer = await this.#request('POST', `api/v1/sync/holds/${encodeURIComponent(holdId)}/release`, {
      token,
      schema: releaseHoldResponseSchema,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
    return answer.released;
  }

  /**
   * A manager's change of a slot (PATCH /api/v1/sync/slots/{slotId}); answers the slot as the hub now
   * has it. The values are absolute, so sending the same change again is harmless.
   */
  async changeSlot(
    token: string,
    slotId: string,
    body: SlotChangeBody,
    timeoutMs?: number,
  ): Promise<z.output<typeof slotChangeResponseSchema>['slot']> {
    const answer = await this.#request('PATCH', `api/v1/sync/slots/${encodeURIComponent(slotId)}`, {
      token,
      body,
      schema: slotChangeResponseSchema,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
    return answer.slot;
  }

  // ── a manager's definitions and slot planning (domain/hub-api/manager-api.ts) ──

  managerCatalog(token: string): Promise<ManagerCatalog> {
    return this.#request('GET', 'api/v1/sync/manager-catalog', {
      token,
      schema: managerCatalogSchema,
      timeoutMs: managerTimeoutMs,
    });
  }

  async createProduct(token: string, body: CreateProductBody): Promise<HubProductRecord> {
    return (await this.#manager('POST', 'api/v1/sync/products', token, body, productResponseSchema)).product;
  }

  async changeProduct(token: string, productId: string, body: ProductChangeBody): Promise<HubProductRecord> {
    const path = `api/v1/sync/products/${encodeURIComponent(productId)}`;
    return (await this.#manager('PATCH', path, token, body, productResponseSchema)).product;
  }

  async retireProduct(token: string, productId: string): Promise<HubProductRecord> {
    const path = `api/v1/sync/products/${encodeURIComponent(productId)}/retire`;
    return (await this.#manager('POST', path, token, undefined, productResponseSchema)).product;
  }

  async createVenue(token: string, body: CreateVenueBody): Promise<ManagerVenue> {
    return (await this.#manager('POST', 'api/v1/sync/venues', token, body, venueResponseSchema)).venue;
  }

  /** Edits a venue; `active: false` closes it. */
  async changeVenue(token: string, venueId: string, body: VenueChangeBody): Promise<ManagerVenue> {
    const path = `api/v1/sync/venues/${encodeURIComponent(venueId)}`;
    return (await this.#manager('PATCH', path, token, body, venueResponseSchema)).venue;
  }

  /** What generating would make, skip and meet; changes nothing. */
  previewSlotGeneration(
    token: string,
    venueId: string,
    body: SlotGenerationBody,
  ): Promise<SlotGenerationPreview> {
    const path = `api/v1/sync/venues/${encodeURIComponent(venueId)}/slot-generation/preview`;
    return this.#manager('POST', path, token, body, slotGenerationPreviewSchema, longManagerTimeoutMs);
  }

  /** Generates the slots atomically (OVERLAP refuses it all); the same request again adds nothing. */
  generateSlots(token: string, venueId: string, body: SlotGenerationBody): Promise<SlotGenerationResult> {
    const path = `api/v1/sync/venues/${encodeURIComponent(venueId)}/slot-generation`;
    return this.#manager('POST', path, token, body, slotGenerationResultSchema, longManagerTimeoutMs);
  }

  /** All or nothing: CAPACITY_BELOW_BOOKED names every slot in the way (detail.belowBooked). */
  changeSlotsInBulk(token: string, body: BulkSlotChangeBody): Promise<BulkSlotChangeResponse> {
    const path = 'api/v1/sync/slots/bulk-change';
    return this.#manager('POST', path, token, body, bulkSlotChangeResponseSchema, longManagerTimeoutMs);
  }

  previewSessionCancellation(
    token: string,
    body: SessionCancellationBody,
  ): Promise<SessionCancellationPreview> {
    const path = 'api/v1/sync/slot-cancellations/preview';
    return this.#manager('POST', path, token, body, sessionCancellationPreviewSchema, longManagerTimeoutMs);
  }

  /** Closes the slots, then moves each resident (one hub transaction each); sending it again goes on. */
  cancelSession(token: string, body: SessionCancellationBody): Promise<SessionCancellationResult> {
    const path = 'api/v1/sync/slot-cancellations';
    return this.#manager('POST', path, token, body, sessionCancellationResultSchema, longManagerTimeoutMs);
  }

  // ── staff accounts, for admins (domain/hub-api/staff-admin-api.ts) ──

  async listStaff(token: string): Promise<StaffAccount[]> {
    const answer = await this.#request('GET', 'api/v1/sync/staff', {
      token,
      schema: staffAccountListSchema,
      timeoutMs: managerTimeoutMs,
    });
    return answer.staff;
  }

  async createStaffAccount(token: string, body: CreateStaffBody): Promise<StaffAccount> {
    return (await this.#manager('POST', 'api/v1/sync/staff', token, body, staffAccountResponseSchema)).staff;
  }

  /** Name, role, venues; `active: false` disables the account (its sessions end at once). */
  async changeStaffAccount(token: string, staffId: string, body: StaffChangeBody): Promise<StaffAccount> {
    const path = `api/v1/sync/staff/${encodeURIComponent(staffId)}`;
    return (await this.#manager('PATCH', path, token, body, staffAccountResponseSchema)).staff;
  }

  async resetStaffPassword(token: string, staffId: string, body: PasswordResetBody): Promise<StaffAccount> {
    const path = `api/v1/sync/staff/${encodeURIComponent(staffId)}/password-reset`;
    return (await this.#manager('POST', path, token, body, staffAccountResponseSchema)).staff;
  }

  #manager<S extends z.ZodType>(
    method: 'POST' | 'PATCH',
    path: string,
    token: string,
    body: unknown,
    schema: S,
    timeoutMs = managerTimeoutMs,
  ): Promise<z.output<S>> {
    return this.#request(method, path, { token, schema, timeoutMs, ...(body !== undefined ? { body } : {}) });
  }

  /**
   * Uploads a coupon list file as it is, streamed from disk (never read whole), and answers the hub's
   * preview. The hub reads and checks the whole list before it answers: a long list takes a while.
   */
  uploadCouponList(
    token: string,
    file: { path: string; fileName: string },
    timeoutMs = couponListTimeoutMs,
  ): Promise<CouponImportPreview> {
    const query = new URLSearchParams({ fileName: file.fileName });
    return this.#request('POST', `api/v1/sync/coupon-imports?${query}`, {
      token,
      file: {
        path: file.path,
        contentType: couponFileFormat(file.fileName) === 'xlsx' ? xlsxContentType : 'text/csv',
      },
      schema: couponImportPreviewSchema,
      timeoutMs,
    });
  }

  couponImportProblems(
    token: string,
    importId: string,
    after: number,
    limit: number,
  ): Promise<z.output<typeof importProblemsPageSchema>> {
    const query = new URLSearchParams({ after: String(after), limit: String(limit) });
    return this.#request(
      'GET',
      `api/v1/sync/coupon-imports/${encodeURIComponent(importId)}/problems?${query}`,
      {
        token,
        schema: importProblemsPageSchema,
      },
    );
  }

  /** Imports up to maxRows more rows of a read list (each chunk one hub transaction); answers the progress. */
  async applyCouponImport(token: string, importId: string, maxRows: number): Promise<CouponImportView> {
    const answer = await this.#request(
      'POST',
      `api/v1/sync/coupon-imports/${encodeURIComponent(importId)}/apply`,
      { token, body: { maxRows }, schema: couponImportResponseSchema, timeoutMs: couponListTimeoutMs },
    );
    return answer.import;
  }

  async discardCouponImport(token: string, importId: string): Promise<CouponImportView> {
    const answer = await this.#request(
      'DELETE',
      `api/v1/sync/coupon-imports/${encodeURIComponent(importId)}`,
      {
        token,
        schema: couponImportResponseSchema,
      },
    );
    return answer.import;
  }

  /**
   * Opens the hub's event stream (SSE pokes). Resolves with the open response, or null when this hub
   * has no such route (an older hub: the engine polls instead).
   */
  async openEvents(token: string, signal: AbortSignal): Promise<Response | null> {
    this.#refuseInsecure();
    let response: Response;
    try {
      response = await fetch(new URL('api/v1/sync/events', this.baseUrl), {
        headers: { ...this.#headers(token), accept: 'text/event-stream' },
        signal: this.#stop ? AbortSignal.any([signal, this.#stop]) : signal,
      });
    } catch (error) {
      throw new HubUnreachableError(describeNetworkError(error));
    }
    if (response.status === 404 || response.status === 405) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) throw await refusalOf(response);
    return response;
  }

  #headers(token?: string): Record<string, string> {
    return {
      [protocolHeader]: String(syncProtocolVersion),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
  }

  async #request<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    options: {
      token?: string;
      body?: unknown;
      /** A file sent as the body as it is, streamed from disk. */
      file?: { path: string; contentType: string };
      schema: S;
      timeoutMs?: number;
    },
  ): Promise<z.output<S>> {
    this.#refuseInsecure();
    const headers = this.#headers(options.token);
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.file) headers['content-type'] = options.file.contentType;
    let response: Response;
    let text: string;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.#timeoutMs);
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.file
          ? { body: Readable.toWeb(createReadStream(options.file.path)) as ReadableStream, duplex: 'half' }
          : {}),
        signal: this.#stop ? AbortSignal.any([timeout, this.#stop]) : timeout,
      });
      if (response.status >= 500 || response.status === 408) {
        await response.body?.cancel();
        throw new HubUnreachableError(`the hub answered ${response.status}`);
      }
      if (!response.ok) throw await refusalOf(response);
      text = await response.text();
      if (this.#stop?.aborted) throw new HubUnreachableError('stopped');
    } catch (error) {
      if (error instanceof HubUnreachableError || error instanceof HubRefusedError) throw error;
      throw new HubUnreachableError(describeNetworkError(error));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new HubRefusedError(
        response.status,
        'UNKNOWN',
        'the hub answered something other than JSON',
        null,
      );
    }
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) {
      throw new HubRefusedError(
        response.status,
        'UNKNOWN',
        `unexpected answer from ${path.split('?')[0]}`,
        null,
      );
    }
    return parsed.data;
  }
}

async function refusalOf(response: Response): Promise<HubRefusedError> {
  let code: HubErrorCode | 'UNKNOWN' = 'UNKNOWN';
  let message = `the hub answered ${response.status}`;
  let detail: HubRefusalDetail = {};
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (typeof body.error?.code === 'string') code = body.error.code as HubErrorCode;
    if (typeof body.error?.message === 'string') message = body.error.message;
    const known = hubErrorBodySchema.safeParse(body);
    if (known.success) {
      const { fields, belowBooked, overlaps } = known.data.error;
      detail = {
        ...(fields ? { fields } : {}),
        ...(belowBooked ? { belowBooked } : {}),
        ...(overlaps ? { overlaps } : {}),
      };
    }
  } catch {
    // not JSON: keep the status line
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return new HubRefusedError(
    response.status,
    code,
    message,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    detail,
  );
}

/** What went wrong on the wire, without the URL (which may carry a token in a query) or any data. */
export function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'the hub did not answer in time';
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code) return `cannot reach the hub (${cause.code})`;
    return `cannot reach the hub (${error.name})`;
  }
  return 'cannot reach the hub';
}
