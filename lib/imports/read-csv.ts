import { Readable } from "node:stream";
import { parse, type Parser } from "csv-parse";
import { AppError } from "@/lib/errors";

/** Opens the file from its start; called once to count the rows and once to read them. */
export type OpenFile = () => AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

export type CsvRow = { rowNumber: number; values: string[] };

export type CsvFile = {
  header: string[];
  /** Data rows (blank lines and rows of empty cells are skipped). */
  total: number;
  rows: () => AsyncIterable<CsvRow>;
};

const MAX_RECORD_BYTES = 1_000_000;

function parser(open: OpenFile): Parser {
  // Blank lines come through as records (and are skipped below) so that lines can be counted:
  // csv-parse's own line counter counts a CRLF inside a quoted cell twice.
  const csv = parse({ bom: true, relax_column_count: true, max_record_size: MAX_RECORD_BYTES });
  const source = Readable.from(open());
  source.on("error", (err) => csv.destroy(err));
  source.pipe(csv);
  return csv;
}

/** Line breaks inside quoted cells, so a row is reported at the line where it starts. */
function breaksIn(values: string[]) {
  let n = 0;
  for (const v of values) n += v.match(/\r\n|\n|\r/g)?.length ?? 0;
  return n;
}

const isBlank = (values: string[]) => values.every((v) => v.trim() === "");

/** Every non-blank record with the line it starts on (a record spans 1 + its inner breaks lines). */
async function* numbered(open: OpenFile): AsyncIterable<{ line: number; values: string[] }> {
  let line = 1;
  for await (const values of parser(open) as AsyncIterable<string[]>) {
    const start = line;
    line += 1 + breaksIn(values);
    if (!isBlank(values)) yield { line: start, values };
  }
}

function describeCsvError(err: unknown): AppError {
  const e = err as { code?: string; message?: string; lines?: number };
  if (typeof e?.code === "string" && e.code.startsWith("CSV_")) {
    return new AppError("VALIDATION", `The file is not valid CSV${e.lines ? ` (line ${e.lines})` : ""}: ${e.message}`);
  }
  return err instanceof AppError ? err : new AppError("VALIDATION", "The file could not be read.");
}

/**
 * A CSV file read with csv-parse (a maintained streaming parser: quotes, embedded commas and
 * line breaks, BOM). A first streaming pass reads the header, counts the rows and finds
 * malformed CSV before anything is written; `rows()` streams them again with their line
 * numbers (the header is line 1). Memory stays flat whatever the file's size.
 */
export async function openCsv(open: OpenFile): Promise<CsvFile> {
  let header: string[] | undefined;
  let total = 0;
  try {
    for await (const { values } of numbered(open)) {
      if (header) total += 1;
      else header = values;
    }
  } catch (err) {
    throw describeCsvError(err);
  }
  if (!header) throw new AppError("VALIDATION", "The file is empty: the first line must name the columns.");
  return {
    header,
    total,
    async *rows() {
      let first = true;
      for await (const { line, values } of numbered(open)) {
        if (first) first = false;
        else yield { rowNumber: line, values };
      }
    },
  };
}
