// Batch validation: every malformed field of every item is named by its path, and nothing is written.
import type { z } from "zod";
import { AppError, toIssues, type Issue } from "../errors.js";

const maxIssues = 200;

/** Parses `{key: [...]}`; a batch with any malformed item throws with the path of every bad field. */
export function parseBatch<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = toIssues(parsed.error.issues);
  throw AppError.invalid(`${what} rejected: ${describe(issues)}; nothing was written`, issues.slice(0, maxIssues));
}

export function describe(issues: Issue[]): string {
  const first = issues.slice(0, 3).map((i) => `${i.path || "(body)"}: ${i.message}`).join("; ");
  return issues.length > 3 ? `${first}; and ${issues.length - 3} more` : first;
}
