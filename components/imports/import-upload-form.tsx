"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { newImportId } from "./new-import-id";

type Progress = { processed: number; total: number | null };
type State =
  | { phase: "idle" }
  | { phase: "running"; progress: Progress }
  | { phase: "error"; message: string }
  | { phase: "interrupted"; importId: string; message: string };
type Polled = { status: string; processedRows: number; totalRows: number | null; error: string | null };

const POLL_MS = 400;

/**
 * Uploads a SIS or prospect file. The page picks the import's id, posts the file, and polls
 * the import's committed row count meanwhile, so the bar shows the rows actually loaded. When
 * the import is done it opens the import's report. If the server running it died, the upload's
 * answer may never come: once the worker's sweep marks the import INTERRUPTED, the bar goes and
 * the form says so.
 */
export function ImportUploadForm({ kind, accept, label, hint }: { kind: "SIS" | "PROSPECT"; accept: string; label: string; hint: string }) {
  const router = useRouter();
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ phase: "idle" });

  async function upload(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return setState({ phase: "error", message: "Choose a file." });
    const importId = newImportId();
    const body = new FormData();
    body.set("kind", kind);
    body.set("importId", importId);
    body.set("file", file);
    setState({ phase: "running", progress: { processed: 0, total: null } });

    let finished = false;
    let interrupted = false;
    const poll = async () => {
      while (!finished) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        const res = await fetch(`/api/imports/${importId}`, { cache: "no-store" }).catch(() => null);
        const s = res?.ok ? ((await res.json().catch(() => null)) as Polled | null) : null;
        if (finished || !s) continue;
        if (s.status === "INTERRUPTED") {
          finished = interrupted = true;
          setState({ phase: "interrupted", importId, message: s.error ?? "" });
          router.refresh();
        } else setState({ phase: "running", progress: { processed: s.processedRows, total: s.totalRows } });
      }
    };
    void poll();
    const res = await fetch("/api/imports", { method: "POST", body }).catch(() => null);
    finished = true;
    const data = res ? await res.json().catch(() => null) : null;
    // A lost answer of an import already shown interrupted changes nothing; a late success still opens the report.
    if (!res?.ok && interrupted) return;
    if (!res?.ok) {
      setState({ phase: "error", message: data?.error?.message ?? "The upload failed. Please try again." });
      router.refresh();
      return;
    }
    router.push(`/admin/imports/${importId}`);
  }

  const running = state.phase === "running";
  return (
    <form onSubmit={upload} className="space-y-3" noValidate>
      <div>
        <Label htmlFor={`${id}-file`}>{label}</Label>
        <p id={`${id}-hint`} className="mt-0.5 text-sm text-slate-600">
          {hint}
        </p>
        <input
          ref={fileRef}
          id={`${id}-file`}
          name="file"
          type="file"
          accept={accept}
          disabled={running}
          aria-describedby={`${id}-hint`}
          className="mt-1 block w-full text-sm text-slate-900 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium"
        />
      </div>
      <Button type="submit" disabled={running} aria-disabled={running}>
        {running ? "Importing…" : "Upload"}
      </Button>
      {running ? <ImportProgress label={`${label} progress`} progress={state.progress} /> : null}
      {state.phase === "error" ? (
        <Alert tone="error">The file was not imported: {state.message}</Alert>
      ) : null}
      {state.phase === "interrupted" ? (
        <Alert tone="error">
          Interrupted: {state.message}{" "}
          <Link href={`/admin/imports/${state.importId}`} className="font-medium underline">
            See what was loaded
          </Link>
        </Alert>
      ) : null}
    </form>
  );
}

function ImportProgress({ label, progress }: { label: string; progress: Progress }) {
  const { processed, total } = progress;
  const text = total === null ? "Reading the file…" : `${processed.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} rows processed`;
  return (
    <div className="space-y-1">
      <progress aria-label={label} className="h-2 w-full" value={total === null ? undefined : processed} max={total ?? undefined} />
      <p role="status" aria-live="polite" className="text-sm text-slate-700">
        {text}
      </p>
    </div>
  );
}
