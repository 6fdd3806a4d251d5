import { describe, expect, it } from "vitest";
import { locate, lookUpAreaCode } from "./locate";
import { stateOfPlace } from "./us-states";

describe("lookUpAreaCode: Google's libphonenumber data", () => {
  it.each([
    ["+12125550123", ["America/New_York"], "NY"],
    ["+13125550123", ["America/Chicago"], "IL"],
    ["+16025550123", ["America/Phoenix"], "AZ"],
    ["+18085550123", ["Pacific/Honolulu"], "HI"],
    ["+19075550123", ["America/Adak", "America/Anchorage"], "AK"],
    ["+12065550123", ["America/Los_Angeles"], "WA"],
    ["+19155550123", ["America/Denver"], "TX"],
    ["+14015550123", ["America/New_York"], "RI"],
  ])("%s", async (phone, timeZones, state) => {
    expect(await lookUpAreaCode(phone)).toEqual({ timeZones, state });
  });

  it("a toll-free number or a non-number tells nothing", async () => {
    expect(await lookUpAreaCode("+18005550123")).toBeNull();
    expect(await lookUpAreaCode("not a phone")).toBeNull();
  });

  it("a Canadian number keeps its zone and no state", async () => {
    expect(await lookUpAreaCode("+14165550123")).toEqual({ timeZones: ["America/Toronto"], state: null });
  });
});

describe("stateOfPlace", () => {
  it.each([
    ["Austin, TX", "TX"],
    ["Texas", "TX"],
    ["Washington State", "WA"],
    ["Washington D.C.", "DC"],
    ["Toronto, ON", null],
    ["Nassau", null],
    [null, null],
  ])("%s → %s", (place, code) => expect(stateOfPlace(place)).toBe(code));
});

describe("locate (SPEC §9: the person's record, else the area code, else the institution)", () => {
  it("the person's zone and state win", async () => {
    expect(await locate({ timeZone: "America/Denver", state: "CO", phone: "+12125550123" }, "America/New_York")).toEqual({
      timeZones: ["America/Denver"],
      state: "CO",
      source: "PERSON",
    });
  });

  it("a recorded zone without a state takes the area code's state (narrower is lawful)", async () => {
    expect(await locate({ timeZone: "America/Chicago", state: null, phone: "+19155550123" }, "America/New_York")).toEqual({
      timeZones: ["America/Chicago"],
      state: "TX",
      source: "PERSON",
    });
  });

  it("without a recorded zone: the area code's zones, the recorded state first", async () => {
    expect(await locate({ timeZone: null, state: null, phone: "+19075550123" }, "America/New_York")).toEqual({
      timeZones: ["America/Adak", "America/Anchorage"],
      state: "AK",
      source: "AREA_CODE",
    });
    expect(await locate({ timeZone: null, state: "FL", phone: "+12125550123" }, "America/Chicago")).toEqual({
      timeZones: ["America/New_York"],
      state: "FL",
      source: "AREA_CODE",
    });
  });

  it("nothing known (or an unknown zone, or a toll-free number): the institution's zone, federal window", async () => {
    expect(await locate({ timeZone: "Mars/Olympus", state: null, phone: "+18005550123" }, "America/Chicago")).toEqual({
      timeZones: ["America/Chicago"],
      state: null,
      source: "INSTITUTION",
    });
  });
});
