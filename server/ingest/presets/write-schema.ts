// Writes presets/mapping.schema.json, the published JSON Schema of a mapping file:
// node --import tsx server/ingest/presets/write-schema.ts
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { importMappingJsonSchema } from "./mapping.js";

export const mappingSchemaPath = join(import.meta.dirname, "mapping.schema.json");
export const mappingSchemaText = () => JSON.stringify(importMappingJsonSchema(), null, 2) + "\n";

if (process.argv[1] === import.meta.filename) writeFileSync(mappingSchemaPath, mappingSchemaText());
