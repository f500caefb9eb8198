export type Role = 'admin' | 'analyst' | 'viewer';
export const ROLES: readonly Role[] = ['viewer', 'analyst', 'admin'];

/** True when `role` may do what `needed` may. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export interface User {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Who made a change, for the audit log: a user, or the system (a CLI command run on the server). */
export interface AuditActor {
  userId: number | null;
  name: string;
  ip?: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface SessionRecord {
  user: User;
  csrf: string;
  expiresAt: string;
  lastSeenAt: string;
}

export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
