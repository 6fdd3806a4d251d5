import { describe, expect, it } from "vitest";
import { alertsToShow } from "./dashboard-format";

describe("alertsToShow", () => {
  it("leaves out a threshold rule's warning while its critical level is open, and nothing else", () => {
    const alerts = [
      { key: "number-pool:100", level: "critical" as const },
      { key: "number-pool:80", level: "warning" as const },
      { key: "monthly-limit:80:2026-12", level: "warning" as const },
      { key: "webhooks:callbacks-stopped", level: "critical" as const },
      { key: "webhooks:waiting", level: "warning" as const },
    ];
    expect(alertsToShow(alerts).map((a) => a.key)).toEqual(["number-pool:100", "monthly-limit:80:2026-12", "webhooks:callbacks-stopped", "webhooks:waiting"]);
    expect(alertsToShow([{ key: "monthly-limit:100:2026-12", level: "critical" as const }, { key: "monthly-limit:80:2026-12", level: "warning" as const }]).map((a) => a.key)).toEqual([
      "monthly-limit:100:2026-12",
    ]);
  });
});
