import Link from "next/link";
import { linkClassName } from "@/components/ui/text-link";

export type LinkGroup = { heading: string; links: { href: string; label: string; description: string }[] };

/** Groups of links with a heading and a line of description each (e.g. the Administration landing). */
export function LinkList({ groups }: { groups: readonly LinkGroup[] }) {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      {groups.map((group) => (
        <section key={group.heading} aria-labelledby={`group-${slug(group.heading)}`} className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 id={`group-${slug(group.heading)}`} className="text-base font-semibold text-slate-900">
            {group.heading}
          </h2>
          <ul className="mt-3 space-y-3">
            {group.links.map((link) => (
              <li key={link.href}>
                <Link href={link.href} className={linkClassName("font-medium")}>
                  {link.label}
                </Link>
                <p className="text-sm text-slate-600">{link.description}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function slug(text: string) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}
