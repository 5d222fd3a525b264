import type { Role } from '../../../common/enums.js';

/** What the app shows by role; mirrors the server's role permissions (the server still decides every request). */
type Capability = 'write' | 'analytics' | 'manageUsers' | 'manageQueues' | 'manageTokens' | 'manageAccounts' | 'readAudit';

const capabilities: Record<Role, ReadonlySet<Capability>> = {
  admin: new Set<Capability>(['write', 'analytics', 'manageUsers', 'manageQueues', 'manageTokens', 'manageAccounts', 'readAudit']),
  supervisor: new Set<Capability>(['write', 'analytics', 'manageQueues', 'readAudit']),
  agent: new Set<Capability>(['write']),
  analyst: new Set<Capability>(['analytics']),
};

/** Whether a role may do something in the app. */
export function roleCan(role: string | undefined, capability: Capability): boolean {
  return role !== undefined && role in capabilities && capabilities[role as Role].has(capability);
}
