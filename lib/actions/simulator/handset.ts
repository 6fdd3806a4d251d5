"use server";

import { action } from "@/lib/action";
import { textFromHandset, textFromHandsetInput } from "@/lib/twilio/simulator/handset";

/** The handset texts a system number, through the signed inbound webhook (see lib/twilio/simulator/handset.ts). */
export const textFromHandsetAction = action(textFromHandsetInput, { permission: "handset.use" }, ({ ctx, input }) =>
  textFromHandset({ ctx, input }),
);
