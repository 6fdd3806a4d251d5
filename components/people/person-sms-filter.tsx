import { Label } from "@/components/ui/label";

/** Filter of the People search by texts: everyone, or only those who texted STOP (issue 15.5: opt-outs visible where advisors look). */
export function PersonSmsFilter({ value }: { value?: string }) {
  return (
    <div>
      <Label htmlFor="people-sms">Texts</Label>
      <select
        id="people-sms"
        name="sms"
        defaultValue={value ?? ""}
        className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900"
      >
        <option value="">Any</option>
        <option value="opted-out">Opted out (texted STOP)</option>
      </select>
    </div>
  );
}
