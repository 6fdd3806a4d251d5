import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";

/*
 * Conversations and the handset simulator (issue 4, items 6–8): an advisor texts a student,
 * the student replies from the handset simulator (through the signed inbound webhook), the
 * advisor sees the reply arrive in the open thread without a reload and gets the reply email;
 * after the student texts STOP the phone is disabled and the next message goes by email.
 */

test.describe.configure({ mode: "serial" });

async function open(browser: Browser, role: string): Promise<Page> {
  const context = await browser.newContext({ storageState: `e2e/.auth/${role}.json` });
  return context.newPage();
}

async function noAxeViolations(page: Page) {
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
}

let conversationUrl = "";
let samProfileUrl = "";

test("a reply from the handset appears in the advisor's open thread and is emailed; after STOP the next message goes by email", async ({ browser }) => {
  test.setTimeout(90_000);
  const advisor = await open(browser, "advisor");
  await advisor.goto("/people?q=sam+student");
  await advisor.getByRole("table", { name: "People" }).getByRole("link", { name: "Student, Sam" }).click();
  await expect(advisor.getByRole("heading", { level: 1, name: "Sam Student" })).toBeVisible();
  samProfileUrl = advisor.url();
  const samId = /\/people\/([0-9a-f-]{36})/.exec(samProfileUrl)![1];

  // The advisor's first text to Sam starts the conversation.
  await advisor.goto(`/messages/with/${samId}`);
  await advisor.getByLabel("Message to Sam Student").fill("Hi Sam, can you come in on Tuesday?");
  await advisor.getByRole("button", { name: "Send" }).click();
  await expect(advisor).toHaveURL(/\/messages\/[0-9a-f-]{36}$/);
  conversationUrl = advisor.url();
  const thread = advisor.getByRole("log", { name: "Messages" });
  await expect(thread.getByText("Hi Sam, can you come in on Tuesday?")).toBeVisible();
  await expect(thread.getByTestId("message-status")).toHaveText("Delivered", { timeout: 20_000 });
  await noAxeViolations(advisor);
  await advisor.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  // Sam's phone, in the handset simulator: the text arrived; Sam answers.
  const handset = await open(browser, "admin");
  await handset.goto("/dev/handset");
  await handset.getByLabel("Person or number").fill("Sam Student");
  await handset.getByRole("button", { name: "Find" }).click();
  await handset.getByRole("list", { name: "Phones" }).getByRole("listitem").filter({ hasText: "Cell" }).getByRole("link").click();
  await expect(handset.getByRole("heading", { name: /^Phone / })).toBeVisible();
  const screen = handset.getByRole("log", { name: "Texts on this phone" });
  await expect(screen.getByText("Hi Sam, can you come in on Tuesday?")).toBeVisible();
  await noAxeViolations(handset);
  await handset.getByLabel("Text", { exact: true }).fill("Yes, Tuesday at 10 works for me.");
  await handset.getByRole("button", { name: "Send text" }).click();
  await expect(handset.getByText('Texted "Yes, Tuesday at 10 works for me."')).toBeVisible();

  // The advisor's open thread shows the reply without a reload.
  await expect(thread.getByText("Yes, Tuesday at 10 works for me.")).toBeVisible({ timeout: 15_000 });
  expect(await advisor.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // The reply email reached the advisor (the local Resend's outbox), linking to the thread.
  const outbox = await open(browser, "admin");
  await expect(async () => {
    await outbox.goto("/admin/mail-outbox");
    await expect(outbox.getByRole("heading", { name: "Sam Student replied to your text" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const mail = outbox.getByRole("article").filter({ has: outbox.getByRole("heading", { name: "Sam Student replied to your text" }) }).first();
  await expect(mail.getByText("advisor@northfield.edu")).toBeVisible();
  await mail.getByText("Message", { exact: true }).click();
  const body = await mail.locator("pre").textContent();
  expect(body).toContain("Yes, Tuesday at 10 works for me.");
  const link = /https?:\/\/\S+\/messages\/[0-9a-f-]{36}/.exec(body ?? "")?.[0];
  expect(new URL(link!).pathname).toBe(new URL(conversationUrl).pathname);

  // The advisor's list: the conversation, latest first; opening the thread read the reply.
  const list = await open(browser, "advisor");
  await list.goto(new URL(link!).pathname);
  await expect(list.getByRole("heading", { level: 1, name: "Sam Student" })).toBeVisible();
  await list.goto("/messages");
  const conversations = list.getByRole("table", { name: "Conversations" });
  await expect(conversations.getByRole("rowheader").first()).toHaveText("Sam Student");
  await expect(conversations.getByRole("row").nth(1)).toContainText("Yes, Tuesday at 10 works for me.");
  await noAxeViolations(list);

  // Sam texts STOP: Twilio answers it, every phone of Sam's is disabled.
  await handset.getByRole("button", { name: "Text STOP" }).click();
  await expect(handset.getByText('Texted "STOP". Twilio answered it itself.')).toBeVisible();
  await expect(screen.getByText(/You have successfully been unsubscribed/)).toBeVisible();
  await list.goto(samProfileUrl);
  const phones = list.getByRole("table", { name: "Phone numbers" });
  await expect(phones.getByText("SMS Disabled")).toHaveCount(2);
  await expect(phones.getByText(/SMS (Enabled|Default)/)).toHaveCount(0);

  // The next message to Sam goes by email, with its reason.
  await expect(thread.getByText("STOP", { exact: true })).toBeVisible({ timeout: 15_000 });
  await advisor.getByLabel("Reply to Sam Student").fill("No problem — I'll email you the details.");
  await advisor.getByRole("button", { name: "Send" }).click();
  await expect(advisor.getByText("Sent by email to student@northfield.edu: No phone that takes texts.")).toBeVisible();
  const emailed = thread.getByRole("article").filter({ hasText: "No problem — I'll email you the details." });
  await expect(emailed).toContainText("Email");
  await expect(emailed.getByTitle("NO_SMS_NUMBER")).toHaveText("No phone that takes texts");
  await expect(emailed).not.toContainText("NO_SMS_NUMBER");
});

test("someone else's conversation is a 404 for a student and for another institution's administrator", async ({ browser }) => {
  expect(conversationUrl).not.toBe("");
  for (const role of ["student", "lakesideAdmin", "faculty"]) {
    const page = await open(browser, role);
    await page.goto(conversationUrl);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText("Tuesday")).toHaveCount(0);
    await page.context().close();
  }
});

test("a text from a number nobody holds is listed as unmatched for administrators", async ({ browser }) => {
  const handset = await open(browser, "admin");
  const stranger = "+13125559876";
  await handset.goto(`/dev/handset?q=${encodeURIComponent(stranger)}`);
  await handset.getByRole("link", { name: "(312) 555-9876" }).click();
  await handset.getByLabel("Text", { exact: true }).fill("Is this the advising office?");
  await handset.getByRole("button", { name: "Send text" }).click();
  await expect(handset.getByText('Texted "Is this the advising office?"')).toBeVisible();

  await handset.goto("/messages/unmatched");
  const unmatched = handset.getByRole("table", { name: "Unmatched texts" });
  await expect(unmatched.getByRole("row").filter({ hasText: "Is this the advising office?" })).toContainText("(312) 555-9876");
  await unmatched.getByRole("link", { name: "(312) 555-9876" }).click();
  await expect(handset.getByRole("log", { name: "Messages" }).getByText("Is this the advising office?")).toBeVisible();

  const advisor = await open(browser, "advisor");
  await advisor.goto("/messages/unmatched");
  await expect(advisor.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
});
