import "server-only";
import type { Resend } from "resend";
import { administratorEmails, claimUnsentAlert, markAlertEmailed, type HealthAlertRow } from "@/db/queries/health-alerts";
import { sendEmail } from "@/lib/email/send-email";
import type { ProviderActor, ServiceContext } from "@/lib/service-context";

export type EmailHealthAlertsDeps = {
  ctx: ServiceContext<ProviderActor>;
  /** The app's public URL: the email links to the Administration home. */
  publicBaseUrl: string;
  resend?: Resend;
};

/** The email of one health alert, to the institution's administrators. */
export function healthAlertEmail(alert: Pick<HealthAlertRow, "level" | "title" | "detail">, publicBaseUrl: string) {
  const link = `${publicBaseUrl.replace(/\/+$/, "")}/admin`;
  const level = alert.level === "critical" ? "Critical" : "Warning";
  return {
    subject: `${level}: ${alert.title}`,
    text: `${alert.title}\n\n${alert.detail}\n\nSee the Health panel: ${link}\n\nYou receive this because you are an administrator. You will not be emailed about it again while it lasts.`,
  };
}

/**
 * Emails every open health alert not yet emailed to its institution's administrators (issue
 * 18), one email per alert, through the app's email path (Resend, or the local outbox when
 * simulated). Each alert is claimed in its own transaction (another worker skips it) and marked
 * emailed in it; the idempotency key `health-alert-<id>` makes a retry after a crash send
 * nothing twice. An institution without administrators is marked as done: nobody to tell.
 * Returns how many alerts were emailed. Throws (leaving the rest for the next round) when
 * Resend refuses.
 */
export async function emailHealthAlerts(deps: EmailHealthAlertsDeps): Promise<number> {
  const { db, now } = deps.ctx;
  let sent = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const alert = await claimUnsentAlert(tx);
      if (!alert) return false;
      const to = await administratorEmails(tx, { institutionId: alert.institutionId });
      if (to.length > 0) {
        await sendEmail({ institutionId: alert.institutionId, to, ...healthAlertEmail(alert, deps.publicBaseUrl), idempotencyKey: `health-alert-${alert.id}` }, deps.resend);
        sent++;
      }
      await markAlertEmailed(tx, { id: alert.id, now });
      return true;
    });
    if (!done) return sent;
  }
}
