import type { TemplateValues } from "@/lib/email/render-template";

/**
 * Made-up values for the Email Notifications preview and test email: a reply as it would
 * arrive, addressed to `staffName`. Plain data, so the preview can use it in the browser.
 */
export function sampleReplyValues(staffName: string, conversationLink: string): TemplateValues {
  return {
    replierName: "Maya Patel",
    replierNumber: "(312) 555-0147",
    replyText: "Thanks! Can we meet on Tuesday at 2pm instead?",
    staffName,
    conversationLink,
  };
}
