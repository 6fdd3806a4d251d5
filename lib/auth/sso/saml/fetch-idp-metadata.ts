import { AppError } from "@/lib/errors";
import { MAX_METADATA_BYTES } from "./idp-metadata";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const TIMEOUT_MS = 10_000;

/**
 * Fetches an IdP's metadata document for the administrator who gave its URL: https only (the
 * certificates in it are what we will trust), except http to this machine for a test IdP;
 * 10 s at most, 512 KB at most. Failures are VALIDATION errors that say what happened, never
 * what the server answered (the URL is the administrator's, the body could be anything).
 */
export async function fetchIdpMetadata(rawUrl: string): Promise<string> {
  const url = URL.canParse(rawUrl) ? new URL(rawUrl) : null;
  if (!url || !(url.protocol === "https:" || (url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname)))) {
    throw new AppError("VALIDATION", "The metadata URL must be an https:// address.");
  }
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { Accept: "application/samlmetadata+xml, application/xml, text/xml" } });
  } catch {
    throw new AppError("VALIDATION", "The metadata URL could not be reached (no answer within 10 seconds).");
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new AppError("VALIDATION", `The metadata URL answered HTTP ${res.status}.`);
  }
  const reader = res.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_METADATA_BYTES) {
      await reader.cancel();
      throw new AppError("VALIDATION", "The metadata at this URL is larger than 512 KB: use your identity provider's own metadata, not a federation's aggregate.");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
