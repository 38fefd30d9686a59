// The password rules every path that sets a password applies (createUser: the admin page, `assay user create`,
// the first admin and the demo users): long enough, not the e-mail address, not a common password.
import { commonPasswords } from "./common-passwords.js";

export const minPasswordLength = 12;

/** Digits and symbols people put around a common word ("!Password2026"): taken off before the list is asked. */
const padding = /^[\d\W_]+|[\d\W_]+$/g;

/** "qwertyqwerty" → "qwerty"; a string that is not a repetition comes back whole. */
function repeatedUnit(text: string): string {
  for (let size = 1; size <= text.length / 2; size++) {
    if (text.length % size === 0 && text.slice(0, size).repeat(text.length / size) === text) return text.slice(0, size);
  }
  return text;
}

/** "abcdefghijkl", "123456789012", "987654321098": each character one after (or before) the last, digits wrapping. */
function isRun(text: string): boolean {
  const step = (a: string, b: string) => {
    if (/\d/.test(a) && /\d/.test(b)) return (Number(b) - Number(a) + 10) % 10;
    return b.charCodeAt(0) - a.charCodeAt(0);
  };
  const first = step(text[0], text[1]);
  if (first !== 1 && first !== -1 && first !== 9) return false;
  for (let i = 1; i < text.length - 1; i++) if (step(text[i], text[i + 1]) !== first) return false;
  return true;
}

function isCommon(password: string): boolean {
  const squeezed = password.toLowerCase().replace(/\s+/g, "");
  const core = squeezed.replace(padding, "") || squeezed;
  for (const candidate of new Set([squeezed, core, repeatedUnit(core)])) {
    if (commonPasswords.has(candidate) || candidate.length <= 3 || isRun(candidate)) return true;
  }
  return false;
}

/**
 * Why a password is refused, or null. The e-mail's name part counts from 3 characters: shorter ones ("al") occur in
 * ordinary words. Length is checked first, so that a short password is told what to fix first.
 */
export function passwordProblem(password: string, email: string): string | null {
  if ([...password].length < minPasswordLength) return `at least ${minPasswordLength} characters`;
  const lower = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const name = address.split("@")[0];
  if ((address && lower.includes(address)) || (name.length >= 3 && lower.includes(name))) return "must not contain your e-mail address or the part before the @";
  if (isCommon(password)) return "is one of the most common passwords (give or take capitals, spaces, and digits or symbols at either end); choose a longer passphrase";
  return null;
}
