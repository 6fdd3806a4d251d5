import "server-only";
import type { Tx } from "@/db";
import { findScimSettings, listScimRoleOptions } from "@/db/queries/scim-settings";
import {
  findScimUser,
  findUserBySignInEmail,
  insertScimUser,
  listScimUsers as listScimUserRows,
  markScimUserDeleted,
  restoreScimUser,
  updateScimUser,
  type ScimUserRow,
} from "@/db/queries/scim-users";
import type { SystemActor } from "@/lib/auth/capabilities";
import { pgErrorCode, PG_UNIQUE_VIOLATION } from "@/lib/errors";
import { log } from "@/lib/log";
import type { ServiceContext } from "@/lib/service-context";
import { applyScimPatch } from "./apply-scim-patch";
import { parseScimFilter } from "./parse-scim-filter";
import { ScimError } from "./scim-error";
import { SCIM_MAX_RESULTS } from "./scim-limits";
import { SCIM_LIST_SCHEMA, stateFromBody, stateFromRow, toScimUser, validateScimUser, type ScimUserInput } from "./scim-user";
import { setUserActive } from "./set-user-active";

/** The institution's directory, acting through SCIM with the institution's token. */
export type ScimContext = ServiceContext<SystemActor & { source: "scim" }> & { baseUrl: string };


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new ScimError(404, "No such user.");
const taken = () => new ScimError(409, "userName is already in use by another user.", "uniqueness");

function pageNumber(raw: string | null, fallback: number, min: number): number {
  if (raw === null || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new ScimError(400, "startIndex and count must be whole numbers.", "invalidValue");
  return Math.max(min, n);
}

/**
 * GET /Users (RFC 7644 §3.4.2): the institution's users, oldest first, filtered by `userName eq`
 * (case-insensitive) or `externalId eq`; `startIndex` is 1-based (below 1 means 1), `count`
 * at most SCIM_MAX_RESULTS (0 answers only totalResults).
 */
export async function listScimUsers({ ctx, input }: { ctx: ScimContext; input: URLSearchParams }) {
  const filter = parseScimFilter(input.get("filter"));
  const startIndex = pageNumber(input.get("startIndex"), 1, 1);
  const count = Math.min(SCIM_MAX_RESULTS, pageNumber(input.get("count"), SCIM_MAX_RESULTS, 0));
  const { total, rows } = await listScimUserRows(ctx.db, {
    institutionId: ctx.actor.institutionId,
    ...(filter ? { [filter.attribute]: filter.value } : {}),
    offset: startIndex - 1,
    limit: count,
  });
  return {
    schemas: [SCIM_LIST_SCHEMA],
    totalResults: total,
    startIndex,
    itemsPerPage: rows.length,
    Resources: rows.map((r) => toScimUser(r, ctx.baseUrl)),
  };
}

async function loadUser(ctx: ScimContext, userId: string, tx?: Tx): Promise<ScimUserRow> {
  if (!UUID.test(userId)) throw notFound();
  const row = await findScimUser(tx ?? ctx.db, { institutionId: ctx.actor.institutionId, userId, lock: tx !== undefined });
  if (!row) throw notFound();
  return row;
}

/** GET /Users/{id}: one user of the institution; another institution's id is 404, like an unknown one. */
export async function getScimUser({ ctx, input }: { ctx: ScimContext; input: { userId: string } }) {
  return toScimUser(await loadUser(ctx, input.userId), ctx.baseUrl);
}

/** Runs a write; a unique violation that slipped past the checks (a race) is SCIM's 409. */
async function writing<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw new ScimError(409, "userName or externalId is already in use by another user.", "uniqueness");
    throw err;
  }
}

async function optionsOf(ctx: ScimContext, tx: Tx) {
  const settings = await findScimSettings(tx, ctx.actor.institutionId);
  return { numberOnDeactivation: settings?.numberOnDeactivation ?? "RELEASE", newUserRoleId: settings?.newUserRoleId ?? null };
}

/** The staff role new users get: the administrator's choice, else the first staff role without administration, by name. */
async function roleForNewUsers(ctx: ScimContext, tx: Tx, chosen: string | null): Promise<string> {
  const roles = await listScimRoleOptions(tx, ctx.actor.institutionId);
  const role = roles.find((r) => r.id === chosen) ?? roles.find((r) => !r.grantsAdmin);
  if (!role) throw new ScimError(400, "This institution has no staff role to give new users: add one, then choose it in Administration → Sign-in → SCIM.", "invalidValue");
  return role.id;
}

