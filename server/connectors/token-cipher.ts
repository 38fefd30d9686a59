// A connector's token at rest: AES-256-GCM under a key derived from ASSAY_SECRET_KEY, so the database never holds it in clear.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AppError } from "../errors.js";

/** The 32-byte key: SHA-256 of ASSAY_SECRET_KEY (any long random string); absent, no token can be stored. */
function keyOf(secret: string | undefined): Buffer {
  if (!secret || secret.length < 16) {
    throw AppError.invalid("storing a token needs ASSAY_SECRET_KEY (at least 16 characters); or name an environment variable with token_env", [
      { path: "token", message: "ASSAY_SECRET_KEY is not set" },
    ]);
  }
  return createHash("sha256").update(secret).digest();
}

/** base64url(iv).base64url(tag).base64url(ciphertext) */
export function encryptToken(token: string, secret: string | undefined): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(secret), iv);
  const body = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

export function decryptToken(stored: string, secret: string | undefined): string {
  const [iv, tag, body] = stored.split(".").map((p) => Buffer.from(p, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", keyOf(secret), iv);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    // a changed ASSAY_SECRET_KEY, or a tampered row: GCM's tag says so
    throw new AppError("invalid", 400, "the stored token cannot be decrypted with this ASSAY_SECRET_KEY");
  }
}
