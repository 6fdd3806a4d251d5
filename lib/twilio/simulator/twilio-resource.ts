import { randomBytes } from "node:crypto";
import type { SimTwilioMessage } from "@/db/schema";

/** The answers of the simulated Twilio, shaped as Twilio's REST API shapes them. */

export const API_VERSION = "2010-04-01";

/** A new message sid: SM followed by 32 hex digits. */
export function newMessageSid(): string {
  return `SM${randomBytes(16).toString("hex")}`;
}

/** Twilio writes dates as RFC 2822 in UTC: "Thu, 30 Jul 2015 20:12:31 +0000". */
export function rfc2822(date: Date | null): string | null {
  return date ? date.toUTCString().replace("GMT", "+0000") : null;
}

export function messageUri(accountSid: string, sid: string) {
  return `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
}

/** The Message resource as JSON, with the fields Twilio returns on create, fetch and list. */
export function messageJson(row: SimTwilioMessage) {
  return {
    account_sid: row.accountSid,
    api_version: API_VERSION,
    body: row.body,
    date_created: rfc2822(row.createdAt),
    date_sent: rfc2822(row.dateSent),
    date_updated: rfc2822(row.updatedAt),
    direction: row.direction,
    error_code: row.errorCode,
    error_message: null,
    from: row.fromNumber,
    messaging_service_sid: null,
    num_media: "0",
    num_segments: String(row.numSegments),
    price: null,
    price_unit: "USD",
    sid: row.sid,
    status: row.status,
    subresource_uris: { media: messageUri(row.accountSid, row.sid).replace(/\.json$/, "/Media.json") },
    to: row.toNumber,
    uri: messageUri(row.accountSid, row.sid),
  };
}

/** Twilio's error answer: `{ code, message, more_info, status }` with that HTTP status. */
export function twilioError(status: number, code: number, message: string): Response {
  return Response.json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, { status });
}
