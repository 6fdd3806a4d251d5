import type { LinkGroup } from "@/components/shell/link-list";
import type { Actor } from "@/lib/auth/capabilities";
import { can } from "@/lib/auth/policy";
import { isEmailSimulated } from "@/lib/env";

/** The Administration home's links, as far as the actor may open them. */
export function administrationLinks(actor: Actor): LinkGroup[] {
  return [
    {
      heading: "Messaging",
      links: [
        {
          href: "/admin/messaging/sms-configuration/general",
          label: "SMS Configuration",
          description: "Default SMS status, phone type, permitted roles, reply emails and Twilio limits.",
        },
        ...(can(actor, "templates.manageShared")
          ? [{ href: "/admin/messaging/templates", label: "Templates", description: "Shared message templates with merge fields, and their change history." }]
          : []),
        ...(can(actor, "messageReport.read")
          ? [{ href: "/admin/messaging/message-report", label: "Message Report", description: "Every text and email, with filters and CSV export." }]
          : []),
      ],
    },
    ...(can(actor, "applicationSettings.edit")
      ? [{ heading: "Application", links: [{ href: "/admin/application", label: "Application", description: "The longest text a message may have." }] }]
      : []),
    ...(can(actor, "signInSettings.manage")
      ? [
          {
            heading: "Sign-in",
            links: [{ href: "/admin/sign-in", label: "Sign-in", description: "Single sign-on (OpenID Connect, SAML), password sign-in and new accounts." }],
          },
        ]
      : []),
    ...(can(actor, "imports.read")
      ? [
          {
            heading: "Imports",
            links: [{ href: "/admin/imports", label: "Imports", description: "SIS person import and prospect upload, with a report of each row not loaded." }],
          },
        ]
      : []),
    ...(can(actor, "dataViews.read")
      ? [
          {
            heading: "Data views",
            links: [
              { href: "/admin/data-views/person-phone", label: "Person Phone", description: "All phone records with their source ids." },
              // Only while email is simulated: the page is 404 otherwise (issue 13).
              ...(isEmailSimulated() && can(actor, "mailOutbox.read")
                ? [{ href: "/admin/mail-outbox", label: "Mail outbox", description: "Emails the local stand-in kept instead of delivering." }]
                : []),
            ],
          },
        ]
      : []),
  ];
}
