import type { Role } from '../../../common/enums.js';

export const permissions = [
  'conversations:read',
  'conversations:write',
  'contacts:read',
  'contacts:write',
  'inbound:write',
  'accounts:read',
  'accounts:manage',
  'queues:manage',
  'users:manage',
  'tokens:manage',
  'audit:read',
  'analytics:read',
  'workspace:manage',
  /** Reading the original of a message whose personal data was masked (audited). */
  'personal_data:read',
  /** Configuring how triage prioritises (the customer-value rule). */
  'triage:manage',
] as const;
/** One thing a role or token may do; also the scopes an API token can be limited to. */
export type Permission = (typeof permissions)[number];

const agent: Permission[] = ['conversations:read', 'conversations:write', 'contacts:read', 'contacts:write', 'accounts:read', 'inbound:write'];

/** What each role may do. */
export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(permissions),
  supervisor: new Set<Permission>([...agent, 'queues:manage', 'analytics:read', 'audit:read', 'personal_data:read', 'triage:manage']),
  agent: new Set(agent),
  analyst: new Set<Permission>(['conversations:read', 'contacts:read', 'accounts:read', 'analytics:read']),
};

/** Whether a role, limited to the given scopes (all when undefined), grants a permission. */
export function grants(role: Role, permission: Permission, scopes?: readonly Permission[]): boolean {
  return rolePermissions[role].has(permission) && (scopes === undefined || scopes.includes(permission));
}
