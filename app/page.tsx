import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/current-actor";
import { landingPath } from "@/lib/auth/navigation";

/** The landing page after sign-in: the first page the user's role may open (lib/auth/navigation.ts). */
export default async function Home() {
  const actor = await getActor();
  redirect(actor ? landingPath(actor) : "/sign-in");
}
