import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { persons } from "./people";
import { createdAt, updatedAt, uuidPk } from "./_columns";

/**
 * A person who can sign in. Every user belongs to one institution; the platform operator
 * ("client success") is a user with `is_operator`, scoped like any other.
 */
export const users = pgTable(
  "users",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    personId: uuid("person_id").references(() => persons.id, { onDelete: "set null" }),
    /** Sign-in name, lower-cased, unique across the platform. */
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    isOperator: boolean("is_operator").notNull().default(false),
    disabled: boolean("disabled").notNull().default(false),
    /** When and by whom sign-in was last disabled (null once re-enabled); history is in settings_audit. */
    disabledAt: timestamp("disabled_at", { withTimezone: true, mode: "date" }),
    disabledByUserId: uuid("disabled_by_user_id"),
    /**
     * Put into the session token at sign-in and compared on every request: sign-out and
     * disabling increment it, so every token issued before stops working at once.
     */
    sessionVersion: integer("session_version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    uniqueIndex("users_person_key").on(t.personId),
    index("users_institution_idx").on(t.institutionId),
    check("users_email_lower_check", sql`${t.email} = lower(${t.email})`),
  ],
);

export const credentials = pgTable("credentials", {
  userId: uuid("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
  /** `scrypt$N$r$p$salt$hash`, base64 parts. */
  passwordHash: text("password_hash").notNull(),
  updatedAt: updatedAt(),
});

/** Bearer keys for REST API v1. Only the SHA-256 of the key is stored. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** First characters of the key, shown to tell keys apart. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    name: text("name").notNull().default("API key"),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    /** Optional: after this moment the key is refused. */
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("api_keys_key_hash_key").on(t.keyHash),
    index("api_keys_user_idx").on(t.userId),
    index("api_keys_institution_idx").on(t.institutionId, t.createdAt),
  ],
);

/**
 * REST API requests per key in the current fixed window: one row per key, counted by one
 * `insert … on conflict do update … returning`, so the limit holds across web processes.
 */
export const apiRateCounters = pgTable("api_rate_counters", {
  apiKeyId: uuid("api_key_id").primaryKey().references(() => apiKeys.id, { onDelete: "cascade" }),
  windowStart: timestamp("window_start", { withTimezone: true, mode: "date" }).notNull(),
  requests: integer("requests").notNull(),
});

/**
 * Failed and successful sign-in attempts, for throttling per (account, address) pair and per address.
 * Platform-level on purpose: an attempt happens before any institution is known.
 */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    success: boolean("success").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("sign_in_attempts_email_idx").on(t.email, t.attemptedAt),
    index("sign_in_attempts_ip_idx").on(t.ip, t.attemptedAt),
    index("sign_in_attempts_email_ip_idx").on(t.email, t.ip, t.attemptedAt),
  ],
);

export type User = typeof users.$inferSelect;
