// What a preset is: a named mapping for one system's export, with the columns the README documents.
import type { ImportMappingInput } from "./mapping.js";

export interface Preset {
  /** the --format name */
  name: string;
  title: string;
  mapping: ImportMappingInput;
}
