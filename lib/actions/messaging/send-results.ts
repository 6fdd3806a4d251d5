"use server";

import { action } from "@/lib/action";
import { emailFailedTexts } from "@/lib/messaging/send/email-failed-texts";
import { getSendResults, sendResultsInput } from "@/lib/messaging/send/get-send-results";

/** The composer's results after Send: per recipient, a text, an email or nothing, and why (the actor's own sends). */
export const sendResultsAction = action(sendResultsInput, { permission: "messages.compose" }, ({ ctx, input }) => getSendResults({ ctx, input }));

/** "Email those whose text failed": resends by email the failed texts of the actor's send never emailed; once each. */
export const emailFailedTextsAction = action(sendResultsInput, { permission: "messages.text" }, ({ ctx, input }) => emailFailedTexts({ ctx, input }));
