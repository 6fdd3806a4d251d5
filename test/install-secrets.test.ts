import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { demoProviderModes, ensureSimulatorSecrets, generateSimulatorSecrets } from "@/scripts/install-secrets";

describe("simulator credentials per install (scripts/install-secrets.ts)", () => {
  it("are generated once into a 0600 file and read back the same; a variable already set wins", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "secrets-")), ".data", "simulator-credentials.json");
    const first = ensureSimulatorSecrets(file, {});
    expect(first.TWILIO_SIMULATOR_ACCOUNT_SID).toMatch(/^AC[0-9a-f]{32}$/);
    expect(first.TWILIO_SIMULATOR_AUTH_TOKEN).toMatch(/^[0-9a-f]{64}$/);
    expect(first.RESEND_SIMULATOR_KEY).toMatch(/^re_[\w-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureSimulatorSecrets(file, {})).toEqual(first);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(first);
    expect(ensureSimulatorSecrets(file, { TWILIO_SIMULATOR_AUTH_TOKEN: "from-env" }).TWILIO_SIMULATOR_AUTH_TOKEN).toBe("from-env");
  });

  it("differ between installs (no constant)", () => {
    expect(generateSimulatorSecrets()).not.toEqual(generateSimulatorSecrets());
  });
});

describe("npm start's opt-in to simulation (demoProviderModes)", () => {
  it("simulates each provider without credentials, says so, and leaves a chosen mode or credentials alone", () => {
    const none = demoProviderModes({});
    expect(none.vars).toEqual({ TWILIO_MODE: "simulated", EMAIL_MODE: "simulated" });
    expect(none.lines[0]).toMatch(/^\[start\] Twilio: SIMULATED \(TWILIO_MODE=simulated\)/);
    expect(none.lines[1]).toMatch(/^\[start\] Email: SIMULATED \(EMAIL_MODE=simulated\)/);

    const live = demoProviderModes({ TWILIO_ACCOUNT_SID: "AC1", TWILIO_AUTH_TOKEN: "t", RESEND_API_KEY: "re_1" });
    expect(live.vars).toEqual({});
    expect(live.lines).toEqual(["[start] Twilio: live (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN).", "[start] Email: live (RESEND_API_KEY)."]);

    // Half a Twilio configuration is not silently simulated: it stays "live" and the check refuses it.
    expect(demoProviderModes({ TWILIO_ACCOUNT_SID: "AC1" }).vars).toEqual({ EMAIL_MODE: "simulated" });
  });
});
