import "server-only";
import { listPersonMessages } from "@/db/queries/person-messages";
import { can } from "@/lib/auth/policy";
import { getPerson } from "@/lib/people/get-person";
import type { ServiceContext } from "@/lib/service-context";

export type PersonMessage = {
  id: number;
  direction: "OUTBOUND" | "INBOUND";
  channel: "SMS" | "EMAIL";
  status: string;
  body: string;
  fromAddress: string | null;
  toAddress: string | null;
  reasonCode: string | null;
  senderName: string | null;
  /** Held for quiet hours until then, in the recipient's zone (SPEC §9). */
  heldUntil: Date | null;
  heldTimeZone: string | null;
  createdAt: string;
};

const LIMIT = 100;

/**
 * The person's Messages tab: the latest texts and emails to them and texts from them, as far
 * as the actor may read them (the rule of `mayReadMessage`: administrators all, others what
 * they sent and their own conversations). The person must be readable (`getPerson`).
 */
export async function listMessagesOfPerson({ ctx, input }: { ctx: ServiceContext; input: { personId: string } }): Promise<PersonMessage[]> {
  const person = await getPerson({ ctx, input });
  const { actor } = ctx;
  const rows = await listPersonMessages(ctx.db, {
    institutionId: actor.institutionId,
    personId: person.id,
    viewer: can(actor, "messages.readAll") ? null : { userId: actor.userId, personId: actor.personId },
    limit: LIMIT,
  });
  return rows.map((r) => ({
    id: Number(r.id),
    direction: r.direction,
    channel: r.channel,
    status: r.status,
    body: r.body,
    fromAddress: r.from_address,
    toAddress: r.to_address,
    reasonCode: r.reason_code,
    senderName: r.sender_name,
    heldUntil: r.held_until === null ? null : new Date(r.held_until),
    heldTimeZone: r.held_time_zone,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
