import {
  listPersonsInputSchema,
  personCreateInputSchema,
  personListPageSchema,
  personSchema,
  personUpdateInputSchema,
} from "@/lib/people/schemas";
import { messageDetailSchema } from "@/lib/messaging/get-message";
import { MAX_RECIPIENTS_PER_SEND, sendMessagesInput, sendMessagesResult } from "@/lib/messaging/send/schemas";
import { smsSettingsPatchSchema, smsSettingsSchema } from "@/lib/settings/schemas";
import { importResultSchema } from "@/lib/imports/import-summary";
import { describeSisFormat } from "@/lib/imports/sis-format";
import { sisImportBodySchema, sisImportQuerySchema } from "@/lib/imports/sis-row";
import { signInStateSchema, signInUpdateBodySchema } from "@/lib/auth/user-sign-in";
import type { ApiOperation } from "./openapi";

/** Every REST API v1 operation, for the OpenAPI document. Adding a route = adding one entry. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  {
    id: "listPersons",
    method: "get",
    path: "/persons",
    tag: "People",
    summary: "List and search people",
    description: "Staff and administrators. Keyset pages ordered by last name, first name; follow nextCursor / prevCursor.",
    query: listPersonsInputSchema,
    response: { status: 200, description: "One page of people.", body: ["PersonListPage", personListPageSchema] },
    errors: [400, 403],
  },
  {
    id: "createPerson",
    method: "post",
    path: "/persons",
    tag: "People",
    summary: "Create a person",
    description: "Administrators. Phones start SMS_DEFAULT and unverified; smsStatus and verified are not accepted.",
    body: ["PersonCreate", personCreateInputSchema],
    response: { status: 201, description: "The created person.", body: ["Person", personSchema] },
    errors: [400, 403, 409],
  },
  {
    id: "getPerson",
    method: "get",
    path: "/persons/{personId}",
    tag: "People",
    summary: "Get a person with emails, roles and phones",
    description: "Staff and administrators; a student may read only themselves.",
    response: { status: 200, description: "The person.", body: ["Person", personSchema] },
    errors: [403, 404],
  },
  {
    id: "updatePerson",
    method: "patch",
    path: "/persons/{personId}",
    tag: "People",
    summary: "Change a person",
    description: "Administrators. `emails` and `roles` replace the lists; `phones` adds or changes records. System numbers cannot be changed here.",
    body: ["PersonUpdate", personUpdateInputSchema],
    response: { status: 200, description: "The changed person.", body: ["Person", personSchema] },
    errors: [400, 403, 404, 409],
  },  {
    id: "getPersonSignIn",
    method: "get",
    path: "/persons/{personId}/sign-in",
    tag: "People",
    summary: "Whether a person's user may sign in",
    description: "Administrators. 404 when the person has no sign-in (or belongs to another institution).",
    response: { status: 200, description: "The sign-in state.", body: ["SignInState", signInStateSchema] },
    errors: [403, 404],
  },
  {
    id: "updatePersonSignIn",
    method: "patch",
    path: "/persons/{personId}/sign-in",
    tag: "People",
    summary: "Disable or re-enable a person's sign-in",
    description:
      "Administrators. Disabling ends the user's sessions and refuses their API keys from the next request; it is recorded with who did it and when. An administrator cannot disable themselves (403).",
    body: ["SignInUpdate", signInUpdateBodySchema],
    response: { status: 200, description: "The sign-in state after the change.", body: ["SignInState", signInStateSchema] },
    errors: [400, 403, 404],
  },

  {
    id: "getSmsSettings",
    method: "get",
    path: "/sms-settings",
    tag: "SMS settings",
    summary: "Get the SMS configuration",
    description: "Administrators and the platform operator.",
    response: { status: 200, description: "The settings.", body: ["SmsSettings", smsSettingsSchema] },
    errors: [403],
  },
  {
    id: "updateSmsSettings",
    method: "patch",
    path: "/sms-settings",
    tag: "SMS settings",
    summary: "Change the SMS configuration",
    description:
      "Administrators change everything but smsMonthlyLimit and smsPhoneNumberLimit, which only the platform operator changes. A limit below what is already used this month, or a number limit above the pool's size, answers 409 saying what it would mean, and is saved only with confirmLimitWarnings: true. An empty permittedRoleCodes (no one could text) answers 400 unless confirmNoPermittedRoles: true. A field sent with its current value changes nothing and is not audited; every change is.",
    body: ["SmsSettingsUpdate", smsSettingsPatchSchema],
    response: { status: 200, description: "The settings after the change.", body: ["SmsSettings", smsSettingsSchema] },
    errors: [400, 403, 409],
  },
  {
    id: "sendMessages",
    method: "post",
    path: "/messages",
    tag: "Messages",
    summary: "Send a message to one or many people",
    description:
      `Decides for each recipient (SPEC §4): text to which number and why, email and why (NO_SMS_NUMBER, SMS_PHONE_NUMBER_LIMIT_REACHED, SMS_MONTHLY_LIMIT_REACHED), UNDELIVERABLE, or the whole send refused (SENDER_NOT_PERMITTED, EMPTY_BODY, BODY_TOO_LONG). Every decision is stored as a message with its id; texts and emails then go out from the worker. A send to more than 1,000 recipients is stored as one batch whose message rows the worker writes within seconds; GET /api/v1/messages/{messageId} answers for its ids at once (pending, no events yet), while lists and reports show its messages once written. Up to ${MAX_RECIPIENTS_PER_SEND.toLocaleString("en-US")} recipient ids; duplicates are collapsed; ids that are not people of your institution are listed in unknownRecipientIds and sent nothing. Invalid input stores nothing.`,
    body: ["SendMessages", sendMessagesInput],
    response: { status: 202, description: "Decided and stored; sending continues in the background.", body: ["SendMessagesResult", sendMessagesResult] },
    errors: [400],
  },
  {
    id: "getMessage",
    method: "get",
    path: "/messages/{messageId}",
    tag: "Messages",
    summary: "Get a message with its status history",
    description: "Administrators read any message of their institution; others the messages they sent and those on their own conversations.",
    pathParams: { messageId: { type: "integer", minimum: 1 } },
    response: { status: 200, description: "The message and its status events, oldest first.", body: ["Message", messageDetailSchema] },
    errors: [404],
  },
  {
    id: "importSis",
    method: "post",
    path: "/imports/sis",
    tag: "Imports",
    summary: "Import persons, roles, emails and phones from the SIS",
    description: `Administrators. Send JSON (\`{ "persons": [...] }\`) or CSV (\`Content-Type: text/csv\`). The answer lists each row that was not loaded with its reason (MISSING_FIELD, BAD_PHONE, BAD_VALUE, UNKNOWN_ROLE, UNKNOWN_PHONE_TYPE, DUPLICATE, PHONE_NUMBER_CHANGED, REJECTED); a file refused as a whole (bad header, broken CSV) answers 400 and loads nothing.\n\n${describeSisFormat()}`,
    query: sisImportQuerySchema,
    body: ["SisImport", sisImportBodySchema],
    textBodies: [{ mediaType: "text/csv", description: "A SIS person CSV file, laid out as described above." }],
    response: { status: 200, description: "The import: counts and the row problems.", body: ["ImportResult", importResultSchema] },
    errors: [400, 403, 409],
  },
  {
    id: "getImport",
    method: "get",
    path: "/imports/{importId}",
    tag: "Imports",
    summary: "Get an import: its status, counts and row problems",
    description:
      "Administrators, imports of their institution. RUNNING while rows load (processedRows moves as batches commit); INTERRUPTED when the process running it died: the rows counted as processed were saved, and importing the file again finishes it.",
    response: { status: 200, description: "The import: status, counts and the row problems.", body: ["ImportResult", importResultSchema] },
    errors: [400, 403, 404],
  },
];
