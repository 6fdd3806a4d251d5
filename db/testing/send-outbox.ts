import { sql } from "drizzle-orm";
import { getSql, type DbOrTx } from "@/db";
import { ts } from "@/db/queries/sql-values";

/*
 * Test-only statements for large sends and their outbox (lib/messaging/send/write-send-outbox.ts):
 * set-based setups a factory would take thousands of round trips for, reads of what a send
 * left, and states only a clock or a concurrent transaction produces. Never imported by the app.
 */

/**
 * `count` students tagged `<tag>-<n>`: an email unless n is a multiple of 5, an SMS-enabled
 * cell (+1415 and n on 7 digits) unless n is a multiple of 3. Returns their ids in n order.
 */
export async function insertOutboxStudents(
  db: DbOrTx,
  p: { institutionId: string; studentRoleId: string; cellTypeId: string; tag: string; count: number },
): Promise<string[]> {
  const mine = sql`institution_id = ${p.institutionId} and src_system_id like ${`${p.tag}-%`}`;
  await db.execute(sql`
    insert into persons (institution_id, first_name, last_name, src_system_id)
    select ${p.institutionId}, 'Outbox', 'O' || g, ${p.tag} || '-' || g from generate_series(1, ${p.count}) g`);
  await db.execute(sql`
    insert into person_roles (institution_id, person_id, role_id)
    select ${p.institutionId}, id, ${p.studentRoleId} from persons where ${mine}`);
  await db.execute(sql`
    insert into person_emails (institution_id, person_id, email, is_primary)
    select ${p.institutionId}, id, lower(src_system_id) || '@outbox.example.edu', true from persons
    where ${mine} and split_part(src_system_id, '-', 2)::int % 5 <> 0`);
  await db.execute(sql`
    insert into person_phones (institution_id, person_id, phone_type_id, phone_type_src_system_id, number, sms_status)
    select ${p.institutionId}, id, ${p.cellTypeId}, 'CELL', '+1415' || lpad(split_part(src_system_id, '-', 2), 7, '0'), 'SMS_ENABLED'
    from persons where ${mine} and split_part(src_system_id, '-', 2)::int % 3 <> 0`);
  const rows = await db.execute<{ id: string }>(sql`select id from persons where ${mine} order by split_part(src_system_id, '-', 2)::int`);
  return rows.map((r) => r.id);
}

export type SendMessageRow = {
  id: number;
  channel: string;
  status: string;
  to_person_id: string;
  to_address: string | null;
  reason_code: string | null;
  decision_detail: string | null;
  created_at: Date;
  body: string;
  conversation_id: string | null;
};

/** The message rows of a send, by id. */
export async function messagesOfSend(db: DbOrTx, batchId: string): Promise<SendMessageRow[]> {
  return db.execute<SendMessageRow>(sql`
    select id, channel, status, to_person_id, to_address, reason_code, decision_detail, created_at, body, conversation_id
    from messages where batch_id = ${batchId} order by id`);
}

/** What is left of a send's outbox: rows written and rows in all, over its chunks left; null when none is left. */
export async function outboxLeft(db: DbOrTx, batchId: string) {
  const [row] = await db.execute<{ written: number; total: number; chunks: number }>(sql`
    select sum(written)::int as written, sum(cardinality(message_ids))::int as total, count(*)::int as chunks
    from send_outbox where batch_id = ${batchId}`);
  return Number(row.chunks) > 0 ? { written: Number(row.written), total: Number(row.total), chunks: Number(row.chunks) } : null;
}

/** A staff member's conversations: counterpart person id → conversation id, and how many have a number. */
export async function conversationsOwnedBy(db: DbOrTx, ownerPersonId: string) {
  const rows = await db.execute<{ id: string; counterpart_person_id: string; counterpart_number: string | null }>(sql`
    select id, counterpart_person_id, counterpart_number from conversations where owner_person_id = ${ownerPersonId}`);
  return {
    byCounterpart: new Map(rows.map((r) => [r.counterpart_person_id, r.id])),
    withNumber: rows.filter((r) => r.counterpart_number !== null).length,
  };
}

/** Makes a send's outbox look `seconds` older, as if its writing job had been lost that long ago. */
export async function ageOutbox(db: DbOrTx, batchId: string, seconds: number) {
  await db.execute(sql`update send_outbox set created_at = created_at - make_interval(secs => ${seconds}) where batch_id = ${batchId}`);
}

/** Texts of a send handed over to Twilio (queued). */
export async function countQueuedTexts(db: DbOrTx, batchId: string): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from messages where batch_id = ${batchId} and channel = 'SMS' and status = 'queued'`);
  return Number(row.n);
}

/** Texts the simulated Twilio received from an institution, and to how many numbers. */
export async function simulatedOutbound(db: DbOrTx, institutionId: string) {
  const [row] = await db.execute<{ n: number; numbers: number }>(sql`
    select count(*)::int as n, count(distinct to_number)::int as numbers from sim_twilio_messages
    where institution_id = ${institutionId} and direction = 'outbound-api'`);
  return { n: Number(row.n), numbers: Number(row.numbers) };
}

/**
 * Creates a conversation in a transaction of its own that stays open until `commit` is called:
 * a concurrent writer inserting the same conversation waits for it, then finds it created
 * after its statement began. Resolves once the row is inserted (uncommitted).
 */
export async function holdNewConversation(p: {
  institutionId: string;
  ownerPersonId: string;
  counterpartPersonId: string;
  systemNumberId: string;
  now: Date;
}): Promise<{ id: string; commit: () => Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let inserted!: (id: string) => void;
  const insertedId = new Promise<string>((resolve) => (inserted = resolve));
  const done = getSql().begin(async (tx) => {
    const [row] = await tx`
      insert into conversations (institution_id, owner_person_id, counterpart_person_id, system_number_id, last_message_at, created_at)
      values (${p.institutionId}, ${p.ownerPersonId}, ${p.counterpartPersonId}, ${p.systemNumberId}, ${p.now.toISOString()}, ${p.now.toISOString()})
      returning id`;
    inserted(row.id as string);
    await released;
  });
  const id = await insertedId;
  return {
    id,
    commit: async () => {
      release();
      await done;
    },
  };
}

/** The id of the sender's system number. */
export async function systemNumberIdOf(db: DbOrTx, number: string): Promise<string> {
  const [row] = await db.execute<{ id: string }>(sql`select id from system_numbers where number = ${number}`);
  return row.id;
}
