import { isEmailSimulated } from "@/lib/env";
import { handleFakeResendRequest } from "@/lib/email/fake-resend";

/** The local Resend stand-in; absent (404) when RESEND_API_KEY is set. */
async function handle(req: Request) {
  if (!isEmailSimulated()) return new Response("Not Found", { status: 404 });
  return handleFakeResendRequest(req);
}

export const dynamic = "force-dynamic";
export { handle as GET, handle as POST };
