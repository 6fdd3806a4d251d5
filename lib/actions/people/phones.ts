"use server";

import { action } from "@/lib/action";
import { addPersonPhone } from "@/lib/person-phones/add-person-phone";
import { deletePersonPhone } from "@/lib/person-phones/delete-person-phone";
import { editPersonPhone } from "@/lib/person-phones/edit-person-phone";
import { addPhoneInputSchema, deletePhoneInputSchema, setPhoneVerifiedInputSchema, updatePhoneInputSchema } from "@/lib/person-phones/phone-schemas";
import { setPhoneVerified } from "@/lib/person-phones/set-phone-verified";

/*
 * The Profile tab's phone changes. Each one is authorized and recorded by its lib service
 * (administrators only: "phones.edit" in lib/auth/policy.ts); the form refreshes the page.
 */

export const addPhone = action(addPhoneInputSchema, { permission: "phones.edit" }, ({ ctx, input }) => addPersonPhone({ ctx, input }));

export const editPhone = action(updatePhoneInputSchema, { permission: "phones.edit" }, ({ ctx, input }) => editPersonPhone({ ctx, input }));

export const setVerified = action(setPhoneVerifiedInputSchema, { permission: "phones.edit" }, ({ ctx, input }) => setPhoneVerified({ ctx, input }));

export const deletePhone = action(deletePhoneInputSchema, { permission: "phones.edit" }, ({ ctx, input }) => deletePersonPhone({ ctx, input }));
