"use client";

import { useId, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { TextField } from "@/components/ui/text-field";
import { FieldError } from "@/components/ui/field-error";
import type { ActionResult } from "@/lib/action";
import { TemplateTextarea } from "./template-textarea";

export type TemplateDraft = { templateId?: string; name: string; body: string; category: string | null };
export type SaveTemplate = (draft: TemplateDraft) => Promise<ActionResult<unknown>>;

/**
 * New or edit template in a dialog: name, optional category and the body, whose merge fields
 * are inserted from the list and shown as fields; an unknown field is refused on save, named.
 */
export function TemplateFormDialog({ title, initial, onSave, onClose }: { title: string; initial: TemplateDraft; onSave: SaveTemplate; onClose: () => void }) {
  const id = useId();
  const [name, setName] = useState(initial.name);
  const [category, setCategory] = useState(initial.category ?? "");
  const [body, setBody] = useState(initial.body);
  const [errors, setErrors] = useState<{ error: string; fields: Record<string, string> } | null>(null);
  const [pending, start] = useTransition();

  function save(e: React.FormEvent) {
    e.preventDefault();
    setErrors(null);
    start(async () => {
      const r = await onSave({ templateId: initial.templateId, name, body, category: category.trim() === "" ? null : category });
      if (r.ok) onClose();
      else setErrors({ error: r.error, fields: r.fieldErrors });
    });
  }
  const bodyError = errors?.fields.body;
  return (
    <ModalDialog title={title} onClose={onClose}>
      <form onSubmit={save} className="space-y-3">
        <TextField label="Name" name="name" id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} error={errors?.fields.name} required maxLength={100} hint="Type / and this name in a message to insert it." />
        <TextField label="Category (optional)" name="category" id={`${id}-category`} value={category} onChange={(e) => setCategory(e.target.value)} error={errors?.fields.category} maxLength={60} />
        <div>
          <Label htmlFor={`${id}-body`}>Text</Label>
          <TemplateTextarea id={`${id}-body`} value={body} onChange={setBody} rows={5} invalid={Boolean(bodyError)} describedBy={bodyError ? `${id}-body-error` : undefined} />
          <FieldError id={`${id}-body-error`} message={bodyError} />
        </div>
        {errors && !bodyError && !errors.fields.name ? <Alert tone="error">{errors.error}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending || name.trim() === "" || body.trim() === ""}>
            {pending ? "Saving…" : "Save template"}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
