// The presets by --format name.
import { AppError } from "../../errors.js";
import { assay } from "./assay.js";
import { glpi } from "./glpi.js";
import { jsm } from "./jsm.js";
import { parseMapping, type ImportMapping } from "./mapping.js";
import type { Preset } from "./preset.js";
import { rt } from "./rt.js";
import { servicenow } from "./servicenow.js";
import { servicenowHistory } from "./servicenow-history.js";
import { zammad } from "./zammad.js";

export const presets: readonly Preset[] = [servicenow, servicenowHistory, jsm, zammad, glpi, rt, assay];
export const presetNames = presets.map((p) => p.name);

/** The validated mapping of a preset; an unknown name is refused listing the known ones. */
export function presetMapping(name: string): ImportMapping {
  const preset = presets.find((p) => p.name === name);
  if (!preset) throw AppError.invalid(`unknown format "${name}"; formats are ${presetNames.join(", ")}`, [{ path: "format", message: "unknown format" }]);
  return parseMapping(preset.mapping, `preset ${name}`);
}
