import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export type TestKeyPair = { privateKeyPem: string; certificatePem: string };

/**
 * A throwaway RSA key and self-signed certificate for a test identity provider, made at test
 * time (no key is ever committed) with the system's openssl (~0.25 s); valid for a day.
 */
export function createTestCertificate(commonName: string): TestKeyPair {
  const dir = mkdtempSync(path.join(tmpdir(), "saml-idp-"));
  try {
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "1", "-subj", `/CN=${commonName}`, "-keyout", key, "-out", cert],
      { stdio: "ignore" },
    );
    return { privateKeyPem: readFileSync(key, "utf8"), certificatePem: readFileSync(cert, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The certificate's base64 body, as metadata's ds:X509Certificate carries it. */
export function certificateBody(certificatePem: string): string {
  return certificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
}
