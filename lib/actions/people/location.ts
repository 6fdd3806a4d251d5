"use server";

import { z } from "zod";
import { action } from "@/lib/action";
import { updatePerson } from "@/lib/people/update-person";

/**
 * The Profile tab's Time zone and State (SPEC §9: quiet hours follow them). A blank choice
 * clears the value; updatePerson checks the values and who may change a person.
 */
export const saveLocation = action(
  z.object({ personId: z.string(), timeZone: z.string(), state: z.string() }),
  { permission: "person.update" },
  async ({ ctx, input }) => {
    const person = await updatePerson({
      ctx,
      input: { personId: input.personId, timeZone: input.timeZone || null, state: input.state || null },
    });
    return { timeZone: person.timeZone, state: person.state };
  },
);
