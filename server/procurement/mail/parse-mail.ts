import { simpleParser, type AddressObject } from "mailparser";

/**
 * MIME parsing of one raw RFC 822 message with mailparser: headers in any RFC 2047 encoding (base64 / quoted-
 * printable, UTF-8, windows-1251, KOI8-R), bodies in any charset, attachments as buffers.
 */

export type TParsedAttachment = { filename: string; contentType: string; size: number; content: Buffer };

export type TParsedMail = {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  fromAddress: string;
  fromName: string;
  to: string[];
  subject: string;
  date: Date | null;
  text: string;
  html: string | null;
  attachments: TParsedAttachment[];
};

function addresses(value: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value).map((v) => ({ address: (v.address ?? "").toLowerCase(), name: v.name ?? "" }));
}

/** Strips tags for a readable text version of HTML-only mail. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|tr|li|h\d)>/gi, "\n")
    .replace(/<\/t[dh]>/gi, "\t")
    .replace(/<[^>]+>/g, "")
    .replace(/\t\n/g, "\n")
    .replace(/&nbsp;/g, " ")
    .replace(/&laquo;/g, "«")
    .replace(/&raquo;/g, "»")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export async function parseMail(raw: Buffer, fallbackId: string): Promise<TParsedMail> {
  const m = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const from = addresses(m.from)[0] ?? { address: "", name: "" };
  const refs = Array.isArray(m.references) ? m.references : m.references ? m.references.split(/\s+/) : [];
  const html = typeof m.html === "string" ? m.html : null;
  // Without a text/plain part mailparser derives text from HTML (tables glued together): use our own.
  const hasTextPart = /content-type:\s*text\/plain/i.test(raw.toString("latin1"));
  const text = (hasTextPart || !html ? (m.text ?? "").trim() : "") || (html ? htmlToText(html) : "");
  return {
    messageId: (m.messageId ?? "").trim() || `<${fallbackId}@pult.local>`,
    inReplyTo: m.inReplyTo?.trim() || null,
    references: refs.map((r) => r.trim()).filter(Boolean),
    fromAddress: from.address,
    fromName: from.name,
    to: addresses(m.to).map((a) => a.address),
    subject: m.subject ?? "",
    date: m.date ?? null,
    text,
    html,
    attachments: m.attachments.map((a) => ({
      filename: a.filename ?? "вложение",
      contentType: a.contentType,
      size: a.size,
      content: a.content,
    })),
  };
}

/** Removes scripts, event handlers and javascript: URLs; the UI also renders mail in a sandboxed iframe. */
export function sanitizeHtml(html: string): string {
  return html
    .replace(/<(script|iframe|object|embed|form|meta|link|base)\b[\s\S]*?(<\/\1\s*>|\/?>)/gi, "")
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, "")
    .replace(/(href|src)\s*=\s*("|')\s*(javascript|vbscript|data):[^"']*\2/gi, '$1="#"');
}
