// A Request Tracker connector's mapping: how RT's values become contract fields, validated with zod, with the defaults
// the README documents.
import { z } from "zod";
import { priorities, ticketKinds } from "../../contract/tickets.js";
import type { ConnectorMapping } from "../../db/schema.js";

/** Contract fields a custom field may fill. */
export const customFieldTargets = ["category", "channel", "resolution", "satisfaction", "complex", "summary"] as const;

export const connectorMappingSchema = z
  .object({
    id_prefix: z.string().max(20).optional(),
    kind: z.enum(ticketKinds).optional(),
    priority: z
      .object({
        values: z.record(z.string(), z.enum(priorities)).optional(),
        ranges: z.array(z.object({ min: z.number().finite(), priority: z.enum(priorities) }).strict()).max(20).optional(),
      })
      .strict()
      .optional(),
    custom_fields: z.partialRecord(z.enum(customFieldTargets), z.string().min(1).max(200)).optional(),
  })
  .strict();

/**
 * RT's default priorities are numbers 0–100 (shown as Low 0, Medium 50, High 100): 67 and above is urgent, 34 and above
 * important, the rest general. Names (when RT sends PriorityAsString values) map the same way.
 */
export const defaultPriorityMap = {
  values: { High: "urgent", Medium: "important", Low: "general" },
  ranges: [
    { min: 67, priority: "urgent" },
    { min: 34, priority: "important" },
    { min: 0, priority: "general" },
  ],
} as const satisfies NonNullable<ConnectorMapping["priority"]>;

export interface ResolvedMapping {
  idPrefix: string;
  kind: (typeof ticketKinds)[number];
  priority: { values: Record<string, (typeof priorities)[number]>; ranges: readonly { min: number; priority: (typeof priorities)[number] }[] };
  customFields: Partial<Record<(typeof customFieldTargets)[number], string>>;
}

export function resolveMapping(m: ConnectorMapping): ResolvedMapping {
  return {
    idPrefix: m.id_prefix ?? "RT-",
    kind: m.kind ?? "incident",
    priority: { values: m.priority?.values ?? defaultPriorityMap.values, ranges: m.priority?.ranges ?? defaultPriorityMap.ranges },
    customFields: m.custom_fields ?? {},
  };
}

/** The value map: an exact value first, else the highest range the number reaches; null when neither applies. */
export function mapPriority(value: string | number | null | undefined, map: ResolvedMapping["priority"]): (typeof priorities)[number] | null {
  if (value === null || value === undefined || value === "") return null;
  const text = String(value);
  if (map.values[text]) return map.values[text];
  const n = Number(text);
  if (!Number.isFinite(n)) return null;
  const ranges = [...map.ranges].sort((a, b) => b.min - a.min);
  return ranges.find((r) => n >= r.min)?.priority ?? null;
}
