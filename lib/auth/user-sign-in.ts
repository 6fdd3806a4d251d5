import "server-only";
import { z } from "zod";
import { findSignInOfPerson, updateUserSignIn, type SignInState } from "@/db/queries/user-sign-in";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";

export const signInStateSchema = z.object({
  personId: z.string(),
  userId: z.string(),
  email: z.string(),
  disabled: z.boolean(),
  disabledAt: z.string().nullable().describe("When sign-in was disabled; null while enabled."),
  disabledBy: z.string().nullable().describe("Display name of the administrator who disabled it."),
});
export type SignInStateDto = z.infer<typeof signInStateSchema>;

export const personSignInInputSchema = z.object({ personId: z.string() });
export const setSignInDisabledInputSchema = z.object({
  personId: z.string(),
  disabled: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean()),
});
/** The REST body (the person comes from the path). */
export const signInUpdateBodySchema = z.object({ disabled: z.boolean().describe("true cuts the user off at once; false lets them sign in again.") });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toDto(personId: string, s: SignInState): SignInStateDto {
  return {
    personId,
    userId: s.userId,
    email: s.email,
    disabled: s.disabled,
    disabledAt: s.disabledAt?.toISOString() ?? null,
    disabledBy: s.disabled ? s.disabledByName : null,
  };
}

async function load(ctx: ServiceContext, personId: string): Promise<SignInState> {
  authorize(ctx.actor, "signIn.manage");
  if (!UUID.test(personId)) throw new AppError("NOT_FOUND", "This person has no sign-in.");
  const state = await findSignInOfPerson(ctx.db, { institutionId: ctx.actor.institutionId, personId });
  if (!state) throw new AppError("NOT_FOUND", "This person has no sign-in.");
  return state;
}

/** Whether the person's user may sign in. Administrators of the person's institution only. */
export async function getSignInState({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof personSignInInputSchema> }) {
  const { personId } = personSignInInputSchema.parse(input);
  return toDto(personId, await load(ctx, personId));
}

/**
 * Disables or re-enables the sign-in of a person's user (administrators of the same
 * institution only; another institution's person is NOT_FOUND). Disabling ends the user's
 * sessions and API access on their next request; an administrator cannot disable themselves
 * (they would lock themselves out, possibly the institution's last administrator). Each change
 * is recorded in settings_audit (scope "user-sign-in") with who made it and when.
 */
export async function setSignInDisabled({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof setSignInDisabledInputSchema> }) {
  const { personId, disabled } = setSignInDisabledInputSchema.parse(input);
  const state = await load(ctx, personId);
  if (disabled) authorize(ctx.actor, "signIn.disable", { userId: state.userId });
  await updateUserSignIn(ctx.db, { institutionId: ctx.actor.institutionId, userId: state.userId, disabled, byUserId: ctx.actor.userId, now: ctx.now });
  return toDto(personId, await load(ctx, personId));
}
