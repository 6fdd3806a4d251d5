import { ComposeDialog } from "@/components/composer/compose-dialog";
import type { ComposerActions } from "@/components/composer/types";

type ComposerProps = { smsMaxLength: number; permitted: boolean; actions: ComposerActions };

const people = (v: number) => `${v.toLocaleString("en-US")} ${v === 1 ? "person" : "people"}`;

/**
 * "Text those who didn't reply" / "Text those who replied" (issue 18 item 1): each opens the
 * composer with that audience, which the server resolves again at Review and at Send (a reply
 * arriving meanwhile moves its sender across). The follow-up is a new send under every rule of
 * any other: the delivery decision, limits, quiet hours, templates. Those who opted out since
 * are in neither group.
 */
export function SendFollowUp({ sendId, followUp, composer }: { sendId: string; followUp: { replied: number; notReplied: number }; composer: ComposerProps }) {
  return (
    <section aria-labelledby="follow-up-heading" className="mb-6 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <h2 id="follow-up-heading" className="text-lg font-semibold text-slate-900">
        Follow up
      </h2>
      <p className="mt-1 text-sm text-slate-600">A new message to the people this send texted. Those who opted out since are left out.</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <ComposeDialog
          buttonLabel={`Text those who didn't reply (${followUp.notReplied.toLocaleString("en-US")})`}
          disabled={followUp.notReplied === 0}
          recipients={{ audience: { type: "sendFollowUp", sendId, replied: false }, label: `those who didn't reply to this send (${people(followUp.notReplied)})` }}
          {...composer}
        />
        <ComposeDialog
          buttonLabel={`Text those who replied (${followUp.replied.toLocaleString("en-US")})`}
          variant="secondary"
          disabled={followUp.replied === 0}
          recipients={{ audience: { type: "sendFollowUp", sendId, replied: true }, label: `those who replied to this send (${people(followUp.replied)})` }}
          {...composer}
        />
      </div>
    </section>
  );
}
