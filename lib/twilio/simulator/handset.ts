import "server-only";
import { z } from "zod";
import { listSystemNumbersWithHolders, searchHandsetPhones, type HandsetPhone, type InstitutionSystemNumber } from "@/db/queries/handset";
import type { Actor } from "@/lib/auth/capabilities";
import { authorize } from "@/lib/auth/policy";
import { isTwilioSimulated } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { toE164 } from "@/lib/e164";
import type { ServiceContext } from "@/lib/service-context";
import { listSimMessages, simulateInbound, type SimMessage } from "./control";
import type { WebhookDeps } from "./deps";

/**
 * The handset simulator (SPEC §5): an administrator acts as a phone — reads what the simulated
 * Twilio delivered to a number and texts the institution's system numbers back, through the same
 * signed webhook Twilio calls. It exists only while Twilio is simulated: with Twilio live every
 * call is NOT_FOUND, like the page. Administrators only (issue 13): a staff member could
 * otherwise impersonate a student's phone and text STOP for them; students would read other
 * people's texts.
 */
export function assertHandsetAvailable(actor: Actor) {
  if (!isTwilioSimulated()) throw new AppError("NOT_FOUND", "The handset simulator exists only while Twilio is simulated.");
  authorize(actor, "handset.use");
}

export const readHandsetInput = z.object({
  q: z.string().trim().max(100).optional(),
  number: z.string().trim().max(32).optional(),
});

export type HandsetView = {
  /** Phones matching `q` (empty without a search). */
  matches: HandsetPhone[];
  /** `q` itself when it is a number: a phone that may be on nobody's record. */
  typedNumber: string | null;
  /** The chosen handset, E.164; null when none (or not a number). */
  number: string | null;
  /** What the handset sent and received through the institution's numbers, oldest first. */
  messages: SimMessage[];
  systemNumbers: InstitutionSystemNumber[];
  /** The system number that last texted the handset (or that it last texted), else the first held one: the keypad's "To". */
  replyTo: string | null;
};

const MESSAGES_SHOWN = 100;

export async function readHandset({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<HandsetView> {
  assertHandsetAvailable(ctx.actor);
  const params = parseInput(readHandsetInput, input);
  const institutionId = ctx.actor.institutionId;
  const q = params.q ?? "";
  const digits = q.replace(/\D/g, "");
  const typed = /^[0-9\s()+.\-]+$/.test(q) && digits.length >= 7 ? toE164(q) : null;
  const parsedNumber = params.number ? toE164(params.number) : null;
  const number = parsedNumber?.ok ? parsedNumber.e164 : null;

  const [matches, systemNumbers, newestFirst] = await Promise.all([
    q
      ? searchHandsetPhones(ctx.db, {
          institutionId,
          words: /[a-z]/i.test(q) ? q.toLowerCase().split(/[\s,]+/).filter(Boolean).slice(0, 6) : [],
          digits: digits.length >= 3 ? digits : undefined,
          limit: 20,
        })
      : Promise.resolve([]),
    listSystemNumbersWithHolders(ctx.db, institutionId),
    number ? listSimMessages(ctx.db, { involving: number, institutionId, limit: MESSAGES_SHOWN }) : Promise.resolve([]),
  ]);
  const ours = new Set(systemNumbers.map((n) => n.number));
  const lastPeer = newestFirst.map((m) => (m.direction === "inbound" ? m.to : m.from)).find((n) => ours.has(n));
  const messages = [...newestFirst].reverse();
  return {
    matches,
    typedNumber: typed?.ok ? typed.e164 : null,
    number,
    messages,
    systemNumbers,
    replyTo: lastPeer ?? systemNumbers.find((n) => n.holderName)?.number ?? systemNumbers[0]?.number ?? null,
  };
}

export const textFromHandsetInput = z.object({
  from: z.string().trim().min(1, "Choose a phone first.").max(32),
  to: z.string().trim().min(1, "Choose the system number to text.").max(32),
  body: z.string().min(1, "Write a text first.").max(1600, "A text has at most 1,600 characters."),
});

/**
 * The handset texts one of the institution's system numbers: simulateInbound records it at
 * "Twilio", applies Twilio's own keyword handling, and posts the signed webhook to the app —
 * exactly the path a real text takes. Another institution's number is NOT_FOUND.
 */
export async function textFromHandset({ ctx, input, webhook }: { ctx: ServiceContext; input: unknown; webhook?: Partial<WebhookDeps> }) {
  assertHandsetAvailable(ctx.actor);
  const params = parseInput(textFromHandsetInput, input);
  const from = toE164(params.from);
  if (!from.ok) throw new AppError("VALIDATION", from.message, { from: from.message });
  const numbers = await listSystemNumbersWithHolders(ctx.db, ctx.actor.institutionId);
  if (!numbers.some((n) => n.number === params.to)) throw new AppError("NOT_FOUND", "That is not one of your institution's system numbers.");
  const sent = await simulateInbound(ctx.db, { from: from.e164, to: params.to, body: params.body }, webhook);
  if (sent.webhookStatus !== 200) {
    throw new AppError("PROVIDER_ERROR", `The app's inbound webhook answered ${sent.webhookStatus ?? "nothing"}.`);
  }
  return { sid: sent.sid, autoReply: sent.autoReply };
}
