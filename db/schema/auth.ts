import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid, bigint } from "drizzle-orm/pg-core";
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
  },
  (t) => [uniqueIndex("api_keys_key_hash_key").on(t.keyHash), index("api_keys_user_idx").on(t.userId)],
);

/**
 * Failed and successful sign-in attempts, for throttling per account and per address.
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
  ],
);

export type User = typeof users.$inferSelect;
