import type { CustomerValue, CustomerValueFieldRule, CustomerValueLevel, CustomerValueRuleBody } from './customer-value.schemas.js';

/** Priority indexes (see common/enums priorities). */
const NORMAL = 1;
const HIGH = 2;
const URGENT = 3;

const rank: Record<CustomerValueLevel, number> = { high: 1, top: 2 };

/** A workspace's rule, compiled once: judges a contact by its custom fields, on the ingest path (no query, no allocation for most contacts). */
export interface CompiledCustomerValueRule {
  /** The contact's value by its custom fields as stored (JSON text), or undefined when the rule matches nothing. */
  assess(customFields: string): CustomerValue | undefined;
  /** The priority a message reaches given what triage made of its text (undefined: nothing raised). */
  priority(value: CustomerValue, contentPriority: number | undefined): number;
}

/**
 * The priority a message from a valuable customer reaches: a `high` customer's message is at least high; a `top`
 * customer's is at least high and one step above what its content alone gives (so an upset top customer is urgent).
 */
export function valuePriority(level: CustomerValueLevel, contentPriority: number | undefined): number {
  const content = contentPriority ?? NORMAL;
  if (level === 'high') return Math.max(content, HIGH);
  return Math.min(URGENT, Math.max(content + 1, HIGH));
}

type FieldValue = string | number | boolean;

interface CompiledField {
  field: string;
  /** The field's name as it appears in the stored JSON text: a cheap test before any parsing. */
  needle: string;
  levelOf(value: FieldValue): CustomerValueLevel | undefined;
}

/** A number from a field value: a number, or text holding one (`"12,500.50"` reads as 12500.5). */
function numberOf(value: FieldValue): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/[,_\s]/g, '');
  if (text === '') return undefined;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function compileField(rule: CustomerValueFieldRule): CompiledField {
  const base = { field: rule.field, needle: JSON.stringify(rule.field) };
  if (rule.kind === 'values') {
    const levels = new Map(Object.entries(rule.values).map(([key, level]) => [key.trim().toLowerCase(), level]));
    return { ...base, levelOf: (value) => levels.get(String(value).trim().toLowerCase()) };
  }
  const thresholds = [...rule.thresholds].sort((a, b) => b.atLeast - a.atLeast);
  return {
    ...base,
    levelOf(value) {
      const number = numberOf(value);
      if (number === undefined) return undefined;
      return thresholds.find((threshold) => number >= threshold.atLeast)?.level;
    },
  };
}

/** Compiles a workspace's rule; undefined for a rule without fields (the workspace does not use customer value). */
export function compileCustomerValueRule(rule: CustomerValueRuleBody): CompiledCustomerValueRule | undefined {
  if (rule.fields.length === 0) return undefined;
  const fields = rule.fields.map(compileField);
  return {
    assess(customFields) {
      if (customFields.length <= 2 || !fields.some((field) => customFields.includes(field.needle))) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(customFields);
      } catch {
        return undefined;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      const values = parsed as Record<string, unknown>;
      let best: CustomerValue | undefined;
      for (const field of fields) {
        const value = values[field.field];
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
        const level = field.levelOf(value);
        if (level !== undefined && (best === undefined || rank[level] > rank[best.level])) best = { level, field: field.field, value };
      }
      return best;
    },
    priority: (value, contentPriority) => valuePriority(value.level, contentPriority),
  };
}
