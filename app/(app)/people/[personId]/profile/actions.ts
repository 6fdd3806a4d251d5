"use server";

import { action } from "@/lib/action";
import { addPersonPhone } from "@/lib/person-phones/add-person-phone";
import { deletePersonPhone } from "@/lib/person-phones/delete-person-phone";
import { editPersonPhone } from "@/lib/person-phones/edit-person-phone";
import { addPhoneInputSchema, deletePhoneInputSchema, setPhoneVerifiedInputSchema, updatePhoneInputSchema } from "@/lib/person-phones/phone-schemas";
import { setPhoneVerified } from "@/lib/person-phones/set-phone-verified";

/*
 * The Profile tab's phone changes. Each one is authorized and recorded by its lib service
 * (administrators only, see lib/person-phones/phone-edit-policy.ts); the form refreshes the page.
 */

export const addPhone = action(addPhoneInputSchema, { capability: "admin" }, ({ ctx, input }) => addPersonPhone({ ctx, input }));

export const editPhone = action(updatePhoneInputSchema, { capability: "admin" }, ({ ctx, input }) => editPersonPhone({ ctx, input }));

export const setVerified = action(setPhoneVerifiedInputSchema, { capability: "admin" }, ({ ctx, input }) => setPhoneVerified({ ctx, input }));

export const deletePhone = action(deletePhoneInputSchema, { capability: "admin" }, ({ ctx, input }) => deletePersonPhone({ ctx, input }));
