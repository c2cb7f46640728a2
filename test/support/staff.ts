import type { BuiltApp } from '../../src/app.js';
import type { StaffRole } from '../../src/platform/http/staff-principal.js';

let counter = 0;
export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * Creates a staff user with `role` and signs in through the real Admin API. The returned
 * headers carry the session cookie and the CSRF token for state-changing requests.
 */
export async function signInAs(
  built: BuiltApp,
  role: StaffRole,
  options: { authorId?: number; email?: string; name?: string } = {},
): Promise<{ headers: Record<string, string>; userId: number; email: string }> {
  counter += 1;
  const email = options.email ?? `${role}-${counter}-${process.pid}@newsroom.test`;
  const user = await built.services.users.addUser({ email, name: options.name ?? `Test ${role} ${counter}`, role, password: TEST_PASSWORD, isOwner: false }, { system: 'cli' });
  if (options.authorId !== undefined) await built.services.users.updateUser(user.id, { author_id: options.authorId }, { userId: user.id, email, name: user.name, role: 'admin', authorId: null, isOwner: false, via: 'session' });
  const response = await built.app.inject({ method: 'POST', url: '/api/admin/v1/session', payload: { email, password: TEST_PASSWORD } });
  if (response.statusCode !== 201) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'bs_session');
  if (!cookie) throw new Error('sign-in set no session cookie');
  const { csrf_token: csrfToken } = response.json() as { csrf_token: string };
  return { headers: { cookie: `bs_session=${cookie.value}`, 'x-csrf-token': csrfToken }, userId: user.id, email };
}
