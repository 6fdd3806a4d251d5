import { Label } from "@/components/ui/label";

/** Filter of the People search: everyone, staff or students (SPEC §2: staff = any staff role). */
export function PersonKindFilter({ value }: { value?: string }) {
  return (
    <div>
      <Label htmlFor="people-kind">Show</Label>
      <select
        id="people-kind"
        name="kind"
        defaultValue={value ?? ""}
        className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900"
      >
        <option value="">Everyone</option>
        <option value="staff">Staff</option>
        <option value="student">Students</option>
      </select>
    </div>
  );
}
