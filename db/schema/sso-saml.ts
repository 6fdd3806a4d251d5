import { foreignKey, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { ssoConnections } from "./sso";
import { createdAt } from "./_columns";

/**
 * SAML AuthnRequests we sent and that are not answered yet (lib/auth/sso/saml/request-store.ts):
 * a response is accepted only in answer to one of these (InResponseTo), at the same
 * connection's ACS, before `expires_at`, and once — the ACS deletes the row it accepts
 * (`delete … returning`), so a replayed response finds nothing. Expired rows are pruned when
 * new requests are saved.
 */
export const samlAuthnRequests = pgTable(
  "saml_authn_requests",
  {
    /** The AuthnRequest's ID (node-saml: `_` + 40 hex digits). */
    id: text("id").primaryKey(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id").notNull(),
    /** Where the person goes once signed in (a same-site path, lib/auth/callback-url.ts). */
    redirectTo: text("redirect_to").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    // The connection and its institution together: a request can never name another institution's connection.
    foreignKey({ name: "saml_authn_requests_connection_fk", columns: [t.institutionId, t.connectionId], foreignColumns: [ssoConnections.institutionId, ssoConnections.id] }).onDelete("cascade"),
    index("saml_authn_requests_expires_idx").on(t.expiresAt),
  ],
);
