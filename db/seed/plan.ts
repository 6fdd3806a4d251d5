import type { SmsStatus } from "@/db/schema";
import type { InstitutionSpec, PhoneTypeKey, RoleCode } from "./institution";

/**
 * The demo data as plain values, built deterministically before anything is written. Every
 * row is named by a natural key (src_system_id, email, number), which is what makes writing
 * it twice a no-op.
 */
export type PhonePlan = {
  srcSystemId: string;
  number: string;
  type: Exclude<PhoneTypeKey, "SYSTEM">;
  smsStatus: SmsStatus;
  /** Verified this many days before `now`, by the institution's administrator; absent = not verified. */
  verifiedDaysAgo?: number;
  deleted?: boolean;
};

export type PersonPlan = {
  srcSystemId: string;
  firstName: string;
  lastName: string;
  /** What the person goes by ({{preferredName}}, SPEC §10); absent = none recorded. */
  preferredName?: string;
  roles: RoleCode[];
  /** The first one is the primary email. */
  emails: string[];
  phones: PhonePlan[];
  /** Sign-in email of the person's user, when they can sign in. */
  userEmail?: string;
  /** Where the person is (SPEC §9: quiet hours follow it); absent = not recorded. */
  timeZone?: string;
  /** USPS state code. */
  state?: string;
  /** For students: their success team, by staff src_system_id. */
  team?: { staffSrcSystemId: string; teamRole: string }[];
};

export type InstitutionPlan = InstitutionSpec & {
  persons: PersonPlan[];
  /** Sign-ins with no person (the platform operator). */
  operators: { email: string; displayName: string }[];
  /** Sign-in email of the user recorded as having verified phones and changed statuses. */
  administratorEmail: string;
  /** The institution's pool of (simulated) Twilio numbers. */
  pool: string[];
  /** Message templates (SPEC §10): shared ones (no owner), or a user's own saved replies. */
  templates?: TemplatePlan[];
  /** A pool number already held by a staff member, with its System phone record (SPEC §6). */
  preassigned?: { personSrcSystemId: string; number: string; assignedDaysAgo: number };
};

export type TemplatePlan = {
  name: string;
  body: string;
  category?: string;
  /** Sign-in email of the staff member whose saved reply it is; absent = shared. */
  ownerEmail?: string;
};
