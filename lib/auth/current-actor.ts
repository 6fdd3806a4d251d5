import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { auth } from "@/lib/auth";
import type { Actor } from "@/lib/auth/capabilities";
import { can, type Action, type Subject } from "@/lib/auth/policy";

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

/**
 * The signed-in user, and how to ask again later about the same session once this request's
 * context is gone: a long-lived answer (the live event stream) re-checks that its user is still
 * signed in (not signed out, disabled or deleted since), with their current capabilities.
 */
export async function getActorToRecheck(): Promise<{ actor: Actor; recheck: () => Promise<Actor | null> } | null> {
  const session = await auth();
  if (!session?.userId) return null;
  const { userId, sessionVersion } = session;
  const recheck = () => loadActor(getDb(), userId, { sessionVersion });
  const actor = await recheck();
  return actor ? { actor, recheck } : null;
}

/** The signed-in user, or a redirect to /sign-in. */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  return actor;
}

/** The signed-in user, if the policy lets them take `action`; otherwise the 403 page. */
export async function requirePermission(action: Action, subject?: Subject): Promise<Actor> {
  const actor = await requireActor();
  if (!can(actor, action, subject)) forbidden();
  return actor;
}
