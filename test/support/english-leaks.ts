// Finds English UI text on a page meant for Chinese readers: the literal phrases of the English catalogue (ICU
// placeholders cut out) that are not also in the Chinese one and that appear in the page's text.
import { catalogues } from "../../server/i18n/index.js";

/** The literal text of an ICU message, each stretch between placeholders (nested {…} blocks cut out) a fragment. */
function fragmentsOf(pattern: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of pattern) {
    if (ch === "{") {
      if (depth === 0) {
        out.push(current);
        current = "";
      }
      depth++;
    } else if (ch === "}") depth = Math.max(0, depth - 1);
    else if (depth === 0) current += ch;
  }
  out.push(current);
  return out.map((f) => f.replace(/''/g, "'").trim());
}

let phrases: string[] | null = null;

/** English phrases (two words or more, eight characters or more) that the Chinese catalogue does not also use. */
export function englishPhrases(): string[] {
  if (phrases) return phrases;
  const zhText = Object.values(catalogues["zh-CN"]).join("\n");
  const set = new Set<string>();
  for (const pattern of Object.values(catalogues.en)) {
    for (const f of fragmentsOf(pattern)) {
      const phrase = f.replace(/^[^A-Za-z]+|[^A-Za-z.!?)]+$/g, "");
      if (phrase.length >= 8 && /[a-z]/.test(phrase) && phrase.includes(" ") && !zhText.includes(phrase)) set.add(phrase);
    }
  }
  phrases = [...set];
  return phrases;
}

/** The English catalogue phrases found in `text` (a page's visible text or HTML), minus the data given in `allow`. */
export function englishLeaks(text: string, allow: string[] = []): string[] {
  const cleaned = allow.reduce((s, a) => s.split(a).join(" "), text.replace(/\s+/g, " "));
  return englishPhrases().filter((p) => cleaned.includes(p));
}
