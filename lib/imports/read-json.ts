import { AppError } from "@/lib/errors";
import type { OpenFile } from "./read-csv";

/** The largest file an import takes (next.config.ts lets bodies this large through proxy.ts). */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

/**
 * A JSON file of records: an array, or an object whose `key` holds the array. JSON has no
 * streaming row boundary worth the complexity here, so it is read whole (bounded in size).
 */
export async function readJsonRecords(open: OpenFile, key: string): Promise<unknown[]> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of open()) {
    text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (text.length > MAX_IMPORT_BYTES) throw new AppError("VALIDATION", "The JSON file is larger than 100 MB; split it or send CSV.");
  }
  text += decoder.decode();
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new AppError("VALIDATION", `The file is not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(data) ? data : (data as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) throw new AppError("VALIDATION", `The JSON must be an array of records or an object with a "${key}" array.`);
  return list;
}
