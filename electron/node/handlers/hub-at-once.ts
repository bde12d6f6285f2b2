/**
 * A request that goes to the hub at once with the sync loop's session (SyncEngine.askHubAsManager),
 * never into the outbox, shared by the manager's desk and the admin screen: offline or without a hub
 * it is refused (reasons `hub_offline`, `no_hub`) and nothing changes anywhere; the hub's refusal is
 * put in the desk's terms (managerRefusals, the `reason` issue of the ApiError).
 */
import { ApiError, type ApiErrorCode, type ApiIssue, refusal } from '../../../domain/api/errors.ts';
import type { ManagerRefusal } from '../../../domain/api/methods/manager.ts';
import type { HubClient } from '../sync/hub-client.ts';
import type { ManagerHubAnswer } from '../sync/sync-engine.ts';
import type { ApiHandlerDeps } from './handler-types.ts';

export type HubRefused = Extract<ManagerHubAnswer<unknown>, { kind: 'refused' }>;

export const refused = (code: ApiErrorCode, reason: ManagerRefusal, extra: ApiIssue[] = []): ApiError =>
  refusal(code, 'hub request', reason, extra);

/**
 * The hub's refusal in the desk's terms. `fieldsUnder`: where the hub's body sits in the method's input
 * ('product', 'change', …), so a field the hub names is the field the form shows.
 */
export function refusalError(answer: HubRefused, fieldsUnder: string | null): ApiError {
  switch (answer.code) {
    case 'VALIDATION':
      return new ApiError(
        'VALIDATION',
        'the hub refused the input',
        (answer.detail.fields ?? [{ path: 'body', message: answer.message }]).map((f) => ({
          path: fieldsUnder && f.path !== 'body' ? `${fieldsUnder}.${f.path}` : f.path,
          message: f.message,
        })),
      );
    case 'FORBIDDEN':
      return refused('FORBIDDEN', 'hub_forbidden');
    case 'NOT_FOUND':
      return refused('NOT_FOUND', 'not_found');
    default:
      return refused('CONFLICT', 'hub_refused', [{ path: 'hubCode', message: answer.code }]);
  }
}

/** One request with the hub's live session; throws when there is none (never queued). */
export async function askHubAtOnce<T>(
  deps: ApiHandlerDeps,
  call: (client: HubClient, token: string) => Promise<T>,
): Promise<Exclude<ManagerHubAnswer<T>, { kind: 'unavailable' }>> {
  const sync = deps.sync;
  if (!sync?.attachedToHub) throw refused('CONFLICT', 'no_hub');
  const answer = await sync.askHubAsManager(call);
  if (answer.kind === 'unavailable') {
    throw refused('CONFLICT', answer.why === 'offline' ? 'hub_offline' : 'no_hub');
  }
  return answer;
}
