"use server";

import { z } from "zod";
import { action } from "@/lib/action";
import {
  addRecipientListMembersOf,
  createListInput,
  createRecipientList,
  deleteRecipientListOf,
  listIdInput,
  listMembersInput,
  removeRecipientListMembersOf,
  updateListInput,
  updateRecipientListOf,
} from "@/lib/people/recipient-lists";

/** Saved recipient lists (issue 16 item 2); each service asks the policy about the list itself. */
export const createRecipientListAction = action(createListInput, { permission: "recipientLists.use", revalidate: "/lists" }, ({ ctx, input }) =>
  createRecipientList({ ctx, input }),
);

export const updateRecipientListAction = action(
  updateListInput.extend({ shared: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean().optional()) }),
  { permission: "recipientLists.use", revalidate: "/lists" },
  ({ ctx, input }) => updateRecipientListOf({ ctx, input }),
);

export const deleteRecipientListAction = action(listIdInput, { permission: "recipientLists.use", revalidate: "/lists" }, ({ ctx, input }) =>
  deleteRecipientListOf({ ctx, input }),
);

export const addRecipientListMembersAction = action(listMembersInput, { permission: "recipientLists.use", revalidate: "/lists" }, ({ ctx, input }) =>
  addRecipientListMembersOf({ ctx, input }),
);

export const removeRecipientListMembersAction = action(listMembersInput, { permission: "recipientLists.use", revalidate: "/lists" }, ({ ctx, input }) =>
  removeRecipientListMembersOf({ ctx, input }),
);
