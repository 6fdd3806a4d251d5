import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import { findMessagesToRetrigger } from "@/db/queries/messages";
import { markTextsHandedOver, pauseNoticesByAddress, pauseSendForTest, sendPauseState, sendStatusCounts } from "@/db/testing/send-pause";
import { insertOutboxStudents, outboxLeft } from "@/db/testing/send-outbox";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { isAppError } from "@/lib/errors";
import { countAllJobs } from "@/lib/jobs/pgboss-tables";
import { QUEUES } from "@/lib/jobs/queues";
import { dispatchEmail } from "@/lib/messaging/dispatch/dispatch-email";
import { dispatchSms } from "@/lib/messaging/dispatch/dispatch-sms";
import { receiveInbound } from "@/lib/messaging/inbound/receive-inbound";
import { applyStatusCallback } from "@/lib/messaging/lifecycle/apply-status-callback";
import { providerContext } from "@/lib/service-context";
import { createTwilioClient } from "@/lib/twilio/client";
import { handleSimulatorRequest } from "@/lib/twilio/simulator/handle-request";
import { inProcessTransport } from "@/lib/twilio/simulator/in-process-transport";
import { startResendStandIn } from "@/test/resend-stand-in";
import { exceedsFilteringLimit, FILTER_WINDOW, FLAGGED_LIMIT, isFilteringError } from "./carrier-filtering";
import { notifySendPaused } from "./notify-send-paused";
import { cancelSend, getSend, resumeSend } from "./sends";
import { sendMessages } from "./send-messages";
import { writeSendOutbox } from "./write-send-outbox";

/*
 * Issue 18, carrier filtering: a running send whose first 200 results hold more than 4
 * filtering/unreachable errors (30003, 30005, 30006, 30007) or opt-outs pauses; its texts not
 * yet handed over wait; the sender or an administrator resumes (each waiting text then goes
 * once) or cancels it (they never go).
 */

const db = getDb();
const now = new Date();
const worker = () => providerContext(db, "worker", new Date());
const twilio = createTwilioClient({
  transport: inProcessTransport((req) =>
    handleSimulatorRequest(req, { db, callbackDelaysMs: [60_000, 60_000], publicBaseUrl: "http://localhost", postForm: async () => 200 }),
  ),
});
const dispatch = (ids: readonly number[]) =>
  dispatchSms({ ctx: worker(), twilio, statusCallbackUrl: "http://localhost/api/twilio/status", messageIds: ids });

let resend: Awaited<ReturnType<typeof startResendStandIn>>;
beforeAll(async () => {
  resend = await startResendStandIn();
});
afterAll(async () => {
  await resend.close();
});

type Scenario = { inst: FactoryInstitution; advisor: Actor; admin: Actor; adminEmail: string; advisorEmail: string; faculty: Actor };

/** An institution with an advisor (the sender), an administrator, a faculty member and a disabled administrator. */
async function institution(): Promise<Scenario> {
  const inst = await createInstitution(db, { smsMonthlyLimit: 10_000 });
  await createSystemNumbers(db, inst, 2);
  const user = async (roles: ("ADVISOR" | "ADMIN" | "FACULTY")[], disabled = false) => {
    const person = await createPerson(db, inst, { kind: "staff", roles });
    return createUser(db, person, { disabled });
  };
  const advisorUser = await user(["ADVISOR"]);
  const adminUser = await user(["ADMIN"]);
  const facultyUser = await user(["FACULTY"]);
  await user(["ADMIN"], true);
  return {
    inst,
    advisor: (await loadActor(db, advisorUser.id))!,
    admin: (await loadActor(db, adminUser.id))!,
    faculty: (await loadActor(db, facultyUser.id))!,
    adminEmail: adminUser.email,
    advisorEmail: advisorUser.email,
  };
}

/** A send of `texts` texts (and `emails` email-only recipients) made now; its text ids in recipient order. */
async function send(s: Scenario, texts: number, emails = 0) {
  const students: FactoryPerson[] = [];
  for (let i = 0; i < texts; i++) students.push(await createPerson(db, s.inst, { phones: [{ smsStatus: "SMS_ENABLED" }] }));
  for (let i = 0; i < emails; i++) students.push(await createPerson(db, s.inst));
  const sent = await sendMessages({ ctx: { db, actor: s.advisor, now }, input: { recipientIds: students.map((p) => p.id), body: "Registration closes Friday." } });
  const textIds = sent.results.filter((r) => r.channel === "SMS").map((r) => r.messageId!);
  return { batchId: sent.batchId!, students, textIds, senderNumber: sent.senderNumber!, emailIds: sent.results.filter((r) => r.channel === "EMAIL").map((r) => r.messageId!) };
}

