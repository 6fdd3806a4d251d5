import { describe, expect, it } from "vitest";
import { describeSettingValue, settingLabel } from "./describe-setting-change";

const names = { phoneTypes: new Map([["CELL", "Cell"]]), roles: new Map([["ADVISOR", "Advisor"], ["COACH", "Coach"]]) };

describe("describeSettingValue", () => {
  it.each([
    ["studentDefaultStatus", "OPTED_IN", "Opted in"],
    ["staffDefaultStatus", "OPTED_OUT", "Opted out"],
    ["defaultPhoneTypeSrcSystemId", "CELL", "Cell"],
    ["defaultPhoneTypeSrcSystemId", "GONE", "GONE"],
    ["defaultPhoneTypeSrcSystemId", null, "—"],
    ["permittedRoleCodes", ["ADVISOR", "COACH", "X"], "Advisor, Coach, X"],
    ["permittedRoleCodes", [], "None"],
    ["smsMonthlyLimit", 12500, "12,500"],
    ["replyEmailSubject", "Hi {{staffName}}", "Hi {{staffName}}"],
    ["assignment", { number: "+13125550201", holderName: "Casey Coach" }, "(312) 555-0201 — Casey Coach"],
    ["assignment", null, "Removed"],
    ["quietHoursEnabled", true, "On"],
    ["quietHoursEnabled", false, "Off"],
    ["quietWindowStart", "09:30", "9:30 AM"],
    ["quietWindowStart", null, "8:00 AM (federal)"],
    ["quietWindowEnd", "20:00", "8:00 PM"],
    ["quietWindowEnd", null, "9:00 PM (federal)"],
    ["quietReplyExemptMinutes", 60, "60"],
  ])("%s %j → %s", (field, value, expected) => {
    expect(describeSettingValue(field, value, names)).toBe(expected);
  });

  it("names each recorded field as the screens label it", () => {
    expect(settingLabel("smsPhoneNumberLimit")).toBe("SMS Phone Number Usage Limit");
    expect(settingLabel("permittedRoleCodes")).toBe("Permitted Roles");
    expect(settingLabel("somethingNew")).toBe("somethingNew");
  });
});
