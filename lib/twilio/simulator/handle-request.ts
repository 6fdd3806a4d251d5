import "server-only";
import { timingSafeEqual } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { simulatorCredentials } from "@/lib/twilio/client";
import { WEBHOOK_BODY_LIMIT, isBodyTooLarge, readBodyText } from "@/lib/http/read-body";
import { describeError, log } from "@/lib/log";
import { defaultSimulatorDeps, type SimulatorDeps } from "./deps";
import { takeFault } from "@/db/queries/sim-twilio";
import { createMessage, fetchMessage, listMessages } from "./messages-api";
import { API_VERSION, twilioError } from "./twilio-resource";

const MESSAGES_PATH = new RegExp(`/${API_VERSION}/Accounts/([^/]+)/Messages(?:/([^/]+))?\\.json$`);

/**
 * The simulated Twilio REST API (SPEC §5), served by the app at /api/dev/twilio/** when Twilio
 * credentials are absent. Answers the Messages endpoints as Twilio does — create, fetch, list —
 * after checking HTTP Basic auth against the install's simulator credentials (never constants), and honours the fault
 * switch (faults.ts). Anything else is Twilio's 404.
 */
export async function handleSimulatorRequest(req: Request, deps: SimulatorDeps = defaultSimulatorDeps()): Promise<Response> {
  const url = new URL(req.url);
  const match = MESSAGES_PATH.exec(url.pathname);
  const endpoint = match && endpointOf(req.method.toUpperCase(), match[2]);
  if (!match || !endpoint) return twilioError(404, 20404, `The requested resource ${url.pathname} was not found`);

  if (!isAuthorized(req.headers.get("authorization"))) {
    return Response.json(
      { code: 20003, detail: "Your AccountSid or AuthToken was incorrect.", message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 },
      { status: 401, headers: { "WWW-Authenticate": 'Basic realm="Twilio API"' } },
    );
  }
  const [, accountSid, sid] = match;
  if (accountSid !== simulatorCredentials().accountSid) return twilioError(404, 20404, `The requested resource ${url.pathname} was not found`);

  const run = async () => {
    try {
      if (endpoint === "create") return await createMessage(deps, accountSid, new URLSearchParams(await readBodyText(req, WEBHOOK_BODY_LIMIT)));
      if (endpoint === "fetch") return await fetchMessage(deps, accountSid, sid);
      return await listMessages(deps, accountSid, url.searchParams);
    } catch (err) {
      if (isBodyTooLarge(err)) return twilioError(413, 20400, err.message);
      log.error("twilio simulator: request failed", { path: url.pathname, ...describeError(err) });
      return twilioError(500, 20500, "An internal server error has occurred");
    }
  };

  const fault = await takeFault(deps.db);
  if (!fault) return run();
  log.info("twilio simulator: fault injected", { mode: fault.mode, processRequest: fault.processRequest, path: url.pathname });
  if (fault.mode === "429") return twilioError(429, 20429, "Too Many Requests");
  const answer = fault.processRequest ? await run() : null;
  if (fault.mode === "timeout") await sleep(fault.delayMs);
  if (fault.mode === "500" || !answer) return twilioError(500, 20500, "An internal server error has occurred");
  return answer;
}

function endpointOf(method: string, sid: string | undefined): "create" | "fetch" | "list" | null {
  if (sid) return method === "GET" ? "fetch" : null;
  if (method === "POST") return "create";
  return method === "GET" ? "list" : null;
}

function isAuthorized(header: string | null): boolean {
  const [scheme, encoded] = header?.split(" ") ?? [];
  if (scheme !== "Basic" || !encoded) return false;
  const given = Buffer.from(Buffer.from(encoded, "base64").toString("utf8"));
  const { accountSid, authToken } = simulatorCredentials();
  const expected = Buffer.from(`${accountSid}:${authToken}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
