import { describe, expect, it } from "vitest";
import { classifyInbound } from "./keywords";

describe("classifyInbound: our own match", () => {
  it.each([
    ...["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"].map((w) => [w, "OPT_OUT"] as const),
    ...["START", "UNSTOP", "YES"].map((w) => [w, "OPT_IN"] as const),
    ...["HELP", "INFO"].map((w) => [w, "HELP"] as const),
  ])("%s → %s, in any case", (word, expected) => {
    expect(classifyInbound(word)).toBe(expected);
    expect(classifyInbound(word.toLowerCase())).toBe(expected);
    expect(classifyInbound(word[0] + word.slice(1).toLowerCase())).toBe(expected);
  });

  it.each([
    ["  Stop! ", "OPT_OUT"],
    ["sToP", "OPT_OUT"],
    ["stop.", "OPT_OUT"],
    ["STOP\n", "OPT_OUT"],
    ["\"stop\"", "OPT_OUT"],
    ["¡Stop!", "OPT_OUT"],
    ["...unsubscribe???", "OPT_OUT"],
    ["stop 🛑", "OPT_OUT"],
    ["\tStart\t", "OPT_IN"],
    ["Yes!", "OPT_IN"],
    ["help?", "HELP"],
    ["Info :)", "HELP"],
  ])("%j → %s", (body, expected) => {
    expect(classifyInbound(body)).toBe(expected);
  });

  it.each([
    "stop please",
    "please stop",
    "STOP STOP",
    "s top",
    "stopp",
    "opt out",
    "opt-out",
    "yes I will come",
    "Hi, thanks!",
    "",
    "   ",
    "!!!",
    "stop2",
  ])("%j is not a keyword", (body) => {
    expect(classifyInbound(body)).toBeNull();
  });
});

describe("classifyInbound: Twilio's OptOutType decides", () => {
  it.each([
    ["STOP", "please stop texting me", "OPT_OUT"],
    ["START", "STOP", "OPT_IN"],
    ["HELP", "what is this?", "HELP"],
    ["stop", "hello", "OPT_OUT"],
    [" START ", "", "OPT_IN"],
  ])("OptOutType %j with body %j → %s", (optOutType, body, expected) => {
    expect(classifyInbound(body, optOutType)).toBe(expected);
  });

  it.each([
    [undefined, "STOP", "OPT_OUT"],
    [null, "start", "OPT_IN"],
    ["", "help", "HELP"],
    ["SOMETHING_NEW", "stop", "OPT_OUT"],
    ["SOMETHING_NEW", "hello", null],
    [undefined, "hello", null],
  ])("absent or unknown OptOutType %j: our match of %j → %s", (optOutType, body, expected) => {
    expect(classifyInbound(body, optOutType)).toBe(expected);
  });
});
