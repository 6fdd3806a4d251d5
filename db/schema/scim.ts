import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { securityRoles } from "./people";
import { users } from "./auth";
import { createdAt, inList, updatedAt } from "./_columns";

/** What deactivating a user through SCIM does with their system number (issue 19.4). */
export const SCIM_NUMBER_ON_DEACTIVATION = ["RELEASE", "KEEP"] as const;
export type ScimNumberOnDeactivation = (typeof SCIM_NUMBER_ON_DEACTIVATION)[number];

/**
 * SCIM 2.0 provisioning of one institution (issue 19.4): its bearer token — only the SHA-256 is
 * stored, the token is shown once — and what the directory's changes do. One row per
 * institution, written when an administrator first generates a token or saves the settings.
 */
export const scimSettings = pgTable(
  "scim_settings",
  {
    institutionId: uuid("institution_id").primaryKey().references(() => institutions.id, { onDelete: "cascade" }),
    /** SHA-256 (hex) of the current token; null when none was generated or it was revoked. */
    tokenHash: text("token_hash"),
    /** The token's first characters, to tell tokens apart. */
    tokenPrefix: text("token_prefix"),
    tokenCreatedAt: timestamp("token_created_at", { withTimezone: true, mode: "date" }),
    tokenCreatedByUserId: uuid("token_created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    tokenLastUsedAt: timestamp("token_last_used_at", { withTimezone: true, mode: "date" }),
    /** RELEASE returns a deactivated user's system number to the pool (SPEC §6); KEEP leaves it assigned. */
    numberOnDeactivation: text("number_on_deactivation").notNull().default("RELEASE"),
    /** The staff role of users the directory creates; null: the first staff role without administration, by name. */
    newUserRoleId: uuid("new_user_role_id").references(() => securityRoles.id, { onDelete: "set null" }),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("scim_settings_token_hash_key").on(t.tokenHash),
    check("scim_settings_number_on_deactivation_check", sql`${t.numberOnDeactivation} in ${inList(SCIM_NUMBER_ON_DEACTIVATION)}`),
  ],
);

/**
 * The SCIM side of a user: the directory's `externalId`, and whether the directory deleted the
 * user (DELETE /Users/{id}: sign-in cut off and the user no longer listed to SCIM; the user and
 * person stay for the history of their messages). A user SCIM never touched has no row.
 */
export const scimUsers = pgTable(
  "scim_users",
  {
    userId: uuid("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    externalId: text("external_id"),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("scim_users_external_id_key").on(t.institutionId, t.externalId),
    index("scim_users_institution_idx").on(t.institutionId),
  ],
);

/**
 * Requests refused for a bad SCIM token, per client address in a fixed 15-minute window
 * (platform-level: the token names no institution). Past the limit a bad token is answered 429
 * instead of 401; a valid token is never refused for its address's failures (directories such
 * as Entra ID call from addresses shared by all their tenants).
 */
export const scimAuthFailures = pgTable("scim_auth_failures", {
  client: text("client").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true, mode: "date" }).notNull(),
  failures: integer("failures").notNull(),
});

export type ScimSettings = typeof scimSettings.$inferSelect;
