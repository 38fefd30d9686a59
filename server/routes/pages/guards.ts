// Page guards beyond `requires`: a page some roles reach through either of two permissions.
import type { MiddlewareHandler } from "hono";
import { can, type Permission } from "../../auth/roles.js";
import { requires } from "../../auth/sessions.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../env.js";

/** Allows the caller when the role table grants any of the permissions; unsafe requests still check CSRF via `requires`. */
export function requiresAny(...permissions: Permission[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get("principal");
    if (!principal) throw AppError.unauthorized();
    const granted = permissions.find((p) => can(principal.role, p));
    if (!granted) throw AppError.forbidden();
    return requires(granted)(c, next);
  };
}
