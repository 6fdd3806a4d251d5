import type { Actor } from "@/lib/auth/capabilities";
import { authorize } from "@/lib/auth/policy";

/**
 * The institution a settings read is about: the actor's own by default; another one only for
 * the platform operator, who manages every institution's limits (SPEC §3). Anyone else asking
 * for another institution is answered NOT_FOUND, as if it did not exist.
 */
export function scopedInstitutionId(actor: Actor, requested: string | undefined): string {
  if (requested === undefined || requested === actor.institutionId) return actor.institutionId;
  authorize(actor, "institution.read", { institutionId: requested });
  return requested;
}
