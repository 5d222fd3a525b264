import { z } from 'zod';

/** How valuable a customer is: `high` raises their messages to at least high priority; `top` also one step above what the text alone gives. */
export const customerValueLevels = ['high', 'top'] as const;
export type CustomerValueLevel = (typeof customerValueLevels)[number];

const level = z.enum(customerValueLevels);
/** As long as a contact custom field's key may be (contactLimits.customFieldKeyChars). */
const fieldName = z.string().trim().min(1).max(64);

const valuesRule = z.strictObject({
  kind: z.literal('values'),
  /** A contact custom field, e.g. `tier`. */
  field: fieldName,
  /** Field values (compared trimmed and case-insensitively) and the level each means, e.g. `{ "gold": "high", "platinum": "top" }`. */
  values: z.record(z.string().trim().min(1).max(200), level)
    .refine((values) => Object.keys(values).length >= 1 && Object.keys(values).length <= 100, 'give 1 to 100 values')
    .refine((values) => new Set(Object.keys(values).map((key) => key.trim().toLowerCase())).size === Object.keys(values).length, 'values differ only by case or spaces'),
});

const thresholdsRule = z.strictObject({
  kind: z.literal('thresholds'),
  /** A numeric contact custom field (a number, or text holding one), e.g. `lifetime_value`. */
  field: fieldName,
  /** The level of the highest threshold the field reaches, e.g. `[{ "atLeast": 1000, "level": "high" }, { "atLeast": 10000, "level": "top" }]`. */
  thresholds: z.array(z.strictObject({ atLeast: z.number().finite(), level })).min(1).max(10)
    .refine((list) => new Set(list.map((item) => item.atLeast)).size === list.length, 'each threshold once')
    .refine((list) => {
      const sorted = [...list].sort((a, b) => a.atLeast - b.atLeast);
      return sorted.every((item, index) => index === 0 || customerValueLevels.indexOf(item.level) >= customerValueLevels.indexOf((sorted[index - 1] as typeof item).level));
    }, 'a higher threshold cannot mean a lower level'),
});

export const customerValueFieldRule = z.discriminatedUnion('kind', [valuesRule, thresholdsRule]);
/** One contact field that carries customer value, and how to read it. */
export type CustomerValueFieldRule = z.infer<typeof customerValueFieldRule>;

export const customerValueRuleBody = z.strictObject({
  /** The fields, in order of precedence when two give the same level; an empty list turns the rule off. */
  fields: z.array(customerValueFieldRule).max(20)
    .refine((fields) => new Set(fields.map((rule) => rule.field)).size === fields.length, 'each field once'),
});
/** A workspace's customer-value rule: which contact fields make a customer valuable. */
export type CustomerValueRuleBody = z.infer<typeof customerValueRuleBody>;

export const customerValueRuleView = customerValueRuleBody.extend({
  updatedAt: z.string().nullable(),
  /** The user (or token) that last changed it. */
  updatedBy: z.string().nullable(),
});
export type CustomerValueRuleView = z.infer<typeof customerValueRuleView>;

export const customerValueView = z.object({
  level: z.enum(customerValueLevels),
  /** The contact field that matched the rule, and its value. */
  field: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]),
});
/** Why a message's author counts as a valuable customer (what the workspace's rule matched on their profile). */
export type CustomerValue = z.infer<typeof customerValueView>;
