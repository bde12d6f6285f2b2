/**
 * Who is signed in until staff login exists: a demo manager. The dispatcher still checks this
 * role against each method's allowed roles, so enforcement is real from the start.
 */
import type { DeskSession } from './dispatch.ts';

export const demoSession: DeskSession = {
  staffId: 'demo-manager',
  displayName: 'デモ管理者',
  role: 'manager',
};