/** Writes attributes and `active` of an existing user (PUT and PATCH). */
async function writeExisting(ctx: ScimContext, tx: Tx, row: ScimUserRow, input: ScimUserInput) {
  const { institutionId } = ctx.actor;
  if (input.write.userName !== row.userName) {
    const holder = await findUserBySignInEmail(tx, input.write.userName);
    if (holder && holder.userId !== row.userId) throw taken();
  }
  await updateScimUser(tx, { institutionId, userId: row.userId, personId: row.personId, user: input.write, now: ctx.now });
  const { numberOnDeactivation } = await optionsOf(ctx, tx);
  const change = await setUserActive(tx, { institutionId, userId: row.userId, active: input.active, numberOnDeactivation, now: ctx.now });
  logChange(ctx, row.userId, change);
}

function logChange(ctx: ScimContext, userId: string, change: Awaited<ReturnType<typeof setUserActive>>) {
  if (change.deactivated || change.reactivated || change.releasedNumber) {
    log.info("scim user active changed", {
      institutionId: ctx.actor.institutionId,
      userId,
      active: change.reactivated,
      numberReleased: change.releasedNumber !== null,
    });
  }
}

/**
 * POST /Users (RFC 7644 §3.3): a staff user signing in with `userName`, with a person holding
 * the role chosen for new users, their names and emails. A sign-in email already used — in this
 * institution or any other, since sign-in emails are unique on the platform — is a 409
 * `uniqueness` (naming no institution). A user this institution's directory had deleted comes
 * back instead (a directory re-creates a user it removed).
 */
export async function createScimUser({ ctx, input }: { ctx: ScimContext; input: Record<string, unknown> }) {
  const user = validateScimUser(stateFromBody(input));
  const { institutionId } = ctx.actor;
  const userId = await writing(() =>
    ctx.db.transaction(async (tx) => {
      const existing = await findUserBySignInEmail(tx, user.write.userName);
      if (existing) {
        if (existing.institutionId !== institutionId || !existing.scimDeletedAt) throw taken();
        // A user the directory deleted is hidden from SCIM: re-creating them clears the mark first.
        await restoreScimUser(tx, { institutionId, userId: existing.userId, now: ctx.now });
        await writeExisting(ctx, tx, await loadUser(ctx, existing.userId, tx), user);
        return existing.userId;
      }
      const options = await optionsOf(ctx, tx);
      const roleId = await roleForNewUsers(ctx, tx, options.newUserRoleId);
      const id = await insertScimUser(tx, { institutionId, roleId, user: user.write, now: ctx.now });
      if (!user.active) await setUserActive(tx, { institutionId, userId: id, active: false, numberOnDeactivation: options.numberOnDeactivation, now: ctx.now });
      log.info("scim user created", { institutionId, userId: id });
      return id;
    }),
  );
  return toScimUser(await loadUser(ctx, userId), ctx.baseUrl);
}

/** PUT /Users/{id} (RFC 7644 §3.5.1): the attributes sent replace the stored ones; `active` defaults to true. */
export async function replaceScimUser({ ctx, input }: { ctx: ScimContext; input: { userId: string; body: Record<string, unknown> } }) {
  const user = validateScimUser(stateFromBody(input.body));
  await writing(() =>
    ctx.db.transaction(async (tx) => {
      await writeExisting(ctx, tx, await loadUser(ctx, input.userId, tx), user);
    }),
  );
  return toScimUser(await loadUser(ctx, input.userId), ctx.baseUrl);
}

/**
 * PATCH /Users/{id} (RFC 7644 §3.5.2): the operations are applied to the stored user (read
 * under its row lock), the result validated as a PUT would be, then written — all or nothing.
 */
export async function patchScimUser({ ctx, input }: { ctx: ScimContext; input: { userId: string; body: Record<string, unknown> } }) {
  await writing(() =>
    ctx.db.transaction(async (tx) => {
      const row = await loadUser(ctx, input.userId, tx);
      const user = validateScimUser(applyScimPatch(stateFromRow(row), input.body));
      await writeExisting(ctx, tx, row, user);
    }),
  );
  return toScimUser(await loadUser(ctx, input.userId), ctx.baseUrl);
}

/**
 * DELETE /Users/{id} (RFC 7644 §3.6): deactivates the user (as `active: false`) and hides them
 * from SCIM, which then answers 404 for them. The user and their person stay: their messages and
 * conversations are history the institution keeps.
 */
export async function deleteScimUser({ ctx, input }: { ctx: ScimContext; input: { userId: string } }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await loadUser(ctx, input.userId, tx);
    const { numberOnDeactivation } = await optionsOf(ctx, tx);
    const change = await setUserActive(tx, { institutionId: ctx.actor.institutionId, userId: row.userId, active: false, numberOnDeactivation, now: ctx.now });
    await markScimUserDeleted(tx, { institutionId: ctx.actor.institutionId, userId: row.userId, now: ctx.now });
    logChange(ctx, row.userId, change);
  });
}
