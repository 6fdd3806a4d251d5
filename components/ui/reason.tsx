import { reasonLabel } from "@/lib/messaging/reason-labels";

/** A reason code as people read it: the label, with the code on hover (issue 15.7). */
export function Reason({ code, className }: { code: string; className?: string }) {
  return (
    <span title={code} className={className}>
      {reasonLabel(code)}
    </span>
  );
}
