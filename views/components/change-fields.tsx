// An audit-trail change as a list of fields: each field's name, what it was and what it became, instead of raw JSON.
import { t } from "../../server/i18n/index.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function parse(text: string | null): Json | undefined {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/** A value as a reader writes it: text as it is, lists with commas, nested objects as "key: value" pairs. */
function written(value: Json | undefined): string {
  if (value === undefined || value === null || value === "") return t("common.none");
  if (Array.isArray(value)) return value.length === 0 ? t("common.none") : value.map(written).join(", ");
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}: ${written(v)}`).join("; ");
  return String(value);
}

const asObject = (value: Json | undefined): Record<string, Json> | null => (value !== null && value !== undefined && typeof value === "object" && !Array.isArray(value) ? value : null);

/** Rows of (field, before, after): changed fields first as "before → after", then fields that only appear on one side. */
export function changedFields(before: string | null, after: string | null): { field: string; before?: string; after?: string }[] {
  const b = parse(before);
  const a = parse(after);
  const bo = asObject(b);
  const ao = asObject(a);
  if (!bo && !ao) {
    if (b === undefined && a === undefined) return [];
    return [{ field: "", ...(b !== undefined ? { before: written(b) } : {}), ...(a !== undefined ? { after: written(a) } : {}) }];
  }
  const keys = [...new Set([...Object.keys(bo ?? {}), ...Object.keys(ao ?? {})])];
  return keys.map((k) => {
    const row: { field: string; before?: string; after?: string } = { field: k };
    if (bo && k in bo) row.before = written(bo[k]);
    if (ao && k in ao) row.after = written(ao[k]);
    return row;
  });
}

export function ChangeFields({ before, after }: { before: string | null; after: string | null }) {
  const rows = changedFields(before, after);
  if (rows.length === 0) return null;
  return (
    <dl class="change-fields">
      {rows.map((r) => (
        <>
          <dt>{r.field || t("admin.value")}</dt>
          <dd>
            {r.before !== undefined && r.after !== undefined ? (
              r.before === r.after ? (
                <span class="unchanged">{r.after}</span>
              ) : (
                <>
                  <del>{r.before}</del> <span aria-hidden="true">→</span>
                  <span class="visually-hidden">{t("admin.changedTo")}</span> <ins>{r.after}</ins>
                </>
              )
            ) : r.after !== undefined ? (
              <ins>{r.after}</ins>
            ) : (
              <del>{r.before}</del>
            )}
          </dd>
        </>
      ))}
    </dl>
  );
}
