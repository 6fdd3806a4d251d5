import type { Actor } from "./capabilities";
import { can } from "./policy";

/*
 * Where each role starts and what its main navigation lists (issue 15.3), both decided by the
 * policy: a link is shown only when its page would open, and a role lands on a page it may
 * open — a student on their own profile, the platform operator on the institutions' limits.
 */

/**
 * A count beside a link (unread conversations), refreshed from `url` (`{ unread }`) on every
 * navigation and whenever a live event about `owner`'s conversations arrives.
 */
export type NavBadge = { count: number; url: string; description: string; owner: string | null };

export type NavItem = { href: string; label: string; badge?: NavBadge };

type NavActor = Pick<Actor, "personId" | "capabilities" | "userId" | "institutionId">;

/**
 * The main navigation, in order; `handset` is whether the handset simulator runs (Twilio
 * simulated), `unread` the user's conversations with unread replies (a badge on Messages).
 */
export function mainNavigation(actor: NavActor, { handset, unread = 0 }: { handset: boolean; unread?: number }): NavItem[] {
  const own = actor.personId ? { href: `/people/${actor.personId}/profile`, label: "My profile" } : null;
  return [
    ...(can(actor, "institutionLimits.manage") ? [{ href: "/operator/institutions", label: "Institutions" }] : []),
    ...(can(actor, "people.list") ? [{ href: "/people", label: "People" }] : []),
    ...(!can(actor, "people.list") && own && can(actor, "person.read", { personId: actor.personId }) ? [own] : []),
    ...(can(actor, "conversations.list")
      ? [{ href: "/messages", label: "Messages", badge: { count: unread, url: "/api/conversations/unread", description: "unread conversations", owner: actor.personId } }]
      : []),
    ...(can(actor, "sends.list") ? [{ href: "/sends", label: "Sends" }] : []),
    ...(can(actor, "recipientLists.use") ? [{ href: "/lists", label: "Lists" }] : []),
    ...(can(actor, "templates.use") ? [{ href: "/templates", label: "Templates" }] : []),
    ...(can(actor, "administration.open") ? [{ href: "/admin", label: "Administration" }] : []),
    ...(handset && can(actor, "handset.use") ? [{ href: "/dev/handset", label: "Handset simulator" }] : []),
  ];
}

/** The page after sign-in (and the 403 card's way out): the first page of the role's navigation. */
export function landingPath(actor: NavActor): string {
  return mainNavigation(actor, { handset: false })[0]?.href ?? "/account/api-keys";
}
