import { describe, expect, it } from "vitest";
import { allowedMimeType, sanitizeFileName } from "./file-names";

describe("sanitizeFileName", () => {
  it("strips directories and path tricks", () => {
    expect(sanitizeFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("..\\..\\windows\\system.ini")).toBe("system.ini");
    expect(sanitizeFileName("/abs/path/полис.pdf")).toBe("полис.pdf");
    expect(sanitizeFileName("..")).toBeNull();
    expect(sanitizeFileName("../")).toBeNull();
    expect(sanitizeFileName(".hidden.pdf")).toBe("hidden.pdf");
  });

  it("removes control and reserved characters, keeps Cyrillic, bounds the length", () => {
    expect(sanitizeFileName("пас\u0000порт\n<1>.pdf")).toBe("паспорт1.pdf");
    const long = sanitizeFileName(`${"я".repeat(400)}.docx`)!;
    expect(long.length).toBeLessThanOrEqual(180);
    expect(long.endsWith(".docx")).toBe(true);
  });
});

describe("allowedMimeType", () => {
  it("allows documents and images, refuses executables and unknown types", () => {
    expect(allowedMimeType("полис.PDF")).toBe("application/pdf");
    expect(allowedMimeType("скан.jpeg")).toBe("image/jpeg");
    expect(allowedMimeType("virus.exe")).toBeNull();
    expect(allowedMimeType("page.html")).toBeNull();
    expect(allowedMimeType("script.pdf.js")).toBeNull();
    expect(allowedMimeType("noext")).toBeNull();
  });
});
