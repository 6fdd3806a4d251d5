import { e2eDatabase } from "./database";

/**
 * Rows the demo data lacks but the layout suite needs to see at their widest: a conversation
 * between the advisor (Alex Rivera) and Sam Student, with a text and an email fallback carrying
 * the longest reason code and a long address, and a finished import. Written once per e2e
 * database (the marker body makes it idempotent). Local databases only (e2e/database.ts).
 */
export const LAYOUT_MARKER = "Layout check: can you come to the advising office on Tuesday afternoon?";

export async function ensureLayoutData(): Promise<void> {
  const sql = e2eDatabase();
  try {
    const [done] = await sql<{ n: number }[]>`select count(*)::int as n from messages where body = ${LAYOUT_MARKER}`;
    if (done.n > 0) return ensureLayoutSend(sql);
    const [ctx] = await sql<{ inst: string; alex_person: string; alex_user: string; sam: string; number_id: string; number: string }[]>`
      select i.id as inst, ua.person_id as alex_person, ua.id as alex_user, us.person_id as sam, n.id as number_id, n.number
      from institutions i
      join users ua on ua.email = 'advisor@northfield.edu'
      join users us on us.email = 'student@northfield.edu'
      join system_numbers n on n.institution_id = i.id
      where i.slug = 'northfield'
      order by n.number limit 1`;
    const [conv] = await sql<{ id: string }[]>`
      insert into conversations (institution_id, owner_person_id, counterpart_person_id, counterpart_number, system_number_id)
      values (${ctx.inst}, ${ctx.alex_person}, ${ctx.sam}, '+17735550123', ${ctx.number_id})
      on conflict do nothing returning id`;
    const conversationId =
      conv?.id ??
      (await sql<{ id: string }[]>`select id from conversations where owner_person_id = ${ctx.alex_person} and counterpart_person_id = ${ctx.sam}`)[0].id;
    await sql`
      insert into messages (institution_id, conversation_id, channel, direction, from_user_id, to_person_id, from_address, to_address, body, status, reason_code, segments)
      values
        (${ctx.inst}, ${conversationId}, 'SMS', 'OUTBOUND', ${ctx.alex_user}, ${ctx.sam}, ${ctx.number}, '+17735550123', ${LAYOUT_MARKER}, 'delivered', null, 1),
        (${ctx.inst}, ${conversationId}, 'EMAIL', 'OUTBOUND', ${ctx.alex_user}, ${ctx.sam}, 'messages@sms.example.edu',
         'samantha.alexandra.studentworthington-longname@students.northfield-state-university.example.edu',
         ${LAYOUT_MARKER + " (by email)"}, 'delivered', 'SMS_PHONE_NUMBER_LIMIT_REACHED', null)`;
    await sql`
      insert into imports (institution_id, kind, format, origin, file_name, status, total_rows, processed_rows, created_count, failed_count, finished_at)
      values (${ctx.inst}, 'SIS', 'CSV', 'WEB', 'northfield-fall-term-enrollment-export-2026-with-a-very-long-file-name.csv', 'DONE', 3, 3, 2, 1, now())`;
    await ensureLayoutSend(sql);
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** The layout messages as one send of the advisor's (issue 18: its results page), once. */
async function ensureLayoutSend(sql: ReturnType<typeof e2eDatabase>): Promise<void> {
  const [send] = await sql<{ n: number }[]>`select count(*)::int as n from send_batches where body = ${LAYOUT_MARKER}`;
  if (send.n > 0) return;
  const [batch] = await sql<{ id: string }[]>`
    insert into send_batches (institution_id, sender_user_id, sender_person_id, body, recipient_count, state, released_at, finished_at, text_count, email_count)
    select u.institution_id, u.id, u.person_id, ${LAYOUT_MARKER}, 2, 'done', now(), now(), 1, 1 from users u where u.email = 'advisor@northfield.edu'
    returning id`;
  await sql`update messages set batch_id = ${batch.id} where body in (${LAYOUT_MARKER}, ${LAYOUT_MARKER + " (by email)"})`;
}
