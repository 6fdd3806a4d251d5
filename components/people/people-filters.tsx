import { Label } from "@/components/ui/label";

type Option = { value: string; label: string };

const SELECT = "mt-1 block max-w-56 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900";

function FilterSelect({ id, name, label, value, any, options }: { id: string; name: string; label: string; value?: string; any: string; options: readonly Option[] }) {
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <select id={id} name={name} defaultValue={value ?? ""} className={SELECT}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The People search's filters beyond staff/students (issue 16 item 2): role, success team, SMS
 * status of any phone, and whether a text would reach them (SPEC §4.5). The same filters make
 * "Message all N matching" and a list saved from the search.
 */
export function PeopleFilters({
  values,
  roles,
  teams,
}: {
  values: { role?: string; team?: string; sms?: string; textable?: string };
  roles: readonly Option[];
  teams: readonly Option[];
}) {
  return (
    <>
      <FilterSelect id="people-role" name="role" label="Role" value={values.role} any="Any role" options={roles} />
      <FilterSelect id="people-team" name="team" label="Success team of" value={values.team} any="Anyone's" options={teams} />
      <FilterSelect
        id="people-sms"
        name="sms"
        label="Texts"
        value={values.sms}
        any="Any"
        options={[
          { value: "enabled", label: "Has an SMS Enabled phone" },
          { value: "default", label: "Has an SMS Default phone" },
          { value: "disabled", label: "Has an SMS Disabled phone" },
          { value: "opted-out", label: "Opted out (texted STOP)" },
        ]}
      />
      <FilterSelect
        id="people-textable"
        name="textable"
        label="Textable"
        value={values.textable}
        any="Either"
        options={[
          { value: "yes", label: "Has a number a text goes to" },
          { value: "no", label: "No number a text goes to" },
        ]}
      />
    </>
  );
}
