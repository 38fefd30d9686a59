// Preloaded into a child process (`node --import ./test/bench/peak-memory.ts …`): on exit, writes the process's
// peak resident memory to the file named by BENCH_PEAK_FILE, so the parent measures a command it does not control.
import { writeFileSync } from "node:fs";
import { peakRssMb } from "./memory.js";

const file = process.env.BENCH_PEAK_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(peakRssMb())));
