// CSV files in and out (English): the encoding choice of the upload form.
export const csv = {
  "csv.encoding": "Encoding",
  "csv.encodingUtf8": "UTF-8 (with or without BOM)",
  "csv.encodingGb18030": "GB18030 / GBK (Chinese Excel \"CSV\")",
} as const;
