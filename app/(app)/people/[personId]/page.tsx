import { redirect } from "next/navigation";

/** The Profile tab is the person's first page. */
export default async function PersonPage({ params }: { params: Promise<{ personId: string }> }) {
  const { personId } = await params;
  redirect(`/people/${personId}/profile`);
}