/** Twilio's status callback for a handed-over text. */
async function result(sid: string, status: "delivered" | "undelivered" | "failed", errorCode?: number) {
  return applyStatusCallback(worker(), { MessageSid: sid, MessageStatus: status, ...(errorCode ? { ErrorCode: String(errorCode) } : {}) });
}

async function stop(from: string, to: string) {
  return receiveInbound(worker(), { MessageSid: `SM${randomBytes(16).toString("hex")}`, From: from, To: to, Body: "STOP" });
}

const pausedJobs = (batchId: string) => countAllJobs(db, { queue: QUEUES.notifySendPaused, data: { key: "batchId", value: batchId } });

async function expectAppError(p: Promise<unknown>, code: string, message?: string) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(isAppError(err) ? [err.code, message === undefined ? undefined : err.message] : err).toEqual([code, message]);
}

describe("the rule (pure)", () => {
  it("flags 30003, 30005, 30006, 30007 only; more than 4 of 200 exceeds 2 %", () => {
    expect([30003, 30005, 30006, 30007, 30008, 21610, 30036, null].map(isFilteringError)).toEqual([true, true, true, true, false, false, false, false]);
    expect([FILTER_WINDOW, FLAGGED_LIMIT]).toEqual([200, 4]);
    expect([0, 4, 5, 200].map(exceedsFilteringLimit)).toEqual([false, false, true, true]);
  });
});

