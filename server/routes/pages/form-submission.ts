// A page form's submission, one way for every form: run the verb; a refusal the form shows beside itself (invalid
// input, and whichever other statuses the form lists: a lock's 409, separation of duties' 403 …) re-renders the form
// with its issues in the reader's language; anything else goes on to the error page (handleError).
import type { Context } from "hono";
import type { AppEnv } from "../../deps.js";
import { AppError, type Issue } from "../../errors.js";
import { pageIssues, type FieldLabels } from "./form-issues.js";
import { inPresentation } from "./render.js";

/** The status a re-rendered form answers with: invalid input is 422 (the form again, htmx swaps it), the rest as refused. */
export type FormStatus = 401 | 403 | 409 | 413 | 415 | 422 | 429;

export interface FormRefusal {
  error: AppError;
  /** the refusal in words, by field (form-issues.ts) */
  issues: Issue[];
  status: FormStatus;
}

export interface FormSubmission {
  /** the form's field labels, for the issues */
  fields: FieldLabels;
  /** the statuses the form shows beside itself (default: 400) */
  refused?: readonly number[];
  /** the form again, with what was wrong */
  rerender: (refusal: FormRefusal) => Response | Promise<Response>;
}

/** `done` answers the verb's success; it runs outside the refusal handling, so its own errors are never shown as the form's. */
export async function submitForm<T>(c: Context<AppEnv>, act: () => Promise<T>, form: FormSubmission, done: (value: T) => Response | Promise<Response>): Promise<Response> {
  let value: T;
  try {
    value = await act();
  } catch (e) {
    if (!(e instanceof AppError) || !(form.refused ?? [400]).includes(e.status)) throw e;
    return form.rerender({ error: e, issues: inPresentation(c, () => pageIssues(e, form.fields)), status: (e.status === 400 ? 422 : e.status) as FormStatus });
  }
  return done(value);
}
