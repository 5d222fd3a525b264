import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/** A new sortable unique id (ULID, lower-case). */
export function newId(): string {
  return nextUlid().toLowerCase();
}
