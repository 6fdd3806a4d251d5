import type { DbOrTx } from "@/db";
import { consumeSamlAuthnRequest, findPendingSamlAuthnRequest, insertSamlAuthnRequest } from "@/db/queries/saml-authn-requests";
import type { SamlRequestStore } from "./request-store";

/**
 * The SamlRequestStore of one connection in PostgreSQL (saml_authn_requests), shared by every
 * web process. Lookups and consumption are scoped to the connection and its institution: a
 * request sent for one institution's IdP is never answered at another's ACS. `redirectTo` is
 * kept with requests this store saves.
 */
export function dbSamlRequestStore(db: DbOrTx, scope: { institutionId: string; connectionId: string; redirectTo?: string }): SamlRequestStore {
  const { institutionId, connectionId } = scope;
  return {
    save: (id, createdAt, expiresAt) =>
      insertSamlAuthnRequest(db, { institutionId, connectionId, id, redirectTo: scope.redirectTo ?? "/", createdAt, expiresAt }),
    findPending: (id, now) => findPendingSamlAuthnRequest(db, { institutionId, connectionId, id, now }),
    consume: (id) => consumeSamlAuthnRequest(db, { institutionId, connectionId, id }),
  };
}
