#!/usr/bin/env node
// The `assay` command: loads the TypeScript entry point through tsx.
import { register } from "tsx/esm/api";
register();
await import("./cli.ts");
