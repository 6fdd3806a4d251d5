import Link from "next/link";

/**
 * The one style of a text link (issue 15.14: one style for buttons and links across pages):
 * always underlined, so a link reads as one without colour (WCAG 1.4.1), darker on hover. Buttons,
 * and links that look like buttons, use `buttonClassName` (button.tsx): primary, secondary,
 * danger, ghost.
 */
export const LINK_CLASSES = "text-blue-700 underline underline-offset-2 hover:text-blue-900 hover:decoration-2";

export function linkClassName(extra = "") {
  return `${LINK_CLASSES} ${extra}`.trim();
}

/** A Next `<Link>` in the link style. */
export function TextLink({ className = "", ...props }: React.ComponentProps<typeof Link>) {
  return <Link className={linkClassName(className)} {...props} />;
}
