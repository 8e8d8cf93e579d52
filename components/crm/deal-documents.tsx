"use client";

import { useRef, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Download, Pencil, Upload } from "lucide-react";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";
import { formatSize } from "./format";
import { useRefreshDeal } from "./use-deal";
import type { TDeal } from "./deal-types";

const ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,.tif,.tiff,.doc,.docx,.xls,.xlsx,.odt,.ods,.txt,.csv,.rtf,.zip";

export function DealDocuments({ deal }: { deal: TDeal }) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(deal.id);
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const link = useMutation(trpc.crm.downloadLink.mutationOptions({
    onSuccess: (r) => { window.location.assign(r.url); }, onError: (e) => toast.error(errorMessage(e)),
  }));
  const remove = useMutation(trpc.crm.deleteDocument.mutationOptions({ onSuccess: () => { toast.success("Файл удалён"); void refresh(); } }));

  async function upload(files: FileList | null) {
    if (!files?.length) return;
    setUploading(true);
    setUploadError(null);
    try {
      for (const file of Array.from(files)) {
        const body = new FormData();
        body.append("file", file);
        const res = await fetch(`/api/crm/deals/${deal.id}/documents`, { method: "POST", body });
        if (!res.ok) {
          const j = (await res.json().catch(() => ({}))) as { error?: string };
          throw new Error(`${file.name}: ${j.error ?? "не удалось загрузить"}`);
        }
      }
      toast.success(files.length > 1 ? `Загружено файлов: ${files.length}` : "Файл загружен");
    } catch (e) {
      setUploadError(e instanceof Error ? e.message : "Не удалось загрузить файл");
    } finally {
      setUploading(false);
      if (input.current) input.current.value = "";
      void refresh();
    }
  }

  return (
    <div className="space-y-3">
      {deal.canEdit ? (
        <div className="flex items-center gap-3">
          <input ref={input} type="file" multiple accept={ACCEPT} className="sr-only" id="doc-upload" data-testid="doc-upload-input" onChange={(e) => void upload(e.target.files)} />
          <Button onClick={() => input.current?.click()} loading={uploading} data-testid="doc-upload"><Upload /> Загрузить файлы</Button>
          <span className="text-xs text-muted-foreground">PDF, изображения, Word/Excel/OpenDocument, TXT, CSV, ZIP</span>
        </div>
      ) : null}
      {uploadError ? <Alert variant="danger" data-testid="doc-upload-error">{uploadError}</Alert> : null}
      <Table data-testid="documents-table">
        <THead><TR><TH>Файл</TH><TH>Размер</TH><TH>Загрузил(а)</TH><TH>Когда</TH><TH className="w-32" /></TR></THead>
        <TBody>
          {deal.documents.length === 0 ? <DataTableEmpty colSpan={5} title="В папке сделки пока нет файлов" /> : null}
          {deal.documents.map((doc) => (
            <TR key={doc.id} data-testid="document-row">
              <TD className="font-medium">{doc.name}</TD>
              <TD className="tabular-nums">{formatSize(doc.size)}</TD>
              <TD>{doc.uploadedByName}</TD>
              <TD>{formatDateTime(doc.createdAt)}</TD>
              <TD>
                <div className="flex justify-end gap-1">
                  <Button size="icon-sm" variant="ghost" aria-label={`Скачать ${doc.name}`} onClick={() => link.mutate({ documentId: doc.id })}><Download /></Button>
                  {deal.canEdit ? (
                    <>
                      <Button size="icon-sm" variant="ghost" aria-label={`Переименовать ${doc.name}`} onClick={() => setRenaming({ id: doc.id, name: doc.name })}><Pencil /></Button>
                      <ConfirmDeleteButton label={`Удалить ${doc.name}`} title="Удалить файл?" description={`«${doc.name}» будет удалён из папки сделки безвозвратно.`} onDelete={() => remove.mutateAsync({ documentId: doc.id })} />
                    </>
                  ) : null}
                </div>
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
      {renaming ? <RenameDialog dealId={deal.id} doc={renaming} onClose={() => setRenaming(null)} /> : null}
    </div>
  );
}

function RenameDialog({ dealId, doc, onClose }: { dealId: string; doc: { id: string; name: string }; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(dealId);
  const [name, setName] = useState(doc.name);
  const rename = useMutation(trpc.crm.renameDocument.mutationOptions({ onSuccess: () => { toast.success("Файл переименован"); onClose(); void refresh(); } }));
  const errors = fieldErrors(rename.error);
  return (
    <Dialog open onOpenChange={(o) => { if (!o) onClose(); }}>
      <DialogContent title="Переименовать файл">
        <form className="space-y-3" onSubmit={(e) => { e.preventDefault(); rename.mutate({ documentId: doc.id, name }); }}>
          {rename.error && !Object.keys(errors).length ? <Alert variant="danger">{errorMessage(rename.error)}</Alert> : null}
          <FormField label="Имя файла" htmlFor="doc-name" error={errors.name?.[0]}><Input id="doc-name" value={name} onChange={(e) => setName(e.target.value)} /></FormField>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>Отмена</Button>
            <Button type="submit" loading={rename.isPending}>Сохранить</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
