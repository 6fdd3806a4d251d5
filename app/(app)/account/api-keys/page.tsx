import type { Metadata } from "next";
import { ApiKeysTable } from "@/components/account/api-keys-table";
import { CreateApiKeyForm } from "@/components/account/create-api-key-form";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { listManageableApiKeys } from "@/lib/auth/api-keys";
import { requireActor } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/policy";

export const metadata: Metadata = { title: "API keys" };

/** Everyone's own REST API keys; administrators see and revoke every key of the institution. */
export default async function ApiKeysPage() {
  const actor = await requireActor();
  const db = getDb();
  const [keys, institution] = await Promise.all([
    listManageableApiKeys({ ctx: { db, actor, now: new Date() } }),
    getInstitutionSummary(db, actor.institutionId),
  ]);
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          can(actor, "apiKeys.manageInstitution")
            ? "Keys for the REST API act as their owner. As an administrator you see every key of your institution and can revoke any of them."
            : "Keys for the REST API act as you, with your permissions. Only a fingerprint is stored: a key is shown once, when it is created."
        }
      />
      <CreateApiKeyForm />
      <ApiKeysTable keys={keys} showOwner={can(actor, "apiKeys.manageInstitution")} timeZone={institution?.timeZone ?? "UTC"} now={new Date()} />
    </>
  );
}
