/**
 * What a signed-in user may do. Decided in one place from data (roles, settings, flags) and
 * used by every page, server action and API route.
 */
export type Capabilities = {
  /** Holds a role that grants administration: SMS configuration, reports, data views. */
  admin: boolean;
  /** Platform operator ("client success"): may change the institution's two SMS limits. */
  operator: boolean;
  /** Holds at least one staff role. */
  staff: boolean;
  /** Has no staff role and is not the operator (SPEC §2: every other person is a student). */
  student: boolean;
  /** Staff holding a role listed in Permitted Roles (SPEC §4.1). Students never are. */
  permittedSender: boolean;
};

export type RoleFacts = { id: string; kind: "STAFF" | "STUDENT"; grantsAdmin: boolean };

/** SPEC §2 and §4.1, as a pure function of the user's roles and the Permitted Roles setting. */
export function decideCapabilities(input: {
  roles: readonly RoleFacts[];
  permittedRoleIds: ReadonlySet<string> | readonly string[];
  isOperator: boolean;
}): Capabilities {
  const permitted = input.permittedRoleIds instanceof Set ? input.permittedRoleIds : new Set(input.permittedRoleIds);
  const staff = input.roles.some((r) => r.kind === "STAFF");
  return {
    admin: input.roles.some((r) => r.kind === "STAFF" && r.grantsAdmin),
    operator: input.isOperator,
    staff,
    student: !staff && !input.isOperator,
    permittedSender: staff && input.roles.some((r) => r.kind === "STAFF" && permitted.has(r.id)),
  };
}

export type Capability = keyof Capabilities;

/**
 * The acting user, as every lib service receives it. `institutionId` scopes every query.
 * `userId` is null only for the system (webhooks, the worker).
 */
export type Actor = {
  kind: "user";
  userId: string;
  personId: string | null;
  institutionId: string;
  displayName: string;
  email: string;
  capabilities: Capabilities;
};

/** `scim`: the institution's directory, provisioning through SCIM 2.0 with the institution's bearer token (lib/scim). */
export type SystemActor = { kind: "system"; institutionId: string; source: "twilio" | "worker" | "import" | "seed" | "scim" };
