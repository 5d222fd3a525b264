/** A database error translated to what the domain cares about. */
export type DbErrorKind = 'DUPLICATE' | 'FOREIGN_KEY' | 'OTHER';

/** Translates engine-specific errors: PostgreSQL 23505 and SQLite's unique constraint both become DUPLICATE. */
export function classifyDbError(error: unknown): DbErrorKind {
  if (typeof error !== 'object' || error === null) return 'OTHER';
  const code = (error as { code?: unknown }).code;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'DUPLICATE';
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'FOREIGN_KEY';
  return 'OTHER';
}
