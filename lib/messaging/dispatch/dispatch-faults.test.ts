import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { messages } from "@/db/schema";
import { simulatorOutboundCounts, textOutcomes, textsNotAtSimulator } from "@/db/testing/dispatch";
import { insertBulkPeople } from "@/db/testing/people";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser } from "@/db/factories";
import { createTwilioClient, type TwilioTransport } from "@/lib/twilio/client";
import { handleSimulatorRequest } from "@/lib/twilio/simulator/handle-request";
import { inProcessTransport } from "@/lib/twilio/simulator/in-process-transport";
import { setFault } from "@/lib/twilio/simulator/control";
import { dispatchSms } from "./dispatch-sms";
import { DISPATCH } from "./dispatch-policy";
import { sendMessages } from "@/lib/messaging/send/send-messages";
import { providerContext } from "@/lib/service-context";

const N = Number(process.env.FAULT_N ?? 1000);

/**
 * SPEC §5 durability: a 1,000-text send through the SDK and the simulated Twilio while the
 * simulator answers 429, 500 (after carrying the send out), times out (after carrying it out),
 * and workers die between handing a text over and recording it. The simulator's own record
 * must show each text received exactly once, or the text must end in a recorded fallback.
 */
describe("exactly-once dispatch under faults", () => {
  it("every text is received once or falls back, despite 429s, 500s, timeouts and killed workers", { timeout: 300_000 }, async () => {
    const db = getDb();
    const inst = await createInstitution(db, { smsMonthlyLimit: 10_000 });
    await createSystemNumbers(db, inst, 1);
    const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
    const actor = (await loadActor(db, (await createUser(db, sender)).id))!;
    const ids = await insertBulkPeople(db, {
      institutionId: inst.id,
      count: N,
      srcPrefix: "FAULT-",
      firstName: "Fault",
      lastNamePrefix: "F",
      phoneTypeId: inst.phoneTypes.CELL.id,
      phoneTypeSrcSystemId: "CELL",
      emailDomain: "faults.example.edu",
    });
    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: ids, body: "Registration closes Friday." } });
    expect(sent.summary.texts).toBe(N);

    // A fake clock lets stale claims of "killed" workers age without waiting.
    let clock = Date.now();
    const now = () => new Date(clock);
    // Twilio's side of a request that timed out carries on; it finishes long before the 5 s
    // recheck in real time, so the harness lets it finish before the fake clock jumps.
    const twilioSide = new Set<Promise<Response>>();
    const simulator = inProcessTransport((req) => {
      const handling = handleSimulatorRequest(req, { db, callbackDelaysMs: [0, 0], publicBaseUrl: "http://localhost", postForm: async () => 200 });
      twilioSide.add(handling);
      void handling.finally(() => twilioSide.delete(handling)).catch(() => {});
      return handling;
    });
    // A killed worker: the request reaches Twilio, then the process is gone before it records
    // anything. Each worker gets its own client so the harness knows which ones died.
    let killsLeft = 0;
    const worker = () => {
      const state = { dead: false };
      const transport: TwilioTransport = async (opts) => {
        const answer = await simulator(opts);
        // A dead process answers nothing more: neither this request nor the others in flight.
        if (state.dead) return new Promise(() => {});
        if (opts.method.toUpperCase() === "POST" && killsLeft > 0) {
          killsLeft--;
          state.dead = true;
          return new Promise(() => {});
        }
        return answer;
      };
      const twilio = createTwilioClient({ transport, timeoutMs: 1500 });
      return { state, deps: { ctx: providerContext(db, "worker", now()), twilio, statusCallbackUrl: "http://localhost/api/twilio/status" } };
    };

    const faultPlan: Array<() => Promise<void>> = [
      () => setFault(db, "429", 60),
      () => setFault(db, "500", 40, { processRequest: true }),
      () => setFault(db, "timeout", 25, { processRequest: true, delayMs: 2000 }),
      async () => {
        killsLeft = 20;
      },
      () => setFault(db, "500", 30, { processRequest: false }),
    ];
    for (let round = 0; round < 40; round++) {
      const due = (
        await db
          .select({ id: messages.id })
          .from(messages)
          .where(and(eq(messages.institutionId, inst.id), eq(messages.channel, "SMS"), inArray(messages.status, ["pending", "sending"])))
          .orderBy(asc(messages.id))
          .limit(250)
      ).map((r) => r.id);
      if (due.length === 0) break;
      await faultPlan[round]?.();
      // Workers in parallel, 50 texts each; a killed one never returns, so don't wait for it forever.
      const running = [];
      for (let i = 0; i < due.length; i += 50) {
        const w = worker();
        const call = { state: w.state, settled: false };
        void dispatchSms({ ...w.deps, messageIds: due.slice(i, i + 50) }).catch(() => {}).finally(() => (call.settled = true));
        running.push(call);
      }
      // The clock may jump past the stale-claim age only once every live worker is done;
      // a dead worker's claims are exactly what the next rounds must resume.
      for (let waited = 0; waited < 60_000 && running.some((c) => !c.settled && !c.state.dead); waited += 50) {
        await new Promise((r) => setTimeout(r, 50));
      }
      await Promise.allSettled([...twilioSide]);
      clock += DISPATCH.staleClaimMs + 1000;
    }
    await setFault(db, "none", 0);

    const left = await db.$count(messages, and(eq(messages.institutionId, inst.id), eq(messages.channel, "SMS"), inArray(messages.status, ["pending", "sending"])));
    expect(left).toBe(0);

    const { handed, failed, fallbacks } = await textOutcomes(db, inst.id);
    expect(handed + failed).toBe(N);
    // The faults really happened: well over a hundred texts needed more than one attempt.
    const retried = await db.$count(messages, and(eq(messages.institutionId, inst.id), eq(messages.channel, "SMS"), gt(messages.attempts, 1)));
    expect(retried).toBeGreaterThan(100);
    expect(fallbacks).toBe(failed);

    // The simulator's own count: each handed-over text received exactly once, nothing else.
    const sim = await simulatorOutboundCounts(db);
    expect(sim.duplicated).toBe(0);
    expect(sim.total).toBe(handed);
    expect(await textsNotAtSimulator(db, inst.id)).toBe(0);
  });
});
