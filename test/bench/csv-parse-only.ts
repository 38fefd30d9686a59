// Row 2's baseline: the same CSV file streamed through csv-parse with the importer's options, nothing inserted.
import { parse } from "csv-parse";
import { createReadStream } from "node:fs";

const file = process.argv[2];
let rows = 0;
const parser = createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(parse({ bom: true, columns: true, relax_column_count: false, skip_empty_lines: true }));
for await (const _record of parser) rows++;
console.log(JSON.stringify({ rows }));
