/**
 * What the simulated Twilio does with a message to a given number (SPEC §5: "some numbers fail
 * on purpose"). The synchronous ones mirror Twilio's test-credential numbers; the
 * asynchronous ones are ours, so the status-callback failure path can be exercised too.
 *
 * | To            | outcome                                                         |
 * |---------------|-----------------------------------------------------------------|
 * | +15005550001  | 400, 21211 invalid 'To' number                                  |
 * | +15005550002  | 400, 21612 not reachable via SMS                                |
 * | +15005550003  | 400, 21408 no permission for the region                         |
 * | +15005550004  | 400, 21610 unsubscribed recipient                               |
 * | +15005550009  | 400, 21614 not a mobile number                                  |
 * | +15005550005  | 201 queued → sent → undelivered, 30005 unknown handset          |
 * | +15005550010  | 201 queued → sent → undelivered, 30003 unreachable (transient)  |
 * | +15005550011  | 201 queued → sent → undelivered, 30007 filtered by the carrier  |
 * | +15005550012  | 201 queued → sent → undelivered, 30006 landline or unreachable  |
 * | anything else | 201 queued → sent → delivered                                   |
 */
export type SimOutcome =
  | { kind: "reject"; code: number; message: string }
  | { kind: "undelivered"; code: number }
  | { kind: "delivered" };

const REJECTED: Record<string, { code: number; message: string }> = {
  "+15005550001": { code: 21211, message: "Invalid 'To' Phone Number: +15005550001" },
  "+15005550002": {
    code: 21612,
    message: "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS.",
  },
  "+15005550003": {
    code: 21408,
    message: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003.",
  },
  "+15005550004": { code: 21610, message: "Attempt to send to unsubscribed recipient" },
  "+15005550009": { code: 21614, message: "'To' number +15005550009 is not a valid mobile number" },
};

const UNDELIVERED: Record<string, number> = {
  "+15005550005": 30005,
  "+15005550010": 30003,
  "+15005550011": 30007,
  "+15005550012": 30006,
};

export function outcomeFor(to: string): SimOutcome {
  const rejected = REJECTED[to];
  if (rejected) return { kind: "reject", ...rejected };
  const code = UNDELIVERED[to];
  if (code) return { kind: "undelivered", code };
  return { kind: "delivered" };
}
