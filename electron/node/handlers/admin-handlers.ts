/**
 * Handlers of the admin screen (domain/api/methods/admin.ts): staff accounts on the hub, each request
 * at once with the desk's hub session (hub-at-once.ts), never queued. The hub checks the role again
 * and audits every change (ids, role, venues, flags; never a password). A name change reaches every
 * desk's staff directory through the change log; the desk pulls after a change so its own copy has it.
 */
import { listVenueChoices } from '../../../db/queries/venue-choices.ts';
import type { adminMethods } from '../../../domain/api/methods/admin.ts';
import type { HubClient } from '../sync/hub-client.ts';
import type { ApiHandlerDeps, HandlersOf } from './handler-types.ts';
import { askHubAtOnce, refusalError } from './hub-at-once.ts';

/** How long a change waits for the pull that follows it (the answer comes anyway). */
const pullWaitMs = 10_000;

export function createAdminHandlers(deps: ApiHandlerDeps): HandlersOf<typeof adminMethods> {
  /** A change the hub makes or refuses as a whole; `fieldsUnder`: where its body sits in the input. */
  async function change<T>(fieldsUnder: string, call: (client: HubClient, token: string) => Promise<T>) {
    const answer = await askHubAtOnce(deps, call);
    if (answer.kind === 'refused') throw refusalError(answer, fieldsUnder);
    await deps.sync?.syncNow(pullWaitMs);
    return answer.value;
  }

  return {
    'admin.listStaff': async () => {
      const answer = await askHubAtOnce(deps, (client, token) => client.listStaff(token));
      if (answer.kind === 'refused') throw refusalError(answer, null);
      return {
        staff: answer.value,
        venues: listVenueChoices(deps.db).map((v) => ({ id: v.id, name: v.name, active: v.active })),
      };
    },

    'admin.createStaff': async ({ staff }) => ({
      staff: await change('staff', (client, token) => client.createStaffAccount(token, staff)),
    }),

    'admin.changeStaff': async ({ staffId, change: body }) => ({
      staff: await change('change', (client, token) => client.changeStaffAccount(token, staffId, body)),
    }),

    'admin.resetPassword': async ({ staffId, reset }) => ({
      staff: await change('reset', (client, token) => client.resetStaffPassword(token, staffId, reset)),
    }),
  };
}
