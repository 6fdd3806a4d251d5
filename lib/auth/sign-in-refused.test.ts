import { AuthError, CredentialsSignin } from "next-auth";
import { describe, expect, it } from "vitest";
import { SignInRefused, signInErrorFromQuery, signInErrorMessage } from "./sign-in-refused";

describe("signInErrorMessage", () => {
  it.each([
    ["wrong password", new SignInRefused({ ok: false, reason: "invalid" }), "The email or password is incorrect."],
    ["disabled", new SignInRefused({ ok: false, reason: "disabled" }), "This account is disabled. Ask your administrator to enable it."],
    [
      "throttled",
      new SignInRefused({ ok: false, reason: "throttled", scope: "email-client", retryAfterMinutes: 12 }),
      "Too many sign-in attempts. Try again in 12 minutes.",
    ],
    ["Auth.js's own credentials error", new CredentialsSignin(), "The email or password is incorrect."],
    ["any other Auth.js error", new AuthError("boom"), "Sign-in failed. Please try again."],
  ])("%s", (_name, err, message) => {
    expect(signInErrorMessage(err)).toBe(message);
  });

  it("puts only the reason's name in the code Auth.js may show in a URL", () => {
    expect(new SignInRefused({ ok: false, reason: "throttled", scope: "client", retryAfterMinutes: 3 }).code).toBe("throttled");
  });
});

describe("signInErrorFromQuery", () => {
  it.each([
    ["CredentialsSignin", "credentials", "The email or password is incorrect."],
    ["CredentialsSignin", "throttled", "Too many sign-in attempts. Try again later."],
    ["CredentialsSignin", "disabled", "This account is disabled. Ask your administrator to enable it."],
    ["Configuration", undefined, "Sign-in failed. Please try again."],
  ])("%s / %s", (error, code, message) => {
    expect(signInErrorFromQuery(error, code)).toBe(message);
  });
});
