import { Label } from "@/components/ui/label";

/** Filter of the inbox search: every conversation, or those with replies not yet read. */
export function ConversationFilter({ value }: { value?: string }) {
  return (
    <div>
      <Label htmlFor="conversations-show">Show</Label>
      <select
        id="conversations-show"
        name="show"
        defaultValue={value ?? ""}
        className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900"
      >
        <option value="">All conversations</option>
        <option value="unread">Unread only</option>
      </select>
    </div>
  );
}
