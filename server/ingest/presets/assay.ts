// Assay's own ticket contract: every field from the column of the same name.
import { ticketFields } from "../../contract/index.js";
import type { Preset } from "./preset.js";

export const assay: Preset = {
  name: "assay",
  title: "Assay ticket contract",
  mapping: {
    name: "Assay ticket contract (identity)",
    fields: Object.fromEntries(ticketFields.map((f) => [f, f])),
  },
};
