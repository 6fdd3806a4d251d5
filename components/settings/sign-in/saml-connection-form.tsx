import type { SamlConnectionView } from "@/lib/auth/sso/connection-views";

/**
 * SLOT for helper B (SAML, issue 19): Administration → Sign-in renders this below the OpenID
 * Connect form with the institution's SAML connection (null: none yet). Replace this file
 * wholesale; keep the export name and props (add props if the page must pass more).
 */
export function SamlConnectionForm({ connection }: { connection: SamlConnectionView | null }) {
  return (
    <section aria-labelledby="saml-heading" className="rounded-lg border border-dashed border-slate-300 p-4">
      <h2 id="saml-heading" className="text-base font-semibold">
        SAML 2.0
      </h2>
      <p className="mt-1 text-sm text-slate-600">{connection ? `${connection.displayName} is configured.` : "Not configured."}</p>
    </section>
  );
}
