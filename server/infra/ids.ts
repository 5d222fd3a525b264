import { encodeTime, monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/** A new sortable unique id (ULID, lower-case). */
export function newId(): string {
  return nextUlid().toLowerCase();
}

/** The smallest id newId() could make at this time: every id made earlier sorts below it. */
export function idsBefore(at: number): string {
  return `${encodeTime(Math.max(0, Math.floor(at)), 10).toLowerCase()}${'0'.repeat(16)}`;
}
