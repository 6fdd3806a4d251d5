import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { loadActor } from "@/db/queries/actors";
import { auth } from "@/lib/auth";
import type { Actor, Capability } from "@/lib/auth/capabilities";

/*
 * The one place in lib/ that imports next/*: turning the request's session into an Actor,
 * and signed-out / not-allowed into Next's redirect and 403.
 */

/**
 * The signed-in user, with capabilities computed from current data; null when signed out or
 * when the user has since been disabled or deleted, or the session token is from before the
 * user's last sign-out or disabling. Cached for the request.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  if (!session?.userId) return null;
  return loadActor(getDb(), session.userId, { sessionVersion: session.sessionVersion });
});

/** The signed-in user, or a redirect to /sign-in. */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  return actor;
}

/** The signed-in user holding at least one of `caps`; otherwise the 403 page. */
export async function requireCapability(...caps: Capability[]): Promise<Actor> {
  const actor = await requireActor();
  if (!hasAnyCapability(actor, caps)) forbidden();
  return actor;
}

export function hasAnyCapability(actor: Actor, caps: readonly Capability[]): boolean {
  return caps.some((c) => actor.capabilities[c]);
}
