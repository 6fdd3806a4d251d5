import type { SisCurrentPerson, SisCurrentPhone } from "@/db/queries/sis-import";
import type { SisRow } from "./sis-row";

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && new Set([...a, ...b]).size === a.length;

/**
 * Whether the row would change nothing: the same fields (where the file has them), roles,
 * emails with the same primary, and SIS phones (each listed one present, of the same type, not
 * deleted; no other current SIS phone). Such rows are not written at all — a nightly feed that
 * is mostly unchanged costs one read per batch.
 */
export function isUnchanged(row: SisRow, current: SisCurrentPerson, phoneBySrcId: ReadonlyMap<string, SisCurrentPhone>): boolean {
  if (row.firstName !== current.firstName || row.lastName !== current.lastName) return false;
  if (row.preferredName !== undefined && row.preferredName !== current.preferredName) return false;
  if (row.timeZone !== undefined && row.timeZone !== current.timeZone) return false;
  if (row.state !== undefined && row.state !== current.state) return false;
  if (row.deleted !== undefined && row.deleted !== current.deleted) return false;
  if (row.roleIds && !sameSet(row.roleIds, current.roleIds)) return false;
  if (row.emails && (!sameSet(row.emails, current.emails) || (row.emails[0] ?? null) !== current.primaryEmail)) return false;
  if (row.phones) {
    const listed = row.phones.every((p) => {
      const held = phoneBySrcId.get(p.srcSystemId);
      return held !== undefined && held.personId === current.id && held.phoneTypeId === p.phoneTypeId && !held.deleted;
    });
    if (!listed || !sameSet(row.phones.map((p) => p.srcSystemId), current.activePhoneSrcIds)) return false;
  }
  return true;
}
