import "server-only";
import { listPersonalPhoneTypes, listStaffRoles } from "@/db/queries/settings-options";
import { authorize } from "@/lib/auth/policy";
import type { ServiceContext } from "@/lib/service-context";

export type SettingsOptions = {
  staffRoles: { code: string; name: string }[];
  phoneTypes: { srcSystemId: string; name: string }[];
};

/** The choices of General Settings: the institution's staff roles and its own phone types (SPEC §3). */
export async function getSettingsOptions({ ctx }: { ctx: ServiceContext; input?: undefined }): Promise<SettingsOptions> {
  const { actor, db } = ctx;
  authorize(actor, "smsSettings.read");
  const [staffRoles, phoneTypes] = await Promise.all([listStaffRoles(db, actor.institutionId), listPersonalPhoneTypes(db, actor.institutionId)]);
  return { staffRoles, phoneTypes };
}
