"use server";

import { z } from "zod";
import { action } from "@/lib/action";
import { formInt } from "@/lib/settings/form-values";
import { updateSmsSettings } from "@/lib/settings/update-sms-settings";

/** Administration → Application: smsMaxLength (1..1600, checked by the service). */
export const saveApplicationSettings = action(z.object({ smsMaxLength: formInt }), { permission: "applicationSettings.edit", revalidate: "/admin/application" }, ({ ctx, input }) =>
  updateSmsSettings({ ctx, input }),
);
