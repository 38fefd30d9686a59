// `assay user reset-password|deactivate|reactivate --email E`: the account verbs as the command line runs them,
// answered with one line in the operator's language.
import type { Ctx } from "../context.js";
import type { translator } from "../i18n/index.js";
import { deactivateUser, reactivateUser } from "./deactivation.js";
import { resetPassword } from "./password-change.js";

export async function userCommand(ctx: Ctx, action: "reset-password" | "deactivate" | "reactivate", input: { email: string; password: string }, t: ReturnType<typeof translator>): Promise<string> {
  switch (action) {
    case "reset-password": {
      const done = await resetPassword({ ctx, input });
      return t("accounts.cliPasswordReset", { email: done.email, n: done.endedSessions });
    }
    case "deactivate": {
      const done = await deactivateUser({ ctx, input: { email: input.email } });
      return done.changed ? t("accounts.cliDeactivated", { email: done.email, n: done.endedSessions }) : t("accounts.cliAlreadyDeactivated", { email: done.email });
    }
    case "reactivate": {
      const done = await reactivateUser({ ctx, input: { email: input.email } });
      return done.changed ? t("accounts.cliReactivated", { email: done.email }) : t("accounts.cliAlreadyActive", { email: done.email });
    }
  }
}
