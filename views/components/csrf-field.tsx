// The hidden CSRF field every form posts (htmx requests also send it as a header).
import type { Principal } from "../../server/deps.js";

export function CsrfField({ principal }: { principal: Principal }) {
  return <input type="hidden" name="_csrf" value={principal.csrf ?? ""} />;
}
