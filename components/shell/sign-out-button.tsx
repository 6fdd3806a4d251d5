import { SubmitButton } from "@/components/ui/submit-button";

/** Signing out is a POST (a server action), never a link a prefetch could follow. */
export function SignOutButton({ action }: { action: () => Promise<void> }) {
  return (
    <form action={action}>
      <SubmitButton variant="secondary" pendingLabel="Signing out…">
        Sign out
      </SubmitButton>
    </form>
  );
}
