/**
 * A desk in a process of its own, so a test can SIGKILL it: `node test/integration/desk-process.ts
 * DATA_DIR` opens the desk service on that folder (sync-support.ts openTestDesk) and answers one JSON
 * line per request line on stdin: `{"id", "call", "input"}` → the method's ApiResult,
 * `{"id", "attach": {hubUrl, ...credentials}}` → the saved settings' outcome, `{"id", "status": true}`
 * → the sync status. It prints `{"ready": true}` once open.
 */
import { createInterface } from 'node:readline';
import { attachDesk, openTestDesk } from './sync-support.ts';

const desk = await openTestDesk(process.argv[2]);
const answer = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);
answer({ ready: true });
for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line) as {
    id: number;
    call?: string;
    input?: unknown;
    attach?: Parameters<typeof attachDesk>[2] & { hubUrl: string };
    status?: boolean;
  };
  if (request.call) answer({ id: request.id, result: await desk.service.call(request.call, request.input) });
  else if (request.attach) {
    const { hubUrl, ...credentials } = request.attach;
    await attachDesk(desk, hubUrl, credentials);
    answer({ id: request.id, result: 'attached' });
  } else if (request.status) answer({ id: request.id, result: desk.service.sync.status() });
}
desk.close();
