import { apiRoute, readJsonBody } from "@/lib/api/handler";
import { getSmsSettings } from "@/lib/settings/get-sms-settings";
import { updateSmsSettings } from "@/lib/settings/update-sms-settings";

/** GET /api/v1/sms-settings — SMS Configuration, the two limits and smsMaxLength. */
export const GET = apiRoute(({ ctx }) => getSmsSettings({ ctx }));

/** PATCH /api/v1/sms-settings — administrators change settings; only the operator changes the limits. */
export const PATCH = apiRoute(async ({ ctx, request }) => updateSmsSettings({ ctx, input: await readJsonBody(request) }));
