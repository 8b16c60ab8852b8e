import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";

export interface CapturedMailSummary {
  id: string;
  to: string;
  subject: string;
  date: string;
}

const ID = /^[0-9]+-[0-9]+-[0-9]+\.eml$/;

/** Newest first. Only for the development mail viewer; never used when SMTP is configured. */
export async function listCapturedMail(dir: string, limit = 100): Promise<CapturedMailSummary[]> {
  const files = (await readdir(dir).catch(() => [] as string[]))
    .filter((f) => ID.test(f))
    .sort()
    .reverse()
    .slice(0, limit);
  return Promise.all(
    files.map(async (id) => {
      const parsed = await simpleParser(await readFile(path.join(dir, id)));
      return {
        id,
        to: parsed.to ? (Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(", ") : parsed.to.text) : "",
        subject: parsed.subject ?? "",
        date: (parsed.date ?? new Date()).toISOString(),
      };
    }),
  );
}

export async function readCapturedMail(dir: string, id: string) {
  if (!ID.test(id)) return undefined;
  const raw = await readFile(path.join(dir, id)).catch(() => undefined);
  if (!raw) return undefined;
  const parsed = await simpleParser(raw);
  return {
    id,
    to: parsed.to ? (Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(", ") : parsed.to.text) : "",
    subject: parsed.subject ?? "",
    date: (parsed.date ?? new Date()).toISOString(),
    language: String(parsed.headers.get("content-language") ?? ""),
    text: parsed.text ?? "",
  };
}
