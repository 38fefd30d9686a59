// How far a running run is, for its page's progress bar: the steps it has done of those it knows of (the slices of
// the ticket pass, then each rule judged on its own, then the final write). Kept in this process's memory: a run
// executes in the process that claimed it, and a page served by another process shows the run as in progress only.
export interface RunProgress {
  done: number;
  total: number;
}

const progress = new Map<number, RunProgress>();

/** The run has `total` steps before it (its evaluation calls `advance` once per step). */
export function beginProgress(runId: number, total: number): void {
  progress.set(runId, { done: 0, total: Math.max(1, total) });
}

export function advanceProgress(runId: number, steps = 1): void {
  const p = progress.get(runId);
  if (p) p.done = Math.min(p.total, p.done + steps);
}

/** Adds steps learnt on the way (the number of slices is known once the pass has read the table's rowid range). */
export function addProgressSteps(runId: number, steps: number): void {
  const p = progress.get(runId);
  if (p) p.total += steps;
}

export function progressOf(runId: number): RunProgress | null {
  const p = progress.get(runId);
  return p ? { ...p } : null;
}

export function endProgress(runId: number): void {
  progress.delete(runId);
}
