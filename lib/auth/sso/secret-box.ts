import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";

/*
 * Secrets stored for an institution (an OIDC client secret) are encrypted with AES-256-GCM under
 * SSO_ENCRYPTION_KEY (lib/env.ts; generated into .data/ by the launch scripts when unset). The
 * stored form is `v1.<iv>.<tag>.<ciphertext>`, base64url parts. The caller's `context` (e.g.
 * `oidc-client-secret:<institutionId>`) is the additional authenticated data: a ciphertext
 * copied into another institution's row does not decrypt.
 */

const VERSION = "v1";

function keyFrom(base64: string | undefined): Buffer {
  if (!base64) throw new Error("SSO_ENCRYPTION_KEY is not set: SSO client secrets cannot be encrypted or read (npm start generates one in .data/).");
  return Buffer.from(base64, "base64");
}

/** `plaintext` encrypted for storage; a fresh 12-byte IV each time. */
export function sealSecret(plaintext: string, context: string, key: string | undefined = getEnv().SSO_ENCRYPTION_KEY): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(key), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/**
 * The plaintext of a `sealSecret` result. Throws (without quoting the value) when it was sealed
 * under another key or context, or altered.
 */
export function openSecret(sealed: string, context: string, key: string | undefined = getEnv().SSO_ENCRYPTION_KEY): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("Not a sealed secret.");
  const keyBytes = keyFrom(key);
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyBytes, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("The secret could not be decrypted: SSO_ENCRYPTION_KEY differs from the one it was saved with, or the value was altered.");
  }
}

/** The AAD of an institution's OIDC client secret. */
export const oidcSecretContext = (institutionId: string) => `oidc-client-secret:${institutionId}`;
