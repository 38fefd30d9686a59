// Webhook signing secrets at rest: AES-256-GCM under ASSAY_SECRET_KEY, so a copy of the database alone does not sign.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/** The 32-byte key: 64 hex digits or 43/44 base64 characters as given, any other text through SHA-256. */
export function secretKeyOf(value: string | undefined): Buffer | null {
  const text = (value ?? "").trim();
  if (!text) return null;
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, "hex");
  const b64 = Buffer.from(text, "base64");
  if (b64.length === 32 && /^[A-Za-z0-9+/_-]{43}=?$/.test(text)) return b64;
  return createHash("sha256").update(text).digest();
}

export function sealSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(":");
}

/** Throws when the key is not the one that sealed it (the GCM tag does not verify). */
export function openSecret(key: Buffer, sealed: string): string {
  const [version, iv, tag, body] = sealed.split(":");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
