import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { openCsv } from "./read-csv";

async function read(chunks: (string | Uint8Array)[]) {
  const file = await openCsv(() => chunks);
  const rows = [];
  for await (const row of file.rows()) rows.push(row);
  return { header: file.header, total: file.total, rows };
}

describe("openCsv", () => {
  it("parses quotes, embedded commas and line breaks, a BOM and CRLF, and numbers rows by the line they start on", async () => {
    const text = '\uFEFFname,note\r\n"King, Ada","line one\r\nline two"\r\n\r\n,\r\nGrace,"say ""hi"""\r\n';
    expect(await read([text])).toEqual({
      header: ["name", "note"],
      total: 2,
      rows: [
        { rowNumber: 2, values: ["King, Ada", "line one\r\nline two"] },
        { rowNumber: 6, values: ["Grace", 'say "hi"'] },
      ],
    });
  });

  it("reads a file split in chunks anywhere, even inside a multi-byte character", async () => {
    const bytes = new TextEncoder().encode("name\nJosé\nZoë\n");
    const chunks = Array.from(bytes, (b) => new Uint8Array([b]));
    expect((await read(chunks)).rows.map((r) => r.values[0])).toEqual(["José", "Zoë"]);
  });

  it("refuses broken CSV and an empty file before any row is read", async () => {
    await expect(openCsv(() => ['a,b\n1,"2\n'])).rejects.toThrow(/not valid CSV \(line 2\)/);
    await expect(openCsv(() => [""])).rejects.toBeInstanceOf(AppError);
  });
});
