/**
 * What may be uploaded, and safe display names. The name is only metadata (the stored key is generated),
 * but it is still cleaned: no directories, no control characters, no leading dots, bounded length.
 */
export const ALLOWED_EXTENSIONS: Record<string, string> = {
  pdf: "application/pdf",
  jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", heic: "image/heic", tif: "image/tiff", tiff: "image/tiff",
  doc: "application/msword", docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  odt: "application/vnd.oasis.opendocument.text", ods: "application/vnd.oasis.opendocument.spreadsheet",
  txt: "text/plain", csv: "text/csv", rtf: "application/rtf", zip: "application/zip",
};

export function extensionOf(name: string): string {
  const m = /\.([a-z0-9]{1,8})$/i.exec(name);
  return m ? m[1]!.toLowerCase() : "";
}

/** A display-safe file name, or null when nothing usable remains. */
export function sanitizeFileName(raw: string): string | null {
  let name = raw.normalize("NFC").split(/[\\/]/).pop() ?? "";
  name = name.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "").replace(/\s+/g, " ").trim();
  name = name.replace(/^\.+/, "").trim();
  if (name.length > 180) {
    const ext = extensionOf(name);
    name = ext ? `${name.slice(0, 170 - ext.length).trim()}.${ext}` : name.slice(0, 180);
  }
  if (!name || name === "." || name === "..") return null;
  return name;
}

/** The MIME type to store and serve for an allowed extension, or null when the type is forbidden. */
export function allowedMimeType(name: string): string | null {
  return ALLOWED_EXTENSIONS[extensionOf(name)] ?? null;
}
