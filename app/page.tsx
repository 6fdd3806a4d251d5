import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/policy";

/**
 * The landing page after sign-in: People for staff; the platform operator, who belongs to no
 * institution's staff, lands on the institutions they manage.
 */
export default async function Home() {
  const actor = await getActor();
  redirect(can(actor, "institutionLimits.manage") && !can(actor, "people.list") ? "/operator/institutions" : "/people");
}
