import { useCallback, useRef, useSyncExternalStore } from 'react';

/** Anything with an id. */
export interface Identified {
  id: string;
}

/**
 * One id-keyed table of server state: HTTP responses and websocket events both upsert into it, components
 * subscribe to the rows they show. Rows are replaced (never mutated) so React sees every change.
 */
export class EntityTable<T extends Identified> {
  private rows = new Map<string, T>();
  private listeners = new Set<() => void>();
  private version = 0;

  /** Adds rows or merges them over the ones already there. */
  upsert(items: readonly T[]): void {
    if (items.length === 0) return;
    for (const item of items) {
      const existing = this.rows.get(item.id);
      this.rows.set(item.id, existing === undefined ? item : { ...existing, ...item });
    }
    this.changed();
  }

  /** Merges a partial change into a row that is there; ignored when the row is not loaded. */
  patch(id: string, change: Partial<T>): void {
    const existing = this.rows.get(id);
    if (existing === undefined) return;
    this.rows.set(id, { ...existing, ...change });
    this.changed();
  }

  get(id: string | null | undefined): T | undefined {
    return id === null || id === undefined ? undefined : this.rows.get(id);
  }

  all(): T[] {
    return [...this.rows.values()];
  }

  clear(): void {
    this.rows.clear();
    this.changed();
  }

  getVersion = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}

/** One row of a table, re-rendering when it changes. */
export function useEntity<T extends Identified>(table: EntityTable<T>, id: string | null | undefined): T | undefined {
  return useSyncExternalStore(table.subscribe, () => table.get(id));
}

/** The rows of some ids (missing ones left out), re-rendering when any row of the table changes. */
export function useEntities<T extends Identified>(table: EntityTable<T>, ids: readonly string[]): T[] {
  const cache = useRef<{ version: number; ids: readonly string[]; rows: T[] } | null>(null);
  const snapshot = useCallback(() => {
    const version = table.getVersion();
    const last = cache.current;
    if (last !== null && last.version === version && last.ids === ids) return last.rows;
    const rows = ids.map((id) => table.get(id)).filter((row): row is T => row !== undefined);
    cache.current = { version, ids, rows };
    return rows;
  }, [table, ids]);
  return useSyncExternalStore(table.subscribe, snapshot);
}

/** The table's change counter: subscribing to it re-renders a component whenever any row changes. */
export function useTableVersion<T extends Identified>(table: EntityTable<T>): number {
  return useSyncExternalStore(table.subscribe, table.getVersion);
}
