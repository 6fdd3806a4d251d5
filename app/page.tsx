import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/current-actor";

/**
 * The landing page after sign-in: People for staff; the platform operator, who belongs to no
 * institution's staff, lands on the institutions they manage.
 */
export default async function Home() {
  const actor = await getActor();
  const { operator, staff, admin } = actor?.capabilities ?? { operator: false, staff: false, admin: false };
  redirect(operator && !staff && !admin ? "/operator/institutions" : "/people");
}