describe("carrier filtering pauses a running send (issue 18)", () => {
  it("exactly 4 flagged of the first 200 results does not pause; results after the 200th are not counted", async () => {
    const s = await institution();
    const { batchId, textIds } = await send(s, 210);
    const sids = [...(await markTextsHandedOver(db, textIds)).values()];
    for (const sid of sids.slice(0, 4)) await result(sid, "undelivered", 30007);
    for (const sid of sids.slice(4, 200)) await result(sid, "delivered");
    expect(await sendPauseState(db, batchId)).toMatchObject({ state: "done", first_results: 200, first_results_filtered: 4, first_results_opted_out: 0, paused_at: null });
    // The 201st to 210th results: all 30007, none counted, nothing paused (10 texts are still running).
    for (const sid of sids.slice(200, 205)) await result(sid, "undelivered", 30007);
    expect(await sendPauseState(db, batchId)).toMatchObject({ state: "done", first_results: 200, first_results_filtered: 4, paused_at: null });
    // A repeated callback is no new result either.
    await result(sids[0], "undelivered", 30007);
    expect((await sendPauseState(db, batchId)).first_results).toBe(200);
    expect(await pausedJobs(batchId)).toBe(0);
  });

  it("pauses at the 5th flagged result (opt-outs count) before 200 results; waiting texts are not handed over until resumed, then exactly once", async () => {
    const s = await institution();
    const { batchId, textIds, students, senderNumber, emailIds } = await send(s, 20, 2);
    const handed = await markTextsHandedOver(db, textIds.slice(0, 10));
    const sid = (i: number) => handed.get(textIds[i])!;
    await result(sid(0), "delivered");
    await result(sid(1), "delivered");
    await result(sid(2), "undelivered", 30003);
    await result(sid(3), "undelivered", 30005);
    await result(sid(4), "failed", 30006);
    await result(sid(5), "undelivered", 30007);
    expect(await sendPauseState(db, batchId)).toMatchObject({ state: "done", first_results: 6, first_results_filtered: 4, paused_at: null });
    // A STOP from a recipient whose text was delivered: the 5th flagged result. A second STOP changes nothing and is not counted.
    await stop(students[0].phones[0].number, senderNumber);
    await stop(students[0].phones[0].number, senderNumber);
    const paused = await sendPauseState(db, batchId);
    expect(paused).toMatchObject({ state: "paused", paused_reason: "CARRIER_FILTERING", first_results: 7, first_results_filtered: 4, first_results_opted_out: 1 });
    expect(paused.paused_at).not.toBeNull();
    expect(await pausedJobs(batchId)).toBe(1);
    expect(await getSend({ ctx: { db, actor: s.advisor, now }, input: { sendId: batchId } })).toMatchObject({
      state: "paused",
      pausedReason: "CARRIER_FILTERING",
      resumedAt: null,
      firstResults: { counted: 7, filtered: 4, optedOut: 1 },
      progress: { waiting: 12 },
    });

    // While paused: the 10 texts not handed over stay pending, the sweep leaves them, and the send's own emails wait too.
    expect(await dispatch(textIds.slice(10))).toMatchObject({ handedOver: 0, failed: 0, held: 0 });
    const sweepIds = (await findMessagesToRetrigger(db, { pendingBefore: new Date(Date.now() + 60_000), staleBefore: new Date(0), movedPast: { SMS: null, EMAIL: null }, limit: 10_000 })).map((r) => r.id);
    expect(sweepIds.filter((id) => [...textIds, ...emailIds].includes(id))).toEqual([]);
    expect(await dispatchEmail({ ctx: worker(), messageIds: emailIds, resend: resend.client() })).toMatchObject({ sent: 0 });
    // Texts already at Twilio go on: their results are still counted.
    await result(sid(6), "delivered");
    expect(await sendPauseState(db, batchId)).toMatchObject({ state: "paused", first_results: 8 });
    expect(await sendStatusCounts(db, batchId)).toEqual([
      "EMAIL pending NO_SMS_NUMBER: 2",
      "FALLBACK pending TWILIO_ERROR_30006: 1",
      "FALLBACK pending TWILIO_ERROR_30007: 1",
      "FALLBACK pending TWILIO_UNKNOWN_DESTINATION_HANDSET: 1",
      "FALLBACK pending TWILIO_ERROR_30003: 1",
      "SMS delivered: 3",
      "SMS failed TWILIO_ERROR_30006: 1",
      "SMS pending: 10",
      "SMS sent: 3",
      "SMS undelivered TWILIO_ERROR_30003: 1",
      "SMS undelivered TWILIO_ERROR_30007: 1",
      "SMS undelivered TWILIO_UNKNOWN_DESTINATION_HANDSET: 1",
    ].sort());

    // Other staff may not resume it (they cannot see it); the sender may.
    await expectAppError(resumeSend({ ctx: { db, actor: s.faculty, now }, input: { sendId: batchId } }), "NOT_FOUND", "No such send.");
    const jobsOf = (ids: number[]) => Promise.all(ids.map((id) => countAllJobs(db, { queue: QUEUES.dispatchSms, messageId: id })));
    const jobsBefore = await jobsOf(textIds.slice(10));
    const resumed = await resumeSend({ ctx: { db, actor: s.advisor, now }, input: { sendId: batchId } });
    expect(resumed).toMatchObject({ state: "done", resumedAt: now.toISOString() });
    expect((await sendPauseState(db, batchId)).resumed_by_user_id).toBe(s.advisor.userId);
    // One new dispatch job per waiting text (the send's own jobs found them paused and left them).
    expect(await jobsOf(textIds.slice(10))).toEqual(jobsBefore.map((n) => n + 1));
    expect(await dispatch(textIds.slice(10))).toMatchObject({ handedOver: 10, failed: 0 });
    expect(await dispatch(textIds.slice(10))).toMatchObject({ handedOver: 0 });
    expect(await dispatchEmail({ ctx: worker(), messageIds: emailIds, resend: resend.client() })).toMatchObject({ sent: 2 });
    await expectAppError(resumeSend({ ctx: { db, actor: s.advisor, now }, input: { sendId: batchId } }), "CONFLICT", "This send is not paused: there is nothing to resume.");

    // After a resume the check never pauses it again, whatever comes.
    for (const i of [7, 8, 9]) await result(sid(i), "undelivered", 30007);
    expect(await sendPauseState(db, batchId)).toMatchObject({ state: "done", first_results: 11, first_results_filtered: 7 });
    expect(await pausedJobs(batchId)).toBe(1);
  });

  it("cancel: the texts and own emails not handed over are cancelled (SEND_CANCELLED); fallback emails and texts at Twilio go on", async () => {
    const s = await institution();
    const { batchId, textIds } = await send(s, 12, 3);
    const handed = [...(await markTextsHandedOver(db, textIds.slice(0, 6))).values()];
    for (const sid of handed.slice(0, 5)) await result(sid, "undelivered", 30007);
    expect((await sendPauseState(db, batchId)).state).toBe("paused");

    // Another institution's administrator never sees it; this one's cancels it.
    const other = await institution();
    await expectAppError(cancelSend({ ctx: { db, actor: other.admin, now }, input: { sendId: batchId } }), "NOT_FOUND", "No such send.");
    const cancelled = await cancelSend({ ctx: { db, actor: s.admin, now }, input: { sendId: batchId } });
    expect(cancelled).toMatchObject({ state: "cancelled", cancelledAt: now.toISOString() });
    expect((await sendPauseState(db, batchId)).cancelled_by_user_id).toBe(s.admin.userId);
    expect(await sendStatusCounts(db, batchId)).toEqual([
      "EMAIL canceled SEND_CANCELLED: 3",
      "FALLBACK pending TWILIO_ERROR_30007: 5",
      "SMS canceled SEND_CANCELLED: 6",
      "SMS sent: 1",
      "SMS undelivered TWILIO_ERROR_30007: 5",
    ]);
    expect(await dispatch(textIds.slice(6))).toMatchObject({ handedOver: 0 });
    await expectAppError(resumeSend({ ctx: { db, actor: s.advisor, now }, input: { sendId: batchId } }), "CONFLICT", "This send was cancelled: it can no longer be resumed.");
    await expectAppError(cancelSend({ ctx: { db, actor: s.advisor, now }, input: { sendId: batchId } }), "CONFLICT", "This send was cancelled: it can no longer be changed or cancelled.");
    // A running send that is not paused cannot be cancelled.
    const running = await send(s, 1);
    await expectAppError(cancelSend({ ctx: { db, actor: s.advisor, now }, input: { sendId: running.batchId } }), "CONFLICT");
  });

  it("two callbacks at once: the send pauses once, and each reader gets one email however often the notice runs", async () => {
    const s = await institution();
    const { batchId, textIds } = await send(s, 30);
    const sids = [...(await markTextsHandedOver(db, textIds.slice(0, 20))).values()];
    await Promise.all(sids.slice(0, 12).map((sid) => result(sid, "undelivered", 30007)));
    expect(await sendPauseState(db, batchId)).toMatchObject({ state: "paused", first_results: 12, first_results_filtered: 12 });
    expect(await pausedJobs(batchId)).toBe(1);

    const deps = { ctx: worker(), publicBaseUrl: "https://sms.example.edu", resend: resend.client(), institutionId: s.inst.id, batchId };
    expect(await Promise.all([notifySendPaused(deps), notifySendPaused(deps)])).toEqual([2, 2]);
    await notifySendPaused(deps);
    // The sender and the active administrator; not the disabled administrator, not the faculty member.
    expect(await pauseNoticesByAddress(db, s.inst.id)).toEqual({ [s.adminEmail]: 1, [s.advisorEmail]: 1 });
  });

  it("a send that is no longer running does not pause: its 5th flagged result comes after its last text", async () => {
    const s = await institution();
    const { batchId, textIds } = await send(s, 5);
    const sids = [...(await markTextsHandedOver(db, textIds)).values()];
    for (const sid of sids) await result(sid, "undelivered", 30007);
    expect(await sendPauseState(db, batchId)).toMatchObject({ state: "done", first_results: 5, first_results_filtered: 5, paused_at: null });
    expect(await pausedJobs(batchId)).toBe(0);
  });

  it("a large send paused while its outbox is written: the writers go on, its rows wait; resumed it is done, cancelled they are cancelled", async () => {
    const s = await institution();
    const ids = await insertOutboxStudents(db, { institutionId: s.inst.id, studentRoleId: s.inst.roles.STUDENT.id, cellTypeId: s.inst.phoneTypes.CELL.id, tag: "PAUSE", count: 1500 });
    const large = async () => (await sendMessages({ ctx: { db, actor: s.advisor, now }, input: { recipientIds: ids, body: "Large send." } })).batchId!;
    const write = (batchId: string) => writeSendOutbox({ ctx: worker(), input: { institutionId: s.inst.id, batchId } });

    const resumed = await large();
    expect(await writeSendOutbox({ ctx: worker(), input: { institutionId: s.inst.id, batchId: resumed } }, { maxChunks: 1 })).toBe(1000);
    await pauseSendForTest(db, resumed);
    expect(await write(resumed)).toBe(500);
    expect(await outboxLeft(db, resumed)).toBeNull();
    expect(await sendPauseState(db, resumed)).toMatchObject({ state: "paused", finished_at: null });
    await resumeSend({ ctx: { db, actor: s.admin, now }, input: { sendId: resumed } });
    const done = await sendPauseState(db, resumed);
    expect(done.state).toBe("done");
    expect(done.finished_at).not.toBeNull();

    const cancelled = await large();
    expect(await writeSendOutbox({ ctx: worker(), input: { institutionId: s.inst.id, batchId: cancelled } }, { maxChunks: 1 })).toBe(1000);
    await pauseSendForTest(db, cancelled);
    await cancelSend({ ctx: { db, actor: s.advisor, now }, input: { sendId: cancelled } });
    expect(await write(cancelled)).toBe(500);
    expect(await sendStatusCounts(db, cancelled)).toEqual(["EMAIL canceled SEND_CANCELLED: 400", "EMAIL failed UNDELIVERABLE: 100", "SMS canceled SEND_CANCELLED: 1000"]);
    expect((await sendPauseState(db, cancelled)).state).toBe("cancelled");
  });
});
