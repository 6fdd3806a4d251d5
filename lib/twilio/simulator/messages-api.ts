import "server-only";
import { findSimMessage, findSimSender, insertSimMessage, listSimMessagesPage } from "@/db/queries/sim-twilio";
import { countSegments } from "@/lib/messaging/send/segments";
import type { SimulatorDeps } from "./deps";
import { outcomeFor } from "./magic-numbers";
import { enqueueText } from "./sender-queue";
import { scheduleStatusCallbacks } from "./status-callbacks";
import { API_VERSION, messageJson, messageUri, newMessageSid, twilioError } from "./twilio-resource";

const E164 = /^\+[1-9][0-9]{6,14}$/;
const MAX_BODY = 1600;
/** Twilio's ValidityPeriod: 1–36,000 s, 36,000 when not given (twilio-facts §"validityPeriod"). */
const DEFAULT_VALIDITY_SECONDS = 36_000;

/**
 * `POST /2010-04-01/Accounts/{AC}/Messages.json`: validates as Twilio does (missing fields,
 * body length, number format, From owned by the account — a number in system_numbers — the
 * failing numbers of magic-numbers.ts, Twilio's own STOP blocklist, ValidityPeriod 1–36,000),
 * stores the message as `queued`, answers 201, and schedules its status callbacks: after its
 * number's queue lets it go, or its expiry (30036) when the queue would hold it past its
 * ValidityPeriod (sender-queue.ts).
 */
export async function createMessage(deps: SimulatorDeps, accountSid: string, form: URLSearchParams): Promise<Response> {
  const to = form.get("To")?.trim() ?? "";
  const from = form.get("From")?.trim() ?? "";
  const body = form.get("Body") ?? "";
  const statusCallback = form.get("StatusCallback");

  if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (!from) return twilioError(400, 21603, "A 'From' phone number is required.");
  if (!body) return twilioError(400, 21602, "Message body is required.");
  if (body.length > MAX_BODY) return twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
  if (statusCallback !== null && !URL.canParse(statusCallback)) return twilioError(400, 21609, "Invalid StatusCallback url");
  if (!E164.test(to)) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
  if (to === from) return twilioError(400, 21266, "'To' and 'From' number cannot be the same");
  const validity = form.get("ValidityPeriod");
  const validitySeconds = validity === null ? DEFAULT_VALIDITY_SECONDS : Number(validity);
  if (!Number.isInteger(validitySeconds) || validitySeconds < 1 || validitySeconds > DEFAULT_VALIDITY_SECONDS) {
    return twilioError(400, 21624, "Invalid validity period value");
  }

  // The sender's account and Twilio's STOP blocklist for this pair, in one look-up.
  const owner = await findSimSender(deps.db, { from, to });
  if (!owner) {
    return twilioError(400, 21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`);
  }

  const outcome = outcomeFor(to);
  if (outcome.kind === "reject") return twilioError(400, outcome.code, outcome.message);
  if (owner.blocked) return twilioError(400, 21610, "Attempt to send to unsubscribed recipient");

  const row = await insertSimMessage(deps.db, {
    sid: newMessageSid(),
    accountSid,
    institutionId: owner.institutionId,
    direction: "outbound-api",
    fromNumber: from,
    toNumber: to,
    body,
    numSegments: countSegments(body).segments,
    status: "queued",
    statusCallback,
  });
  const fate = deps.senderQueue
    ? enqueueText(deps.senderQueue, { from, segments: row.numSegments, validitySeconds, nowMs: deps.senderQueue.clock() })
    : undefined;
  scheduleStatusCallbacks(deps, row.sid, outcome, fate);
  return Response.json(messageJson(row), { status: 201 });
}

/** `GET /2010-04-01/Accounts/{AC}/Messages/{SM}.json`. */
export async function fetchMessage(deps: SimulatorDeps, accountSid: string, sid: string): Promise<Response> {
  const row = await findSimMessage(deps.db, { accountSid, sid });
  if (!row) return twilioError(404, 20404, `The requested resource ${messageUri(accountSid, sid)} was not found`);
  return Response.json(messageJson(row));
}

/**
 * `GET /2010-04-01/Accounts/{AC}/Messages.json` with Twilio's filters To, From, DateSent,
 * DateSent< and DateSent> (inclusive), newest first, paged by PageSize and Page. A message not
 * sent yet is matched on its creation time, so a sender can find one it handed over just now.
 */
export async function listMessages(deps: SimulatorDeps, accountSid: string, query: URLSearchParams): Promise<Response> {
  const pageSize = clamp(Number(query.get("PageSize") ?? 50), 1, 1000);
  const page = Math.max(0, Math.trunc(Number(query.get("Page") ?? 0)) || 0);
  const dates: { sentFrom?: Date; sentTo?: Date; day?: { start: Date; end: Date } } = {};
  for (const [key, bound] of [
    ["DateSent>", "sentFrom"],
    ["DateSent<", "sentTo"],
  ] as const) {
    const value = query.get(key);
    if (value === null) continue;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return twilioError(400, 20001, `Invalid ${key} value`);
    dates[bound] = date;
  }
  const day = query.get("DateSent");
  if (day !== null) {
    const start = new Date(`${day.slice(0, 10)}T00:00:00Z`);
    if (Number.isNaN(start.getTime())) return twilioError(400, 20001, "Invalid DateSent value");
    dates.day = { start, end: new Date(start.getTime() + 86_400_000) };
  }

  const rows = await listSimMessagesPage(deps.db, {
    accountSid,
    to: query.get("To"),
    from: query.get("From"),
    ...dates,
    limit: pageSize + 1,
    offset: page * pageSize,
  });
  const items = rows.slice(0, pageSize);
  const pageUri = (n: number) => {
    const q = new URLSearchParams(query);
    q.set("PageSize", String(pageSize));
    q.set("Page", String(n));
    return `/${API_VERSION}/Accounts/${accountSid}/Messages.json?${q}`;
  };
  return Response.json({
    messages: items.map(messageJson),
    uri: pageUri(page),
    first_page_uri: pageUri(0),
    next_page_uri: rows.length > pageSize ? pageUri(page + 1) : null,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
    page,
    page_size: pageSize,
    start: page * pageSize,
    end: page * pageSize + Math.max(items.length - 1, 0),
  });
}

function clamp(n: number, min: number, max: number) {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.trunc(n))) : min;
}
