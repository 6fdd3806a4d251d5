"use server";

import { action } from "@/lib/action";
import { matchingPersonsInput, selectMatchingPersons } from "@/lib/people/select-matching-persons";

/** The People list's "Select all N matching this search": every match, resolved on the server (staff who compose). */
export const selectMatchingPeopleAction = action(matchingPersonsInput, { permission: "messages.compose" }, ({ ctx, input }) =>
  selectMatchingPersons({ ctx, input }),
);
